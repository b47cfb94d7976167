package web_test

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/orgsandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTwiinChecksAndFinding: the participant page evaluates the checks
// per role on the participant's recorded exchanges; a failed check names
// its exchange and links to a finding prefilled with it.
func TestTwiinChecksAndFinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		org, _ := strconv.ParseInt(e.orgID("Vendor BV"), 10, 64)
		ura := orgsandbox.TestURA(org)
		now := time.Now().UTC()
		for _, x := range []struct {
			role, path string
			status     int
			note       string
		}{
			{"sender", "https://ehr.example.nl/notify/Task", 201, ""},
			{"holder", "/fhir/Condition", 200, ""},
			{"holder", "/fhir/Observation?code=123", 403, "buiten de autorisatiebasis"},
		} {
			if _, err := db.Exec(t.Context(), `INSERT INTO twiin_exchanges (hackathon_id, role, at, method, path, status, peer_subject, peer_ura, token_ura, note)
				VALUES (?, ?, ?, 'GET', ?, ?, 'CN=TEST Vendor BV', ?, ?, ?)`, e.hid, x.role, now, x.path, x.status, ura, ura, x.note); err != nil {
				t.Fatal(err)
			}
		}
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		_, body, _ := e.do("deelnemer", "GET", page, "", "")
		i := strings.Index(body, `id="twiin-checks"`)
		if i < 0 {
			t.Fatal("no checks on the participant page")
		}
		list := body[i:]
		list = list[:strings.Index(list, "</ul>")]
		item := func(id string) string {
			j := strings.Index(list, `data-check="`+id+`"`)
			if j < 0 {
				t.Fatalf("check %s not shown", id)
			}
			s := list[j:]
			return s[:strings.Index(s, "</li>")]
		}
		if s := item("receiver_task_accepted"); !strings.Contains(s, "✓") || strings.Contains(s, "findings/new") {
			t.Fatalf("passing check: %s", s)
		}
		if s := item("sender_pull_round"); !strings.Contains(s, "nog niet uitgevoerd") {
			t.Fatalf("open check: %s", s)
		}
		s := item("receiver_pulls")
		if !strings.Contains(s, "✗") || !strings.Contains(s, "/fhir/Observation?code=123") || !strings.Contains(s, "buiten de autorisatiebasis") {
			t.Fatalf("failed check: %s", s)
		}
		k := strings.Index(s, `href="`)
		if k < 0 {
			t.Fatalf("no finding link: %s", s)
		}
		link := html.UnescapeString(s[k+6 : k+6+strings.Index(s[k+6:], `"`)])
		if !strings.HasPrefix(link, fmt.Sprintf("/hackathons/%d/findings/new?", e.hid)) {
			t.Fatalf("link %s", link)
		}
		status, form, _ := e.do("deelnemer", "GET", link, "", "")
		if status != http.StatusOK || !strings.Contains(form, "Twiin: Je haalt alleen op") || !strings.Contains(form, "/fhir/Observation?code=123 → 403") {
			t.Fatalf("prefilled finding form: %d", status)
		}

		// The projectathon matrix shows the pair ketentest ↔ the
		// organisation with the layers its exchanges passed.
		if !strings.Contains(body, `id="twiin-matrix-link"`) {
			t.Fatal("no link to the matrix")
		}
		status, mx, _ := e.do("deelnemer", "GET", page+"/twiin/matrix", "", "")
		j := strings.Index(mx, `data-pair="`+orgsandbox.SandboxURA+"-"+ura+`"`)
		if status != http.StatusOK || j < 0 {
			t.Fatalf("matrix %d without the pair", status)
		}
		row := mx[j:]
		row = row[:strings.Index(row, "</tr>")]
		if n := strings.Count(row, "✓"); n != 5 {
			t.Fatalf("pair passes %d layers, want 5: %s", n, row)
		}
		if status, _, _ := e.do("anonymous", "GET", page+"/twiin/matrix", "", ""); status == http.StatusOK {
			t.Fatal("anonymous sees the matrix")
		}
	})
}
