package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestStoryWithoutSMTP walks the story of issue #11 without a mail server
// (the default): a person registers on the public form, the communication
// expert reads the queued confirmation in Berichten and follows its link,
// the registration is confirmed; later a finding assigned to the vendor's
// organisation is followed up by the vendor's participant account itself
// (no Actor role granted by hand).
func TestStoryWithoutSMTP(t *testing.T) {
	ctx := Browser(t)
	t.Setenv("KETENTEST_SMTP_ADDR", "")
	db := storetest.SQLite(t)
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	bg := context.Background()
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Lotte Lead", CanCreateHackathon: true})
	comm := newUser(t, srv, account.NewUser{Email: "comm@example.org", Name: "Carla Communicatie"})
	triage := newUser(t, srv, account.NewUser{Email: "triage@example.org", Name: "Tim Triage"})
	vendor := newUser(t, srv, account.NewUser{Email: "vendor@pgo.example", Name: "Vera Vendor"})
	h := newHackathon(t, srv, hackathon.Input{Code: "E2EU", Name: "BgZ-hackathon Noord", Variant: "functioneel", Location: "Groningen",
		Kickoff: date.New(2027, 2, 3), Days: []date.Date{date.New(2027, 3, 17)}}, lead.ID)
	org, err := srv.Hackathons.CreateOrganisation(bg, "PGO Noord BV", "pgo")
	if err != nil {
		t.Fatal(err)
	}
	addMember(t, srv, h.ID, comm.ID, string(blueprint.RoleCommunicatieExpert), 0, lead.ID)
	addMember(t, srv, h.ID, triage.ID, string(blueprint.RoleTriageteam), 0, lead.ID)
	addMember(t, srv, h.ID, vendor.ID, string(blueprint.RoleDeelnemer), org, lead.ID)
	ps := participant.NewService(db, nil)
	if err := ps.SaveSettings(bg, h.ID, participant.Settings{Open: true, PrivacyText: "Wij bewaren je gegevens tot na de hackathon."}, lead.ID); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "register on the public form",
		chromedp.Navigate(fmt.Sprintf("%s/register/%d", ts.URL, h.ID)),
		chromedp.WaitVisible(css("input[name=name]")),
		chromedp.SendKeys(css("input[name=name]"), "Piet Peters"),
		chromedp.SendKeys(css("input[name=email]"), "piet@pgo-noord.example"),
		chromedp.SendKeys(css("input[name=organisation]"), "PGO Noord BV"),
		chromedp.SetValue(css("select[name=chain_role]"), "pgo"),
		chromedp.Click(css("input[name=consent]")),
		chromedp.Submit(css("input[name=consent]")),
		waitText("main", "e-mail gestuurd"),
	)

	do(t, ctx, "log in as communication expert", login(ts.URL, "comm@example.org")...)
	do(t, ctx, "Berichten lists the queued confirmation",
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/outbox", ts.URL, h.ID)),
		chromedp.WaitVisible(css("main table a")))
	Screenshot(t, ctx, "story-1-berichten")
	do(t, ctx, "open the message", chromedp.Click(css("main table a")), chromedp.WaitVisible(css("#message-links")))
	Screenshot(t, ctx, "story-2-message")
	if got := text(t, ctx, "#message-facts"); !strings.Contains(got, "piet@pgo-noord.example") || !strings.Contains(got, "In de wachtrij") {
		t.Fatalf("message facts: %q", got)
	}
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#message-links a[href*="/register/confirm/"]`), "href"))
	confirm := attr.Value
	if err != nil || !strings.Contains(confirm, "/register/confirm/") {
		t.Fatalf("confirmation link: %q", confirm)
	}
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "the participant confirms with the link the organiser passed on",
		chromedp.Navigate(confirm),
		chromedp.WaitVisible(css("main form button")),
		chromedp.Click(css("main form button")),
		waitText("main", "bevestigd"))
	Screenshot(t, ctx, "story-3-confirmed")

	// A finding logged and triaged to the vendor's organisation.
	fs := finding.NewService(db)
	f, _, err := fs.Create(bg, h.ID, finding.Input{Title: "Token verloopt na 1 minuut"}, triage.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.SetTriage(bg, f, finding.Triage{Severity: "hoog", ActorOrgID: org}, triage.ID); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/hackathons/%d/findings/%d", ts.URL, h.ID, f.ID)
	do(t, ctx, "log in as the vendor", login(ts.URL, "vendor@pgo.example")...)
	do(t, ctx, "the vendor sees the follow-up form on its finding",
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`form[action$="/status"] select[name=status]`)))
	Screenshot(t, ctx, "story-4-vendor-finding")
	do(t, ctx, "the vendor takes it into analysis",
		chromedp.SetValue(css(`form[action$="/status"] select[name=status]`), "in_analyse"),
		chromedp.Submit(css(`form[action$="/status"] select[name=status]`)),
		waitText("main", "In analyse"))
	Screenshot(t, ctx, "story-5-vendor-followed-up")
	g, err := fs.Get(bg, h.ID, f.ID, finding.Viewer{Staff: true})
	if err != nil || g.Status != finding.StatusInAnalyse {
		t.Fatalf("after the vendor's follow-up: %v %v", g.Status, err)
	}
}
