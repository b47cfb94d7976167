package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const hiddenMarker = "VERBORGEN"

// unzipText is the text of every member of a zip (an XLSX export).
func unzipText(body string) string {
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		return body
	}
	var b bytes.Buffer
	for _, f := range zr.File {
		if rc, err := f.Open(); err == nil {
			io.Copy(&b, io.LimitReader(rc, 16<<20))
			rc.Close()
		}
	}
	return b.String()
}

// TestRestrictedFindingDoesNotLeak: a finding visible only to the
// organisations involved (and the staff) shows nowhere to a participant or
// observer of another organisation: not on any list, board, overview,
// search, export (CSV, XLSX, Jira, handover, 9A), API answer or feed, not
// through its own pages or attachments, and not as a notification or in
// the unread count once it is restricted.
func TestRestrictedFindingDoesNotLeak(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		other, _ := e.srv.Hackathons.CreateOrganisation(ctx, "Andere BV", "xis")
		e.logFinding("loggingteam", url.Values{"title": {"Zichtbaar bij Vendor"}, "organisation_ids": {e.orgID("Vendor BV")}})
		// Public first: the participant comments and so watches it.
		page := e.logFinding("loggingteam", url.Values{"title": {hiddenMarker + " titel"}, "description": {hiddenMarker + " beschrijving"},
			"organisation_ids": {fmt.Sprint(other)}})
		fid := page[strings.LastIndexByte(page, '/')+1:]
		if st, b, _ := e.form("issue", page+"/visibility", url.Values{"visibility": {"all"}}); st != http.StatusSeeOther {
			t.Fatalf("public: %d %.300s", st, b)
		}
		if st, b, _ := e.form("deelnemer", page+"/comments", url.Values{"body": {"Zien wij ook"}}); st != http.StatusSeeOther {
			t.Fatalf("participant comments: %d %.300s", st, b)
		}
		if st, b, _ := e.form("triageteam", page+"/comments", url.Values{"body": {"Antwoord terwijl openbaar"}}); st != http.StatusSeeOther {
			t.Fatalf("answer: %d %.300s", st, b)
		}
		// Now restricted to those involved; the work on it goes on.
		if st, b, _ := e.form("issue", page+"/visibility", url.Values{"visibility": {"involved"}}); st != http.StatusSeeOther {
			t.Fatalf("restrict: %d %.300s", st, b)
		}
		ct, body := multipartBody(t, "log.json", `{"note":"`+hiddenMarker+` bijlage"}`)
		if st, b, _ := e.do("triageteam", "POST", page+"/attachments", ct, body); st != http.StatusSeeOther {
			t.Fatalf("attachment: %d %.300s", st, b)
		}
		aid := lastID(t, db, "SELECT MAX(id) FROM finding_attachments WHERE finding_id = ?", fid)
		for _, c := range []string{hiddenMarker + " opmerking", "Nog een"} {
			if st, b, _ := e.form("triageteam", page+"/comments", url.Values{"body": {c}}); st != http.StatusSeeOther {
				t.Fatalf("comment: %d %.300s", st, b)
			}
		}
		var ownNotes int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_notifications WHERE user_id = ? AND finding_id = ?", e.users["deelnemer"].ID, fid).Scan(&ownNotes)
		for _, subject := range []string{"deelnemer", "observer"} {
			probed := 0
			for _, rt := range e.srv.Routes() {
				if rt.Method != "GET" || !strings.Contains(rt.Pattern, "{hid}") || strings.HasSuffix(rt.Pattern, "/events") {
					continue
				}
				path := strings.NewReplacer("{hid}", fmt.Sprint(e.hid), "{fid}", fid, "{aid}", aid).Replace(rt.Pattern)
				if pathParam.MatchString(path) {
					continue
				}
				paths := []string{path}
				if strings.HasSuffix(path, "/findings") {
					paths = append(paths, path+"?q=titel", path+"?q=beschrijving", path+"?q="+fid, path+"?organisation="+fmt.Sprint(other))
				}
				for _, p := range paths {
					status, got, _ := e.do(subject, "GET", p, "", "")
					probed++
					if strings.Contains(rt.Pattern, "{fid}") && status != http.StatusNotFound {
						t.Errorf("%s GET %s: %d, want 404", subject, p, status)
					}
					if text := unzipText(got); strings.Contains(text, hiddenMarker) {
						i := strings.Index(text, hiddenMarker)
						t.Errorf("%s GET %s shows the restricted finding: …%s…", subject, p, text[max(0, i-150):min(len(text), i+60)])
					}
				}
			}
			if probed < 40 {
				t.Fatalf("only %d routes probed", probed)
			}
		}
		// The participant's unread count is that of the notifications they may see.
		_, b, _ := e.do("deelnemer", "GET", "/api/v1"+hk+"/notifications", "", "")
		var list struct {
			Unread int               `json:"unread"`
			Items  []json.RawMessage `json:"items"`
			Data   []json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(b), &list); err != nil {
			t.Fatalf("notifications: %v\n%s", err, b)
		}
		if ownNotes == 0 {
			t.Fatal("the participant got no notification while the finding was public")
		}
		if shown := len(list.Items) + len(list.Data); list.Unread > shown {
			t.Errorf("unread count %d counts notifications of a finding the participant may no longer see (%d shown, %d stored for it)\n%s",
				list.Unread, shown, ownNotes, b)
		}
	})
}
