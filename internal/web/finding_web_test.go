package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// logFinding logs a finding as subject and returns its page path.
func (e *env) logFinding(subject string, v url.Values) string {
	e.t.Helper()
	status, body, hdr := e.form(subject, fmt.Sprintf("/hackathons/%d/findings", e.hid), v)
	if status != http.StatusSeeOther {
		e.t.Fatalf("log finding as %s: %d %s", subject, status, body)
	}
	return hdr.Get("Location")
}

func (e *env) orgID(name string) string {
	var id int64
	if err := e.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = ?", name).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprint(id)
}

func TestFindingLoggingAndIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		status, body, _ := e.do("loggingteam", "GET", base+"/new", "", "")
		if status != http.StatusOK || !strings.Contains(body, `name="idempotency_key"`) || !strings.Contains(body, "Vendor BV") {
			t.Fatalf("logging screen: %d", status)
		}
		status, body, _ = e.form("loggingteam", base, url.Values{"title": {""}, "idempotency_key": {"x1"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `class="field-error"`) {
			t.Fatalf("missing title: %d", status)
		}
		v := url.Values{"title": {"Token verloopt"}, "idempotency_key": {"key-123"}, "severity": {"hoog"}, "chain_link": {"dva"},
			"organisation_ids": {e.orgID("Vendor BV")}}
		first := e.logFinding("loggingteam", v)
		second := e.logFinding("loggingteam", v)
		if first != second || !strings.HasPrefix(first, base+"/") {
			t.Fatalf("repeat stored twice: %s vs %s", first, second)
		}
		_, body, _ = e.do("loggingteam", "GET", base, "", "")
		if strings.Count(body, "TEST-") != 1 || !strings.Contains(body, "TEST-1") {
			t.Fatalf("list after idempotent repeat:\n%s", body)
		}
		status, body, _ = e.do("loggingteam", "GET", base+"/new?like="+strings.TrimPrefix(first, base+"/"), "", "")
		if status != http.StatusOK || !strings.Contains(body, `value="dva" selected`) {
			t.Fatalf("log like previous did not copy the context: %d", status)
		}
		status, body, _ = e.do("loggingteam", "GET", base+"/handover.csv", "", "")
		if status != http.StatusOK || !strings.Contains(body, "TEST-1,Token verloopt") {
			t.Fatalf("handover csv: %d %s", status, body)
		}
	})
}

func TestFindingWorkflowConflictAndActor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Verkeerde status"}})
		status, body, _ := e.form("triageteam", page+"/status", url.Values{"status": {"geverifieerd"}})
		if status != http.StatusConflict || !strings.Contains(body, "in_triage") {
			t.Fatalf("workflow violation: %d, want 409 listing the allowed statuses", status)
		}
		// Not yet assigned: the actor may not follow it up.
		if status, _, _ := e.form("actor", page+"/status", url.Values{"status": {"in_analyse"}}); status != http.StatusForbidden && status != http.StatusNotFound {
			t.Fatalf("actor on unassigned finding: %d", status)
		}
		if status, body, _ := e.form("triageteam", page+"/triage", url.Values{"severity": {"blokkerend"}, "actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatalf("triage: %d %s", status, body)
		}
		if status, _, _ := e.form("actor", page+"/status", url.Values{"status": {"in_analyse"}}); status != http.StatusSeeOther {
			t.Fatalf("actor to in_analyse: %d", status)
		}
		status, body, _ = e.form("actor", page+"/followup", url.Values{"tracker_url": {"javascript:alert(1)"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "http(s)") {
			t.Fatalf("javascript tracker url: %d", status)
		}
		if status, _, _ := e.form("actor", page+"/followup", url.Values{"tracker_key": {"VND-9"}, "tracker_url": {"https://vendor.example/VND-9"}, "resolution_due": {"2020-01-01"}}); status != http.StatusSeeOther {
			t.Fatalf("follow-up: %d", status)
		}
		if status, _, _ := e.form("actor", page+"/status", url.Values{"status": {"geverifieerd"}}); status != http.StatusConflict {
			t.Fatalf("actor verifying: %d, want 409", status)
		}
		_, body, _ = e.do("actor", "GET", page, "", "")
		if !strings.Contains(body, "VND-9") || !strings.Contains(body, "In analyse") {
			t.Fatalf("finding page after follow-up:\n%s", body)
		}
	})
}

func TestFindingVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		other, _ := e.srv.Hackathons.CreateOrganisation(context.Background(), "Andere BV", "xis")
		mine := e.logFinding("loggingteam", url.Values{"title": {"Bij Vendor"}, "organisation_ids": {e.orgID("Vendor BV")}})
		theirs := e.logFinding("loggingteam", url.Values{"title": {"Bij Andere"}, "organisation_ids": {fmt.Sprint(other)}})
		for _, tc := range []struct {
			subject, page string
			want          int
		}{
			{"deelnemer", mine, 200}, {"deelnemer", theirs, 404}, {"observer", theirs, 404},
			{"triageteam", theirs, 200}, {"issue", theirs, 200}, {"admin", theirs, 200},
		} {
			if status, _, _ := e.do(tc.subject, "GET", tc.page, "", ""); status != tc.want {
				t.Errorf("%s GET %s: %d, want %d", tc.subject, tc.page, status, tc.want)
			}
		}
		_, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("/hackathons/%d/findings", e.hid), "", "")
		if strings.Contains(body, "Bij Andere") || !strings.Contains(body, "Bij Vendor") {
			t.Errorf("deelnemer list shows the wrong findings")
		}
		if status, _, _ := e.form("issue", theirs+"/visibility", url.Values{"visibility": {"all"}}); status != http.StatusSeeOther {
			t.Fatalf("issue coordinator sets visibility: %d", status)
		}
		if status, _, _ := e.do("deelnemer", "GET", theirs, "", ""); status != 200 {
			t.Errorf("public finding hidden from deelnemer: %d", status)
		}
	})
}

func TestFindingXSS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		payloads := []string{`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[x](javascript:alert(1))`,
			`<svg onload=alert(1)>`, `"><script>alert(1)</script>`, `<a href="javascript:alert(1)">x</a>`}
		for _, p := range payloads {
			page := e.logFinding("loggingteam", url.Values{"title": {p}, "description": {p}, "reported_by": {p}})
			e.form("triageteam", page+"/comments", url.Values{"body": {p}})
			_, body, _ := e.do("triageteam", "GET", page, "", "")
			if bad := liveMarkup(body); bad != "" {
				t.Errorf("payload %q is live on the finding page: %s", p, bad)
			}
		}
	})
}

// liveMarkup returns the first element or attribute in page that could run
// script: event handlers, javascript: URLs, inline scripts, svg and iframes.
func liveMarkup(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "svg", "iframe", "object", "embed":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || a.Key == "style" {
					return tok.String()
				}
				if tok.Data == "script" && (a.Key != "src" || !strings.HasPrefix(v, "/static/")) {
					return tok.String()
				}
			}
			if tok.Data == "script" && len(tok.Attr) == 0 {
				return "inline <script>"
			}
		}
	}
}

func TestLiveMarkupDetects(t *testing.T) {
	for _, page := range []string{`<img src=x onerror=alert(1)>`, `<a href=" JavaScript:alert(1)">x</a>`, `<script>alert(1)</script>`, `<svg></svg>`} {
		if liveMarkup(page) == "" {
			t.Errorf("liveMarkup missed %q", page)
		}
	}
	if bad := liveMarkup(`<p>&lt;img src=x onerror=alert(1)&gt;</p><script src="/static/print.js"></script>`); bad != "" {
		t.Errorf("escaped text flagged: %s", bad)
	}
}

func multipartBody(t *testing.T, name, content string) (string, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func TestFindingAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Met bijlage"}})
		ct, body := multipartBody(t, "bundle.json", `{"resourceType":"Bundle"}`)
		if status, b, _ := e.do("loggingteam", "POST", page+"/attachments", ct, body); status != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", status, b)
		}
		ct, body = multipartBody(t, "page.html", `<script>alert(1)</script>`)
		if status, b, _ := e.do("loggingteam", "POST", page+"/attachments", ct, body); status != http.StatusUnprocessableEntity || !strings.Contains(b, ".json") {
			t.Fatalf("disallowed type: %d", status)
		}
		// 2 MiB is over the 1 MiB form limit but within the 20 MB upload limit.
		ct, body = multipartBody(t, "big.log", strings.Repeat("x", 2<<20))
		if status, b, _ := e.do("loggingteam", "POST", page+"/attachments", ct, body); status != http.StatusSeeOther {
			t.Fatalf("2 MiB upload: %d %.300s", status, b)
		}
		ct, body = multipartBody(t, "huge.log", strings.Repeat("x", 21<<20))
		if status, b, _ := e.do("loggingteam", "POST", page+"/attachments", ct, body); status != http.StatusUnprocessableEntity || !strings.Contains(b, "limit is 20 MB") {
			t.Fatalf("too large: %d", status)
		}
		_, b, _ := e.do("loggingteam", "GET", page, "", "")
		i := strings.Index(b, page+"/attachments/")
		if i < 0 {
			t.Fatal("attachment not listed")
		}
		link := b[i : i+strings.IndexByte(b[i:], '"')]
		status, content, hdr := e.do("loggingteam", "GET", link, "", "")
		if status != 200 || content != `{"resourceType":"Bundle"}` || !strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %q %v", status, content, hdr)
		}
		// Someone who may not see the finding cannot fetch its attachment.
		if status, _, _ := e.do("deelnemer", "GET", link, "", ""); status != http.StatusNotFound {
			t.Fatalf("hidden attachment as deelnemer: %d", status)
		}
	})
}

func TestFindingConfigAndTriage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		cfg := fmt.Sprintf("/hackathons/%d/findings/config", e.hid)
		if status, b, _ := e.form("issue", cfg+"/options", url.Values{"category": {"Autorisatie\nToken\n\nToken"}, "label": {"Epic BgZ"}}); status != http.StatusSeeOther {
			t.Fatalf("options: %d %s", status, b)
		}
		if status, _, _ := e.form("issue", cfg+"/actors", url.Values{"organisation_id": {e.orgID("Vendor BV")}, "responsible_id": {fmt.Sprint(e.users["actor"].ID)}}); status != http.StatusSeeOther {
			t.Fatalf("actor: %d", status)
		}
		if status, b, _ := e.do("issue", "GET", cfg, "", ""); status != 200 || !strings.Contains(b, "Autorisatie\nToken</textarea>") || !strings.Contains(b, "User actor") {
			t.Fatalf("config page: %d\n%s", status, b)
		}
		page := e.logFinding("loggingteam", url.Values{"title": {"Te triageren"}})
		status, b, _ := e.form("triageteam", page+"/triage", url.Values{"category": {"Onbekend"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(b, "Autorisatie, Token") {
			t.Fatalf("unknown category: %d", status)
		}
		if status, _, _ := e.form("triageteam", page+"/triage", url.Values{"labels_present": {"1"}, "labels": {"Nope"}}); status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown label: %d", status)
		}
		if status, _, _ := e.form("triageteam", page+"/triage", url.Values{"category": {"Token"}, "labels_present": {"1"}, "labels": {"Epic BgZ"},
			"actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatalf("triage: %d", status)
		}
		_, b, _ = e.do("triageteam", "GET", page, "", "")
		if !strings.Contains(b, "Vendor BV (Verantwoordelijke: User actor)") || !strings.Contains(b, "Toegewezen") || !strings.Contains(b, `<option value="Epic BgZ" selected>`) {
			t.Fatalf("triaged finding page:\n%s", b)
		}
		_, b, _ = e.do("triageteam", "GET", fmt.Sprintf("/hackathons/%d/findings?unassigned=1", e.hid), "", "")
		if strings.Contains(b, "Te triageren") {
			t.Fatal("assigned finding in the unassigned view")
		}
	})
}

func TestFindingMergeKeepsHistories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		orig := e.logFinding("loggingteam", url.Values{"title": {"Origineel"}})
		dup := e.logFinding("loggingteam", url.Values{"title": {"Dubbel"}, "organisation_ids": {e.orgID("Vendor BV")}})
		if status, _, _ := e.form("loggingteam", dup+"/comments", url.Values{"body": {"opmerking bij dubbel"}}); status != http.StatusSeeOther {
			t.Fatalf("comment: %d", status)
		}
		origID := orig[strings.LastIndexByte(orig, '/')+1:]
		if status, b, _ := e.form("triageteam", dup+"/merge", url.Values{"into": {origID}}); status != http.StatusSeeOther {
			t.Fatalf("merge: %d %s", status, b)
		}
		_, b, _ := e.do("triageteam", "GET", dup, "", "")
		if !strings.Contains(b, "Duplicaat") || !strings.Contains(b, "opmerking bij dubbel") || !strings.Contains(b, "samengevoegd met") {
			t.Fatalf("duplicate lost its history:\n%s", b)
		}
		_, b, _ = e.do("triageteam", "GET", orig, "", "")
		if !strings.Contains(b, "duplicaat samengevoegd") || !strings.Contains(b, "Vendor BV") {
			t.Fatalf("original does not record the merge:\n%s", b)
		}
		// The merged finding involves Vendor BV now, so its deelnemer sees it.
		if status, _, _ := e.do("deelnemer", "GET", orig, "", ""); status != 200 {
			t.Errorf("deelnemer of the merged organisation: %d", status)
		}
		// Merging a duplicate again is a conflict.
		if status, _, _ := e.form("triageteam", dup+"/merge", url.Values{"into": {origID}}); status != http.StatusConflict {
			t.Errorf("second merge: %d, want 409", status)
		}
	})
}
