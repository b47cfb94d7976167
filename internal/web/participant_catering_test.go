package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestCateringDownloads: the event planner downloads the attendance list
// of one event (kick-off or a hackathon day) as CSV and XLSX next to the
// catering summary; cells a spreadsheet would run stay text.
func TestCateringDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm, ep := string(blueprint.RoleRelatiemanager), string(blueprint.RoleEventplanner)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		_, _, hdr := e.form(rm, hk+"/organisations", url.Values{"name": {"Zorg Oost"}, "chain_role": {"zorgaanbieder"}})
		m := idInLocation.FindStringSubmatch(hdr.Get("Location"))
		if m == nil {
			t.Fatalf("add organisation: %v", hdr)
		}
		org := hk + "/organisations/" + m[1]
		for _, p := range []url.Values{
			{"name": {"Vera Visser"}, "email": {"vera@zorg.example"}, "attend_kickoff": {"1"}, "attend_day": {"1"}, "dietary": {"Vegetarisch"}},
			{"name": {"Anton Aal"}, "email": {"anton@zorg.example"}, "attend_day": {"1"}, "dietary": {"=HYPERLINK(\"x\")"}},
			{"name": {"Kees Kick"}, "email": {"kees@zorg.example"}, "attend_kickoff": {"1"}},
		} {
			if status, body, _ := e.form(rm, org+"/people", p); status != http.StatusSeeOther {
				t.Fatalf("add %s: %d %s", p.Get("name"), status, body)
			}
		}
		if _, body, _ := e.do(ep, "GET", hk+"/catering", "", ""); !strings.Contains(body, hk+"/catering.csv?day=1") || !strings.Contains(body, hk+"/catering.xlsx?day=0") {
			t.Fatalf("catering page lacks the downloads:\n%s", body)
		}
		status, body, hdr := e.do(ep, "GET", hk+"/catering.csv?day=1", "", "")
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "catering-") {
			t.Fatalf("csv day 1: %d %v", status, hdr)
		}
		lines := strings.Split(strings.TrimPrefix(body, "\xef\xbb\xbf"), "\n")
		if len(lines) < 3 || !strings.HasPrefix(lines[1], "Dag 1,2027-02-10,Anton Aal,Zorg Oost,zorgaanbieder") ||
			!strings.Contains(lines[1], `'=HYPERLINK`) || !strings.HasPrefix(lines[2], "Dag 1,2027-02-10,Vera Visser,") {
			t.Fatalf("csv day 1:\n%s", body)
		}
		if strings.Contains(body, "Kees Kick") || !strings.Contains(body, "Aanwezig,2") || !strings.Contains(body, "Dieetwens,1,,,,,Vegetarisch") {
			t.Fatalf("csv day 1 rows or totals:\n%s", body)
		}
		// Without a day: every event, kick-off first.
		status, body, _ = e.do(ep, "GET", hk+"/catering.csv", "", "")
		if status != http.StatusOK || !strings.Contains(body, "Kick-off,2027-01-10,Kees Kick") || !strings.Contains(body, "Dag 1,2027-02-10,Anton Aal") ||
			strings.Index(body, "Kick-off") > strings.Index(body, "Dag 1") {
			t.Fatalf("csv of every event: %d\n%s", status, body)
		}
		status, body, _ = e.do(ep, "GET", hk+"/catering.xlsx?day=0", "", "")
		if status != http.StatusOK {
			t.Fatalf("xlsx kick-off: %d", status)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) < 3 || rows[1][2] != "Kees Kick" || rows[2][2] != "Vera Visser" || rows[0][8] != "Dieetwensen" {
			t.Fatalf("xlsx kick-off rows %q %v", rows, err)
		}
		for _, c := range []struct {
			path   string
			status int
		}{{"/catering.csv?day=-1", 400}, {"/catering.csv?day=x", 400}, {"/catering.csv?day=9", 404}} {
			if status, _, _ := e.do(ep, "GET", hk+c.path, "", ""); status != c.status {
				t.Errorf("%s: %d, want %d", c.path, status, c.status)
			}
		}
		if status, _, _ := e.do("deelnemer", "GET", hk+"/catering.csv?day=1", "", ""); status != http.StatusForbidden {
			t.Fatalf("participant downloads the attendance list: %d", status)
		}
	})
}
