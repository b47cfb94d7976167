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

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestImportPreviewThenConfirm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm := string(blueprint.RoleRelatiemanager)
		path := fmt.Sprintf("/hackathons/%d/participants/import", e.hid)
		csv := "Naam,E-mail,Organisatie,Rol\nAn,an@example.org,Zorg Noord,Zorgaanbieder\nBram,kapot,Zorg Zuid,zorgaanbieder\nCor,cor@example.org,PGO X,PGO-leverancier\n"
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "forms.csv")
		fw.Write([]byte(csv))
		mw.WriteField("action", "preview")
		mw.Close()
		status, body, _ := e.do(rm, "POST", path, mw.FormDataContentType(), buf.String())
		if status != http.StatusOK || !strings.Contains(body, "2 van 3 regels") || !strings.Contains(body, "<td>3</td><td>Bram</td>") {
			t.Fatalf("preview: %d\n%s", status, body)
		}
		var n int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 0 {
			t.Fatal("preview stored rows")
		}
		status, _, _ = e.form(rm, path, url.Values{"csv": {csv}, "action": {"confirm"}})
		if status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", status)
		}
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").Scan(&n)
		if n != 2 {
			t.Fatalf("%d stored, want 2", n)
		}
		if status, body, _ := e.form(rm, path, url.Values{"csv": {""}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "empty") {
			t.Fatalf("empty: %d", status)
		}
	})
}

func TestParticipantListExport(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	rm := string(blueprint.RoleRelatiemanager)
	for _, ext := range []string{"csv", "xlsx"} {
		status, body, hdr := e.do(rm, "GET", fmt.Sprintf("/hackathons/%d/participants.%s", e.hid, ext), "", "")
		if status != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "deelnemers-") || len(body) == 0 {
			t.Fatalf("%s: %d %v", ext, status, hdr)
		}
	}
	if status, _, _ := e.do("observer", "GET", fmt.Sprintf("/hackathons/%d/participants.csv", e.hid), "", ""); status != http.StatusForbidden {
		t.Fatalf("observer export: %d", status)
	}
}

func TestMessageToAudience(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm, ce := string(blueprint.RoleRelatiemanager), string(blueprint.RoleCommunicatieExpert)
		csv := "Naam,E-mail,Organisatie,Rol\nAn,an@example.org,Zorg Noord,zorgaanbieder\nCor,cor@example.org,PGO X,pgo\n"
		if status, _, _ := e.form(rm, fmt.Sprintf("/hackathons/%d/participants/import", e.hid), url.Values{"csv": {csv}, "action": {"confirm"}}); status != http.StatusSeeOther {
			t.Fatalf("import: %d", status)
		}
		path := fmt.Sprintf("/hackathons/%d/outbox", e.hid)
		status, body, _ := e.form(ce, path, url.Values{"subject": {"Hoi"}, "body": {"Beste {naam}"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "naam") {
			t.Fatalf("unknown merge field: %d", status)
		}
		status, _, _ = e.form(ce, path, url.Values{"subject": {"Programma {hackathon}"}, "body": {"Beste {name} van {organisation}"}, "role": {"pgo"}, "invite": {"1"}})
		if status != http.StatusSeeOther {
			t.Fatalf("queue: %d", status)
		}
		var to, subject, msgBody, ics string
		if err := db.QueryRow(context.Background(), "SELECT recipient, subject, body, ics FROM outbox").Scan(&to, &subject, &msgBody, &ics); err != nil {
			t.Fatal(err) // exactly one row: only the PGO matches
		}
		if to != "cor@example.org" || subject != "Programma Testhackathon" || msgBody != "Beste Cor van PGO X" || !strings.Contains(ics, "BEGIN:VEVENT") {
			t.Fatalf("queued %q %q %q", to, subject, msgBody)
		}
		if status, body, _ := e.do(ce, "GET", path, "", ""); status != http.StatusOK || !strings.Contains(body, "cor@example.org") || !strings.Contains(body, "In de wachtrij") {
			t.Fatalf("outbox page: %d", status)
		}
	})
}
