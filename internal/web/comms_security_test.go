package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var templateIDIn = regexp.MustCompile(`/comms/templates/(\d+)`)

// TestMergedSubjectWithLineBreak: a name with a line break (a quoted CSV
// or XLSX cell, or a hand-made POST) merged into a subject must neither
// inject a mail header nor make the whole send fail for every recipient.
func TestMergedSubjectWithLineBreak(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		rm := string(blueprint.RoleRelatiemanager)
		csv := "Naam,E-mail,Organisatie,Rol\n\"An\r\nBcc: evil@example.org\",an@example.org,\"Zorg\nNoord\",zorgaanbieder\nBert,bert@example.org,Zorg Zuid,zorgaanbieder\n"
		if status, body, _ := e.form(rm, hk+"/participants/import", url.Values{"csv": {csv}, "action": {"confirm"}}); status != http.StatusSeeOther {
			t.Fatalf("import: %d %.400s", status, body)
		}
		status, body, hdr := e.form("communicatie", hk+"/comms/templates", url.Values{"name": {"Oproep"}, "subject": {"Hoi {{naam}} van {{organisatie}}"},
			"body": {"Beste {{naam}}"}, "language": {"nl"}, "format": {"markdown"}})
		m := templateIDIn.FindStringSubmatch(hdr.Get("Location"))
		if status != http.StatusSeeOther || m == nil {
			t.Fatalf("template: %d %.300s", status, body)
		}
		status, body, _ = e.form("communicatie", hk+"/comms/templates/"+m[1]+"/send", url.Values{"audience_role": {"zorgaanbieder"}})
		if status != http.StatusSeeOther {
			t.Fatalf("send to an audience with a line break in a name: %d %.600s", status, body)
		}
		rows, err := db.Query(ctx, "SELECT recipient, subject FROM outbox WHERE subject LIKE 'Hoi %'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var to, subject string
			if err := rows.Scan(&to, &subject); err != nil {
				t.Fatal(err)
			}
			n++
			if strings.ContainsAny(subject, "\r\n") {
				t.Errorf("subject to %s has a line break: %q", to, subject)
			}
		}
		if n != 2 {
			t.Fatalf("%d messages queued, want 2", n)
		}
	})
}
