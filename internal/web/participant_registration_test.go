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
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var confirmRe = regexp.MustCompile(`/register/(confirm|cancel)/([0-9a-f]{48})`)

// TestPublicRegistration drives the public form, the double opt-in by the
// e-mailed link (through a real SMTP conversation) and the waiting list.
func TestPublicRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		lead := string(blueprint.RoleProjectleider)
		srv := commstest.Start(t)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		worker := comms.NewWorker(outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		deliver := func() {
			for {
				worked, err := worker.Runner.RunOnce(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !worked {
					return
				}
			}
		}
		links := func(to string) map[string]string {
			out := map[string]string{}
			for _, m := range srv.Messages() {
				if m.To[0] == to {
					for _, l := range confirmRe.FindAllStringSubmatch(strings.ReplaceAll(string(m.Body), "=\r\n", ""), -1) {
						out[l[1]] = l[0]
					}
				}
			}
			return out
		}
		reg := fmt.Sprintf("/register/%d", e.hid)

		status, body, _ := e.do("anonymous", "GET", reg, "", "")
		if status != http.StatusOK || !strings.Contains(body, "gesloten") {
			t.Fatalf("closed form: %d", status)
		}
		status, _, hdr := e.form(lead, fmt.Sprintf("/hackathons/%d/participants/settings", e.hid), url.Values{
			"open": {"1"}, "privacy_text": {"We bewaren je gegevens tot na de hackathon."}, "capacity_pgo": {"1"}})
		if status != http.StatusSeeOther || hdr.Get("Location") != fmt.Sprintf("/hackathons/%d/participants", e.hid) {
			t.Fatalf("settings: %d %v", status, hdr)
		}
		status, body, _ = e.do("anonymous", "GET", reg, "", "")
		if status != http.StatusOK || !strings.Contains(body, `name="consent"`) || !strings.Contains(body, `name="website"`) {
			t.Fatalf("open form: %d", status)
		}
		person := func(email string) url.Values {
			return url.Values{"name": {"Piet"}, "email": {email}, "organisation": {"Vendor BV"}, "chain_role": {"pgo"},
				"attend_kickoff": {"1"}, "attend_day": {"1"}, "dietary": {"vegetarisch"}, "consent": {"1"}}
		}
		// A bot fills in the honeypot: told the usual, nothing stored.
		bot := person("bot@example.org")
		bot.Set("website", "http://spam.example")
		if status, body, _ := e.form("anonymous", reg, bot); status != http.StatusOK || !strings.Contains(body, "e-mail gestuurd") {
			t.Fatalf("honeypot: %d", status)
		}
		if status, body, _ := e.form("anonymous", reg, person("a@example.org")); status != http.StatusOK || !strings.Contains(body, "Bevestig je aanmelding") {
			t.Fatalf("register a: %d %s", status, body)
		}
		status, body, _ = e.form("anonymous", reg, person("a@example.org"))
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "al aangemeld") {
			t.Fatalf("duplicate: %d", status)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 1 {
			t.Fatalf("%d registrations stored, want 1", n)
		}
		deliver()
		la := links("a@example.org")
		if la["confirm"] == "" || la["cancel"] == "" {
			t.Fatalf("no links in the mail to a: %v", srv.Messages())
		}
		// GET only shows a button (mail scanners follow links); POST confirms.
		if status, body, _ := e.do("anonymous", "GET", la["confirm"], "", ""); status != http.StatusOK || !strings.Contains(body, "Aanmelding bevestigen") {
			t.Fatalf("confirm page: %d", status)
		}
		if status, body, _ := e.form("anonymous", la["confirm"], nil); status != http.StatusOK || !strings.Contains(body, "bevestigd") {
			t.Fatalf("confirm: %d", status)
		}
		if status, _, _ := e.form("anonymous", la["confirm"], nil); status != http.StatusNotFound {
			t.Fatalf("second confirm: %d", status)
		}
		// The only PGO place is taken: b is told about the waiting list.
		if status, body, _ := e.form("anonymous", reg, person("b@example.org")); status != http.StatusOK || !strings.Contains(body, "wachtlijst") {
			t.Fatalf("register b: %d", status)
		}
		deliver()
		if status, body, _ := e.form("anonymous", links("b@example.org")["confirm"], nil); status != http.StatusOK || !strings.Contains(body, "wachtlijst") {
			t.Fatalf("confirm b: %d", status)
		}
		deliver()
		invites := 0
		for _, m := range srv.Messages() {
			if strings.Contains(string(m.Body), "text/calendar") {
				invites++
			}
		}
		if invites != 1 {
			t.Fatalf("%d invitations, want 1 (a only)", invites)
		}
		status, body, hdr = e.do("anonymous", "GET", fmt.Sprintf("/events/%d/calendar.ics", e.hid), "", "")
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/calendar") || strings.Count(body, "BEGIN:VEVENT") != 2 {
			t.Fatalf("feed: %d %s\n%s", status, hdr.Get("Content-Type"), body)
		}
		status, body, _ = e.do(lead, "GET", fmt.Sprintf("/hackathons/%d/participants", e.hid), "", "")
		if status != http.StatusOK || !strings.Contains(body, "a@example.org") || !strings.Contains(body, "Wachtlijst") {
			t.Fatalf("participants page: %d", status)
		}
		status, body, _ = e.do(lead, "GET", fmt.Sprintf("/hackathons/%d/outbox", e.hid), "", "")
		if status != http.StatusOK || !strings.Contains(body, "Verstuurd") {
			t.Fatalf("outbox page: %d", status)
		}
		// a cancels by the link: b gets the place and an invitation.
		if status, _, _ := e.form("anonymous", la["cancel"], nil); status != http.StatusOK {
			t.Fatalf("cancel: %d", status)
		}
		deliver()
		var bStatus string
		db.QueryRow(ctx, "SELECT status FROM registrations WHERE email = ?", "b@example.org").Scan(&bStatus)
		if bStatus != "confirmed" {
			t.Fatalf("b after a cancelled: %s", bStatus)
		}
	})
}
