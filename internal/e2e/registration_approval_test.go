package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestRegistrationApprovalInBrowser: someone self-registers (and confirms)
// with the existing organisation Vendor BV from a gmail.com address; the
// relationship manager's accounts run skips them and points to the
// approvals, where she approves the registration, and the next run creates
// the account.
func TestRegistrationApprovalInBrowser(t *testing.T) {
	ctx := Browser(t)
	db := storetest.SQLite(t)
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	bg := context.Background()
	rm := newUser(t, srv, account.NewUser{Email: "rm@example.org", Name: "Rita Relatie"})
	h := newHackathon(t, srv, hackathon.Input{Code: "E2EA", Name: "BgZ-hackathon Noord", Variant: "functioneel",
		Kickoff: date.New(2027, 2, 3), Days: []date.Date{date.New(2027, 3, 17)}}, rm.ID)
	addMember(t, srv, h.ID, rm.ID, string(blueprint.RoleRelatiemanager), 0, rm.ID)
	ps := participant.NewService(db, comms.NewOutbox(db, jobs.NewQueue(db), "hackathon@ketentest.example"))
	if err := ps.SaveSettings(bg, h.ID, participant.Settings{Open: true, PrivacyText: "Privacy."}, rm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.AddOrganisation(bg, h.ID, "Vendor BV", participant.RolePGO, rm.ID); err != nil {
		t.Fatal(err)
	}
	res, err := ps.Register(bg, h, participant.Input{Organisation: "Vendor BV", ChainRole: "pgo", Name: "Gijs Gmail", Email: "gijs@gmail.com", Consent: true}, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	var body string
	db.QueryRow(bg, "SELECT body FROM outbox WHERE recipient = 'gijs@gmail.com'").Scan(&body)
	m := regexp.MustCompile(`/register/confirm/([0-9a-f]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirmation link in %q", body)
	}
	if _, err := ps.Confirm(bg, h, m[1], ts.URL); err != nil {
		t.Fatal(err)
	}

	participants := fmt.Sprintf("%s/hackathons/%d/participants", ts.URL, h.ID)
	do(t, ctx, "log in as relationship manager", login(ts.URL, "rm@example.org")...)
	do(t, ctx, "participants page", chromedp.Navigate(participants), chromedp.WaitVisible(css("#create-accounts button")))
	do(t, ctx, "create accounts", chromedp.Click(css("#create-accounts button")), chromedp.WaitVisible(css("#accounts-awaiting")))
	if got := text(t, ctx, "#accounts-result"); !strings.Contains(got, "0 nieuwe accounts") || !strings.Contains(got, "1 bevestigde aanmeldingen wachten op goedkeuring") {
		t.Fatalf("accounts result: %q", got)
	}
	do(t, ctx, "to the approvals", chromedp.Click(css("#accounts-awaiting a")), chromedp.WaitVisible(css("#approvals")))
	Screenshot(t, ctx, "registration-approval-1")
	if got := text(t, ctx, "#approvals"); !strings.Contains(got, "Gijs Gmail") || !strings.Contains(got, "Vendor BV") {
		t.Fatalf("approvals: %q", got)
	}
	do(t, ctx, "approve", chromedp.Click(css(fmt.Sprintf(`#approval-%d button[name=id]`, res.ID))), waitText("main", "Goedgekeurd"))
	if got := text(t, ctx, "main"); strings.Contains(got, "Wacht op goedkeuring van de organisatie") {
		t.Fatalf("the approvals section is still shown: %q", got)
	}
	do(t, ctx, "create accounts again", chromedp.Click(css("#create-accounts button")), chromedp.WaitVisible(css("#accounts-result")))
	if got := text(t, ctx, "#accounts-result"); !strings.Contains(got, "1 nieuwe accounts") || strings.Contains(got, "wachten op goedkeuring") {
		t.Fatalf("second accounts run: %q", got)
	}
	var n int
	db.QueryRow(bg, `SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
		WHERE u.email = 'gijs@gmail.com' AND o.name = 'Vendor BV'`).Scan(&n)
	if n != 1 {
		t.Fatalf("approved registrant has %d roles for Vendor BV", n)
	}
}
