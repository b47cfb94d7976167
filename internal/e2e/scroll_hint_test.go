package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestScrollHintOnPhone (#11 item 9): on a 390-px screen the live board's
// table of newest findings and the finding list hold more columns than fit;
// each says so above the table (and shades the hidden edge), while on a
// laptop the hint is not shown.
func TestScrollHintOnPhone(t *testing.T) {
	ctx := Browser(t)
	db := storetest.SQLite(t)
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Lotte Lead", CanCreateHackathon: true})
	tri := newUser(t, srv, account.NewUser{Email: "triage@example.org", Name: "Tim Triage"})
	h := newHackathon(t, srv, hackathon.Input{Code: "SMAL", Name: "Smalle hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 2, 3), Days: []date.Date{date.New(2027, 3, 17)}}, lead.ID)
	addMember(t, srv, h.ID, tri.ID, string(blueprint.RoleTriageteam), 0, lead.ID)
	fs := finding.NewService(db)
	for _, title := range []string{"Token verloopt na een minuut in de PGO van de leverancier", "Patient zonder huisarts in de zoekset", "Verkeerde Accept-header"} {
		if _, _, err := fs.Create(context.Background(), h.ID, finding.Input{Title: title}, tri.ID); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, "login", login(ts.URL, "triage@example.org")...)
	shown := func(sel string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && getComputedStyle(e).display !== "none" && e.offsetHeight > 0; })()`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	overflows := func(sel string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.scrollWidth > e.clientWidth + 8; })()`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, pg := range []struct{ name, path, hint, box string }{
		{"board", fmt.Sprintf("/hackathons/%d/findings/board", h.ID), "#board-scroll-hint", "#board-newest-scroll"},
		{"list", fmt.Sprintf("/hackathons/%d/findings", h.ID), "#findings-scroll-hint", "#findings-scroll"},
	} {
		do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
		do(t, ctx, "open the "+pg.name, chromedp.Navigate(ts.URL+pg.path), chromedp.WaitVisible(css(pg.box)))
		Screenshot(t, ctx, "scroll-hint-390-"+pg.name)
		if !overflows(pg.box) {
			t.Errorf("%s at 390 px: the table fits, so the test shows nothing", pg.name)
		}
		if !shown(pg.hint) {
			t.Errorf("%s at 390 px: no hint that the table has more columns", pg.name)
		}
		if fits, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`)); !fits {
			t.Errorf("%s at 390 px: the page itself scrolls sideways", pg.name)
		}
		do(t, ctx, "laptop width", chromedp.EmulateViewport(1366, 900))
		do(t, ctx, "reopen the "+pg.name, chromedp.Navigate(ts.URL+pg.path), chromedp.WaitVisible(css(pg.box)))
		if shown(pg.hint) {
			t.Errorf("%s at 1366 px: the scroll hint shows although the table fits", pg.name)
		}
	}
}
