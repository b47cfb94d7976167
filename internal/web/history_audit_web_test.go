package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var trailRowRE = regexp.MustCompile(`(?s)<tr><td class="nowrap">[^<]*</td><td>[^<]*</td><td>([^<]*)</td><td class="wrap">([^<]*)</td><td class="wrap">([^<]*)</td></tr>`)

// trailRows returns what/from/to of every row of the change history.
func trailRowsOf(body string) [][3]string {
	var out [][3]string
	for _, m := range trailRowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, [3]string{m[1], m[2], m[3]})
	}
	return out
}

func hasRow(rows [][3]string, want [3]string) bool {
	for _, r := range rows {
		if r == want {
			return true
		}
	}
	return false
}

// The change history of a finding shows organisation names and labels, not
// ids and codes, and follows a rename of the organisation.
func TestFindingHistoryShowsNamesAndLabels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Token verloopt"}, "severity": {"laag"}})
		if status, body, _ := e.form("triageteam", page+"/triage", url.Values{"severity": {"blokkerend"}, "actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatalf("triage: %d %s", status, body)
		}
		if status, body, _ := e.form("triageteam", page+"/followup", url.Values{"resolution_due": {"2027-03-05"}}); status != http.StatusSeeOther {
			t.Fatalf("follow-up: %d %s", status, body)
		}
		_, body, _ := e.do("triageteam", "GET", page, "", "")
		rows := trailRowsOf(body)
		for _, want := range [][3]string{
			{"Bevinding · actor", "—", "Vendor BV"},
			{"Bevinding · ernst", "Laag", "Blokkerend"},
			{"Bevinding · status", "Nieuw", "Toegewezen"},
			{"Bevinding · oplossingstermijn", "", "5 mrt 2027"},
		} {
			if !hasRow(rows, want) {
				t.Errorf("history lacks %q; rows %q", want, rows)
			}
		}
		if !strings.Contains(body, "Nog een bevinding loggen met dezelfde gegevens") {
			t.Error("log-like link text not improved")
		}
		if _, err := db.Exec(context.Background(), "UPDATE organisations SET name = ? WHERE id = ?", "Vendor Nieuw BV", e.orgID("Vendor BV")); err != nil {
			t.Fatal(err)
		}
		_, body, _ = e.do("triageteam", "GET", page, "", "")
		if rows := trailRowsOf(body); !hasRow(rows, [3]string{"Bevinding · actor", "—", "Vendor Nieuw BV"}) {
			t.Errorf("after rename the history shows %q", rows)
		}
		var stored string
		if err := db.QueryRow(context.Background(), "SELECT to_value FROM audit_log WHERE entity = 'finding' AND action = 'actor'").Scan(&stored); err != nil || stored != e.orgID("Vendor Nieuw BV") {
			t.Errorf("stored actor value %q, %v: want the id", stored, err)
		}
		_, body, _ = e.do("projectleider", "GET", fmt.Sprintf("/hackathons/%d/audit", e.hid), "", "")
		if rows := trailRowsOf(body); !hasRow(rows, [3]string{"Bevinding · actor", "—", "Vendor Nieuw BV"}) {
			t.Errorf("audit page shows %q", rows)
		}
	})
}

// The audit log pages 100 entries at a time, newest first, with links to
// older and newer pages, and filters by kind of object and object.
func TestAuditLogPagesAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		now := time.Now().UTC()
		for i := 0; i < 230; i++ {
			if _, err := db.Exec(ctx, "INSERT INTO audit_log (hackathon_id, at, entity, entity_id, action, from_value, to_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
				e.hid, now, "milestone", fmt.Sprint(1000+i%2), "note", "", fmt.Sprintf("n%03d", i)); err != nil {
				t.Fatal(err)
			}
		}
		base := fmt.Sprintf("/hackathons/%d/audit", e.hid)
		status, body, _ := e.do("projectleider", "GET", base, "", "")
		if status != http.StatusOK {
			t.Fatalf("audit: %d", status)
		}
		rows := trailRowsOf(body)
		if len(rows) != 100 || rows[0][2] != "n229" || rows[99][2] != "n130" {
			t.Fatalf("first page: %d rows, first %q", len(rows), rows[:1])
		}
		if strings.Contains(body, `id="audit-newer"`) {
			t.Error("newest page links to newer entries")
		}
		older := hrefOf(t, body, "audit-older")
		_, body, _ = e.do("projectleider", "GET", base+older, "", "")
		if rows := trailRowsOf(body); len(rows) != 100 || rows[0][2] != "n129" || rows[99][2] != "n030" {
			t.Fatalf("second page: %d rows %q", len(rows), rows[:1])
		}
		newer := hrefOf(t, body, "audit-newer")
		_, back, _ := e.do("projectleider", "GET", base+newer, "", "")
		if rows := trailRowsOf(back); len(rows) != 100 || rows[0][2] != "n229" {
			t.Fatalf("back to newer: %q", rows[:1])
		}
		_, body, _ = e.do("projectleider", "GET", base+hrefOf(t, body, "audit-older"), "", "")
		if rows := trailRowsOf(body); len(rows) < 30 || strings.Contains(body, `id="audit-older"`) {
			t.Fatalf("last page: %d rows, older link %v", len(rows), strings.Contains(body, `id="audit-older"`))
		}
		_, body, _ = e.do("projectleider", "GET", base+"?kind=milestone&object=1001", "", "")
		rows = trailRowsOf(body)
		if len(rows) != 100 || rows[0][2] != "n229" || rows[1][2] != "n227" {
			t.Fatalf("object filter: %d rows %q", len(rows), rows[:2])
		}
		if older := hrefOf(t, body, "audit-older"); !strings.Contains(older, "object=1001") || !strings.Contains(older, "kind=milestone") {
			t.Errorf("older link drops the filter: %s", older)
		}
		if status, _, _ := e.do("projectleider", "GET", base+"?before=x", "", ""); status != http.StatusBadRequest {
			t.Errorf("bad before: %d", status)
		}
	})
}

func hrefOf(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`href="([^"]*)"[^>]*id="` + id + `"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link #%s", id)
	}
	return html.UnescapeString(m[1])
}

// The overview counts follow the severity scale and the workflow, not the
// alphabet, on the list and on the live board.
func TestFindingCountsInDomainOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i, sev := range []string{"laag", "midden", "hoog", "blokkerend"} {
			e.logFinding("loggingteam", url.Values{"title": {"B" + sev}, "severity": {sev}, "chain_link": {[]string{"xis", "pgo", "dva", "afsprakenstelsel"}[i]}})
		}
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		for _, page := range []string{base, base + "/board"} {
			_, body, _ := e.do("projectleider", "GET", page, "", "")
			for _, order := range [][]string{
				{"blokkerend", "hoog", "midden", "laag"},
				{"nieuw", "in_triage", "toegewezen", "in_analyse", "opgelost", "geverifieerd"},
				{"pgo", "dva", "xis", "afsprakenstelsel"},
			} {
				last := -1
				for _, k := range order {
					i := strings.Index(body, `<tr data-key="`+k+`">`)
					if i < 0 || i < last {
						t.Errorf("%s: %q out of order %v (at %d after %d)", page, k, order, i, last)
					}
					last = i
				}
			}
		}
	})
}
