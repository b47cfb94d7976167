package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestNoPageWideScroll: on a laptop (1366 px) and on a phone (390 px) the
// pages that had wide tables, long URLs or wide form controls fit the
// window: tables scroll inside their own box, the page itself never scrolls
// sideways. Demo data fills the pages the way a hackathon in full swing does.
func TestNoPageWideScroll(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	var hid int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
		t.Fatal(err)
	}
	// Findings 1, 23 and 38 of the demo have long FHIR paths in their titles.
	var findings []string
	for _, n := range []int{1, 23, 38} {
		var id int64
		if err := db.QueryRow(t.Context(), "SELECT id FROM findings WHERE hackathon_id = ? AND number = ?", hid, n).Scan(&id); err != nil {
			t.Fatalf("demo finding %d: %v", n, err)
		}
		findings = append(findings, fmt.Sprintf("/hackathons/%d/findings/%d", hid, id))
	}
	_, ts := serve(t, db, web.Options{Version: "e2e"})
	h := fmt.Sprintf("/hackathons/%d", hid)
	pages := map[string][]string{
		"techniek": {"/", "/my/milestones", "/account/tokens", h, h + "/sandbox", h + "/sandbox/traffic", h + "/pgo", h + "/dossiers",
			h + "/findings", h + "/participants", h + "/organisation"},
		"relatie":      {h + "/participants", h + "/participants/import", h + "/organisations", h + "/relations", h + "/participants/catering"},
		"":             {fmt.Sprintf("/register/%d", hid), "/register/confirm/0000", "/no-such-page"},
		"communicatie": {h + "/comms/plan", h + "/comms/calendar", h + "/comms/templates", h + "/comms/news", h + "/outbox"},
	}
	pages["techniek"] = append(pages["techniek"], findings...)
	for user, paths := range pages {
		t.Run(user, func(t *testing.T) {
			ctx := Browser(t)
			if user != "" { // "" is a visitor who is not logged in
				do(t, ctx, "login "+user, loginWith(ts.URL, user+"@demo.ketentest.nl", demo.Password)...)
			}
			for _, width := range []int64{1366, 390} {
				do(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
				for _, p := range paths {
					do(t, ctx, p, chromedp.Navigate(ts.URL+p), chromedp.WaitVisible(css("main")))
					fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
					if err != nil {
						t.Fatal(err)
					}
					if !fits {
						Screenshot(t, ctx, fmt.Sprintf("qa-wide-%s-%d", user, width))
						sw, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
						t.Errorf("%s at %d px as %s: the page is %d px wide and scrolls sideways", p, width, user, sw)
					}
				}
			}
		})
	}
}

// TestDeleteParticipantAsksFirst: deleting a participant's personal data
// cannot be undone, so the button asks first; saying no keeps the data.
func TestDeleteParticipantAsksFirst(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	var hid int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
		t.Fatal(err)
	}
	var before int
	db.QueryRow(t.Context(), "SELECT COUNT(*) FROM registrations WHERE hackathon_id = ?", hid).Scan(&before)
	_, ts := serve(t, db, web.Options{Version: "e2e"})
	ctx := Browser(t)
	del := `form[action$="/delete"][data-confirm] button`
	do(t, ctx, "login", loginWith(ts.URL, "relatie@demo.ketentest.nl", demo.Password)...)
	do(t, ctx, "participants", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/participants", ts.URL, hid)), chromedp.WaitVisible(css(del)))
	answer := func(yes bool) string {
		return fmt.Sprintf(`window.__asked = ""; window.confirm = function (m) { window.__asked = m; return %v; }; true`, yes)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](answer(false))); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "delete, say no", chromedp.Click(css(del)), chromedp.Sleep(300*time.Millisecond))
	asked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__asked || ""`))
	if err != nil || asked == "" {
		t.Fatalf("the delete button did not ask first (%v)", err)
	}
	var after int
	db.QueryRow(t.Context(), "SELECT COUNT(*) FROM registrations WHERE hackathon_id = ?", hid).Scan(&after)
	if after != before {
		t.Fatalf("saying no still deleted: %d -> %d registrations", before, after)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](answer(true))); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "delete, say yes", chromedp.Click(css(del)), chromedp.WaitVisible(css(".flash")))
	db.QueryRow(t.Context(), "SELECT COUNT(*) FROM registrations WHERE hackathon_id = ? AND email <> ''", hid).Scan(&after)
	if after >= before {
		t.Errorf("saying yes deleted nothing: %d -> %d registrations with data (%q)", before, after, asked)
	}
}
