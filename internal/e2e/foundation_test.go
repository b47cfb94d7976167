package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestHackathonFromCanvasToGo: a project lead logs in, creates a hackathon,
// fills in the canvas and makes a colleague the client; the client logs in,
// records a go on the start note, and phase 2 opens on the timeline.
func TestHackathonFromCanvasToGo(t *testing.T) {
	ctx := Browser(t)
	srv, ts := serve(t, storetest.SQLite(t), web.Options{Version: "e2e"})
	newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	newUser(t, srv, account.NewUser{Email: "client@example.org", Name: "Olaf Client"})

	do(t, ctx, "log in as lead", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "create hackathon",
		chromedp.Navigate(ts.URL+"/hackathons/new"),
		chromedp.WaitVisible(css("#name")),
		chromedp.SendKeys(css("#name"), "BgZ-hackathon Noord"),
		chromedp.SendKeys(css("#code"), "NOORD"),
		chromedp.SetValue(css("#variant"), "functioneel"),
		chromedp.SetValue(css("#kickoff_date"), "2027-01-15"),
		chromedp.SetValue(css("#day_1"), "2027-03-10"),
		chromedp.SendKeys(css("input[name=service_id_0]"), "48"),
		chromedp.SendKeys(css("input[name=service_name_0]"), "Basisgegevensset Zorg"),
		chromedp.SetValue(css("select[name=service_fhir_0]"), "STU3"),
		chromedp.Submit(css("#name")),
		chromedp.WaitVisible(css("#timeline-h")),
	)
	Screenshot(t, ctx, "01-timeline-before-go")
	if h := text(t, ctx, "main h1"); h != "BgZ-hackathon Noord" {
		t.Fatalf("heading after create: %q", h)
	}
	if p2 := text(t, ctx, "#phase-2"); !strings.Contains(p2, "Nog dicht") {
		t.Fatalf("phase 2 before the go: %q", p2)
	}
	hackURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "fill in the canvas",
		chromedp.Navigate(hackURL+"/canvas"),
		chromedp.WaitVisible(css("#f-aanleiding_doel")),
		chromedp.SendKeys(css("#f-aanleiding_doel"), "Inzicht in de presentatie van de BgZ in PGO's."),
		chromedp.SendKeys(css("#f-scope_gegevensdienst"), "Gegevensdienst 48, BgZ."),
		chromedp.Click(css(".sticky-actions button")),
		chromedp.WaitVisible(css(".flash")),
	)
	Screenshot(t, ctx, "02-canvas")
	do(t, ctx, "make the colleague the client",
		chromedp.Navigate(hackURL+"/organisation"),
		chromedp.WaitVisible(css(`form[action$="/members"] input[name=email]`)),
		chromedp.SendKeys(css(`form[action$="/members"] input[name=email]`), "client@example.org"),
		chromedp.SetValue(css(`form[action$="/members"] select[name=role]`), "opdrachtgever"),
		chromedp.Submit(css(`form[action$="/members"] input[name=email]`)),
		chromedp.WaitVisible(css(".flash")),
	)
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "log in as client", login(ts.URL, "client@example.org")...)
	do(t, ctx, "open the start note", chromedp.Navigate(hackURL+"/startnote"), chromedp.WaitVisible(css("#decision-submit")))
	Screenshot(t, ctx, "03-startnote")
	if goal := text(t, ctx, "#sn-goal"); !strings.Contains(goal, "Inzicht in de presentatie") {
		t.Errorf("start note does not quote the canvas goal: %q", goal)
	}
	do(t, ctx, "record the go",
		chromedp.Click(css("#outcome-go")),
		chromedp.SendKeys(css("#reason"), "Startnotitie akkoord; budget is rond."),
		chromedp.Click(css("#decision-submit")),
		chromedp.WaitVisible(css("#timeline-h")),
	)
	Screenshot(t, ctx, "04-timeline-after-go")
	if d := text(t, ctx, "#decision-status"); !strings.Contains(d, "Go") || !strings.Contains(d, "budget is rond") {
		t.Errorf("decision shown as %q", d)
	}
	if p2 := text(t, ctx, "#phase-2"); !strings.Contains(p2, "Open") || strings.Contains(p2, "Nog dicht") {
		t.Errorf("phase 2 after the go: %q", p2)
	}
}
