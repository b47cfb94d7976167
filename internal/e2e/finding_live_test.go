package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestLiveBoardUpdatesWithoutReload: the board, open in a browser, shows a
// finding logged elsewhere and recounts after its triage, without a reload.
func TestLiveBoardUpdatesWithoutReload(t *testing.T) {
	ctx := Browser(t)
	db := storetest.SQLite(t)
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	t.Cleanup(srv.EndStreams)
	bg := context.Background()
	u := newUser(t, srv, account.NewUser{Email: "triage@example.org", Name: "Tessa Triage", IsAdmin: true})
	h := newHackathon(t, srv, hackathon.Input{Code: "LIVE", Name: "Live-hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	org, _ := srv.Hackathons.CreateOrganisation(bg, "PGO Leverancier BV", "pgo")
	actor := newUser(t, srv, account.NewUser{Email: "actor@example.org", Name: "Arie Actor"})
	addMember(t, srv, h.ID, actor.ID, "actor", org, u.ID)
	svc := srv.App.Findings
	if _, _, err := svc.Create(bg, h.ID, finding.Input{Title: "Al gelogd", Severity: "laag"}, u.ID); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "log in", login(ts.URL, "triage@example.org")...)
	do(t, ctx, "open the board",
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings/board", ts.URL, h.ID)),
		chromedp.WaitVisible(css(`#board[data-state="board.live"]`)),
	)
	do(t, ctx, "wait for #board-total", waitText("#board-total", "1"))
	f, _, err := svc.Create(bg, h.ID, finding.Input{Title: "Medicatieoverzicht <leeg>", Severity: "blokkerend", ChainLink: "pgo"}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "the new finding appears", chromedp.WaitVisible(css(fmt.Sprintf(`#board-newest tr[data-id="%d"]`, f.ID))))
	do(t, ctx, "wait for #board-total", waitText("#board-total", "2"))
	do(t, ctx, "wait for "+`tbody[data-count="severity"] tr[data-key="blokkerend"]`, waitText(`tbody[data-count="severity"] tr[data-key="blokkerend"]`, "1"))
	do(t, ctx, "wait for #board-newest tr:first-child", waitText("#board-newest tr:first-child", "Medicatieoverzicht <leeg>"))
	Screenshot(t, ctx, "live-01-new-finding")

	if err := svc.SetTriage(bg, f, finding.Triage{ActorOrgID: org}, u.ID); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "wait for "+`tbody[data-count="status"] tr[data-key="toegewezen"]`, waitText(`tbody[data-count="status"] tr[data-key="toegewezen"]`, "1"))
	do(t, ctx, "wait for "+`tbody[data-count="actor"]`, waitText(`tbody[data-count="actor"]`, "PGO Leverancier BV"))
	do(t, ctx, "wait for "+`tbody[data-count="status"] tr[data-key="nieuw"]`, waitText(`tbody[data-count="status"] tr[data-key="nieuw"]`, "1"))
	Screenshot(t, ctx, "live-02-after-triage")

	// A filter of the list is saved and listed.
	do(t, ctx, "save a filter",
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings?severity=blokkerend&q=medicatie", ts.URL, h.ID)),
		chromedp.WaitVisible(css(`#saved-filters input[name=name]`)),
		chromedp.SendKeys(css(`#saved-filters input[name=name]`), "Blokkerende medicatie"),
		chromedp.Submit(css(`#saved-filters input[name=name]`)),
		chromedp.WaitVisible(css(`#saved-filters .saved-filter a`)),
	)
	do(t, ctx, "wait for #findings", waitText("#findings", "Medicatieoverzicht <leeg>"))
	if s := text(t, ctx, "#findings"); strings.Contains(s, "Al gelogd") {
		t.Fatalf("saved filter shows findings outside it: %q", s)
	}
	Screenshot(t, ctx, "live-03-saved-filter")

	// The actor organisation's member finds the assignment under Meldingen.
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "log in as the actor", login(ts.URL, "actor@example.org")...)
	do(t, ctx, "open the hackathon", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings", ts.URL, h.ID)), chromedp.WaitVisible(css("#nav-notifications .badge")))
	do(t, ctx, "wait for #nav-notifications .badge", waitText("#nav-notifications .badge", "1"))
	do(t, ctx, "open Meldingen", chromedp.Click(css("#nav-notifications")), chromedp.WaitVisible(css("#unread")))
	do(t, ctx, "wait for #unread", waitText("#unread", "Toegewezen aan: PGO Leverancier BV"))
	Screenshot(t, ctx, "live-04-notifications")
	do(t, ctx, "mark all read", chromedp.Click(css(`form[action$="/notifications/read"] button`)), chromedp.WaitVisible(css("#read li a")))
	do(t, ctx, "wait for #unread-h", waitText("#unread-h", "(0)"))
	if n, err := chromedp.Run(ctx, chromedp.Text(css("#nav-notifications"))); err != nil || strings.ContainsAny(n, "0123456789") {
		t.Fatalf("menu after reading: %q %v", n, err)
	}
}
