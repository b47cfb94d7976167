package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTrainingPages: the manual lists the severities with their
// definitions; a non-http link, a bad date and an unknown role are refused
// with a Dutch message naming the field and nothing saved; 4F turns done
// only once every project role attended a session.
func TestTrainingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/training", e.hid)
		lead := string(blueprint.RoleProjectleider)
		st, body, _ := e.do("deelnemer", "GET", base, "", "")
		if st != http.StatusOK || !strings.Contains(body, "Blokkerend") || !strings.Contains(body, "De uitwisseling lukt niet") || !strings.Contains(body, `id="training-opt-category"`) {
			t.Fatalf("manual for a participant: %d", st)
		}
		st, body, _ = e.form(lead, base+"/links", url.Values{"title": {"Opname"}, "url": {"javascript:alert(1)"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "geef een link die begint met http:// of https://") {
			t.Fatalf("bad link: %d", st)
		}
		if st, _, _ := e.form(lead, base+"/links", url.Values{"title": {"Opname training"}, "url": {"https://video.example.org/t1"}}); st != http.StatusSeeOther {
			t.Fatalf("link: %d", st)
		}
		if _, body, _ := e.do("deelnemer", "GET", base, "", ""); !strings.Contains(body, `href="https://video.example.org/t1"`) || strings.Contains(body, "javascript:") {
			t.Errorf("links on the page")
		}
		st, body, _ = e.form(lead, base+"/sessions", url.Values{"date": {"10-01-2027"}, "topic": {"Loggen"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "geef een datum als JJJJ-MM-DD") {
			t.Fatalf("bad date: %d", st)
		}
		if st, _, _ := e.form(lead, base+"/sessions", url.Values{"date": {"2027-01-05"}, "topic": {"Loggen en triëren"}}); st != http.StatusSeeOther {
			t.Fatalf("session: %d", st)
		}
		var sid int64
		if err := db.QueryRow(ctx, "SELECT id FROM training_sessions WHERE hackathon_id = ?", e.hid).Scan(&sid); err != nil {
			t.Fatal(err)
		}
		att := fmt.Sprintf("%s/sessions/%d/attendance", base, sid)
		roles := blueprint.ProjectRoles()
		var some []string
		for _, r := range roles[:len(roles)-1] {
			some = append(some, string(r))
		}
		st, body, _ = e.form(lead, att, url.Values{"role": append(append([]string{}, some...), "deelnemer")})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "kies rollen uit het projectteam") {
			t.Fatalf("unknown role: %d", st)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM training_attendance").Scan(&n)
		if n != 0 {
			t.Errorf("%d attendance rows after a refused save", n)
		}
		status4F := func() hackathon.Status {
			ms, err := e.srv.Hackathons.Milestones(ctx, e.hid)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Code == "4F" {
					return m.Status
				}
			}
			t.Fatal("no 4F")
			return ""
		}
		if st, _, _ := e.form(lead, att, url.Values{"role": some}); st != http.StatusSeeOther {
			t.Fatalf("attendance: %d", st)
		}
		if s := status4F(); s == hackathon.StatusKlaar {
			t.Errorf("4F done with one role untrained")
		}
		if st, _, _ := e.form(lead, att, url.Values{"role": append(some, string(roles[len(roles)-1]))}); st != http.StatusSeeOther {
			t.Fatalf("attendance: %d", st)
		}
		if s := status4F(); s == hackathon.StatusKlaar {
			t.Errorf("4F done before the client's go on the start note")
		}
		if _, err := e.srv.Hackathons.RecordDecision(ctx, e.hid, hackathon.DecisionInput{Outcome: "go", Reason: "Startnotitie akkoord", DecidedOn: date.New(2026, 11, 20)}, e.users[lead].ID); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := e.form(lead, att, url.Values{"role": append(some, string(roles[len(roles)-1]))}); st != http.StatusSeeOther {
			t.Fatalf("attendance: %d", st)
		}
		if s := status4F(); s != hackathon.StatusKlaar {
			t.Errorf("4F = %s after every role attended and the go", s)
		}
		if _, body, _ := e.do("deelnemer", "GET", base, "", ""); !strings.Contains(body, "Het hele projectteam is getraind") {
			t.Errorf("page does not say the team is trained")
		}
	})
}
