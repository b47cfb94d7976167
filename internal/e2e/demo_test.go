package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestDemoAsVisitors: the demo as a visitor sees it. Several demo users
// log in with the printed password and open the pages of a hackathon in
// full swing; each page shows the demo's content (screenshots with
// KETENTEST_SCREENSHOT_DIR).
func TestDemoAsVisitors(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	var hid int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
		t.Fatal(err)
	}
	all, err := finding.NewService(db).List(t.Context(), hid, finding.Filter{}, finding.Viewer{Staff: true})
	if err != nil || len(all) == 0 {
		t.Fatalf("demo findings: %d, %v", len(all), err)
	}
	var first *finding.Finding
	for _, f := range all {
		if f.Number == 1 {
			first = f
		}
	}
	runs, err := pgoclient.NewStore(db).List(t.Context(), hid, 0, 10)
	if err != nil || len(runs) == 0 {
		t.Fatalf("demo runs: %d, %v", len(runs), err)
	}
	var passed int64
	for _, r := range runs {
		if r.Status == pgoclient.StatusPassed {
			passed = r.ID
		}
	}
	_, ts := serve(t, db, web.Options{Version: "e2e"})
	h := fmt.Sprintf("%s/hackathons/%d", ts.URL, hid)
	type page struct{ name, path, want string }
	for _, u := range []struct {
		local string
		pages []page
	}{
		{"projectleider", []page{
			{"dashboard", "", "BgZ"},
			{"findings", "/findings", first.Title},
			{"board", "/findings/board", "Zorgdata Connect"},
			{"finding", fmt.Sprintf("/findings/%d", first.ID), "expires_in"},
			{"findings-config", "/findings/config", "Erik Veenstra"},
			{"participants", "/participants", "Gezondapp BV"},
			{"comms-plan", "/comms/plan", "nieuwsbrieven"},
			{"comms-calendar", "/comms/calendar", ""},
			{"dossiers", "/dossiers", "BgZ synthetisch"},
			{"sandbox", "/sandbox", demo.GezondappClient},
			{"traffic", "/sandbox/traffic", demo.GezondappClient},
			{"pgo", "/pgo", "Toestemming geweigerd"},
			{"pgo-run", fmt.Sprintf("/pgo/runs/%d", passed), "Patient"},
			{"notifications", "/notifications", ""},
		}},
		{"deelnemer", []page{
			{"dashboard", "", "BgZ"},
			{"findings", "/findings", "Gezondapp"},
			{"sandbox", "/sandbox", demo.GezondappClient},
			{"notifications", "/notifications", "BGZDEMO-"},
		}},
		{"actor", []page{
			{"findings", "/findings", "BSN staat in de self-link"},
			{"notifications", "/notifications", "BGZDEMO-"},
		}},
		{"logging", []page{
			{"traffic", "/sandbox/traffic", "/oauth/token"},
		}},
	} {
		t.Run(u.local, func(t *testing.T) {
			ctx := Browser(t) // a browser of one's own: a fresh session
			do(t, ctx, "login "+u.local, loginWith(ts.URL, u.local+"@demo.ketentest.nl", demo.Password)...)
			for _, p := range u.pages {
				do(t, ctx, p.name, chromedp.Navigate(h+p.path), chromedp.WaitVisible(css("main")))
				Screenshot(t, ctx, "demo-"+u.local+"-"+p.name)
				body := text(t, ctx, "main")
				if !strings.Contains(body, p.want) {
					t.Errorf("%s (%s) as %s does not show %q", p.name, p.path, u.local, p.want)
				}
			}
		})
	}
}
