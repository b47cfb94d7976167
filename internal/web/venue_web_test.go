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
	"github.com/ketentest/ketentest/internal/venue"
)

// TestVenuePages: a bad room line or Wi-Fi figure is refused with a Dutch
// message naming the field and nothing saved; a venue with rooms marks 2R
// done; the checklist marks 2S done once every item is arranged; the page
// shows the catering count of the confirmed registrations.
func TestVenuePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		lead := string(blueprint.RoleProjectleider)
		if _, err := e.srv.Hackathons.RecordDecision(ctx, e.hid, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, e.users[lead].ID); err != nil {
			t.Fatal(err)
		}
		e.addRegistration("Jan Jansen", "jan@zorg.example", "zorgaanbieder", "confirmed")
		if _, err := db.Exec(ctx, "UPDATE registrations SET attend_kickoff = ?, dietary = ? WHERE hackathon_id = ?", true, "Vegetarisch", e.hid); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/hackathons/%d/venue", e.hid)
		status := func(code string) hackathon.Status {
			ms, err := e.srv.Hackathons.Milestones(ctx, e.hid)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Code == code {
					return m.Status
				}
			}
			t.Fatalf("no %s", code)
			return ""
		}
		good := url.Values{"address": {"Oudlaan 4, Utrecht"}, "rooms": {"Zaal A: 40\nZaal B: 12"}, "wifi": {"150"}, "parking": {"P+R"}, "route": {"Vanaf station 5 minuten lopen"}}
		bad := url.Values{}
		for k, v := range good {
			bad[k] = v
		}
		bad["rooms"] = []string{"Zaal A veertig"}
		st, body, _ := e.form(lead, base, bad)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "geef één zaal per regel als naam: capaciteit") {
			t.Fatalf("bad rooms: %d", st)
		}
		bad["rooms"], bad["wifi"] = good["rooms"], []string{"-3"}
		st, body, _ = e.form(lead, base, bad)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "geef het aantal apparaten dat de wifi aankan") {
			t.Fatalf("bad wifi: %d", st)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM venues").Scan(&n)
		if n != 0 || status("2R") == hackathon.StatusKlaar {
			t.Fatalf("refused save left %d venues / 2R done", n)
		}
		if st, _, _ := e.form(lead, base, good); st != http.StatusSeeOther {
			t.Fatalf("save: %d", st)
		}
		if s := status("2R"); s != hackathon.StatusKlaar {
			t.Errorf("2R = %s after a venue with rooms", s)
		}
		for i, k := range venue.Items {
			if st, _, _ := e.form(lead, base+"/items/"+k, url.Values{"owner": {"Eventplanner"}, "status": {"done"}}); st != http.StatusSeeOther {
				t.Fatalf("item %s: %d", k, st)
			}
			if s := status("2S"); (s == hackathon.StatusKlaar) != (i == len(venue.Items)-1) {
				t.Errorf("2S = %s after %d of %d items", s, i+1, len(venue.Items))
			}
		}
		if st, body, _ := e.form(lead, base+"/items/power", url.Values{"status": {"klaar"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "kies open, bezig of geregeld") {
			t.Errorf("bad status: %d", st)
		}
		st, body, _ = e.do("deelnemer", "GET", base, "", "")
		if st != http.StatusOK || !strings.Contains(body, "Zaal A: 40 personen") || !strings.Contains(body, "Oudlaan 4, Utrecht") || !strings.Contains(body, "<td>1</td><td>Vegetarisch (1)</td>") || strings.Contains(body, `id="venue-form"`) {
			t.Errorf("venue page for a participant: %d", st)
		}
	})
}
