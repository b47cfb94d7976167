package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestDemoMaturityAndClosedReport: in the demo the project lead sees the
// running hackathon beside the earlier one on the same data service on the
// maturity page, and the earlier hackathon's delivered final report with
// its evaluation and the published draaiboek.
func TestDemoMaturityAndClosedReport(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	var hid, earlier int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.EarlierCode).Scan(&earlier); err != nil {
		t.Fatal(err)
	}
	ctx := Browser(t)
	_, ts := serve(t, db, web.Options{Version: "e2e"})
	do(t, ctx, "project lead opens the maturity page", append(loginWith(ts.URL, "projectleider@demo.ketentest.nl", demo.Password),
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/maturity", ts.URL, hid)), chromedp.WaitVisible(css("#maturity-table")))...)
	head := text(t, ctx, "#maturity-table thead")
	if i, j := strings.Index(head, "voorjaar"), strings.Index(head, "BgZ in de PGO"); i < 0 || j < 0 || i > j {
		t.Errorf("maturity columns: %q, want the earlier hackathon before the running one", head)
	}
	Screenshot(t, ctx, "maturity-01-demo")
	do(t, ctx, "the earlier hackathon's final report", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/report", ts.URL, earlier)), chromedp.WaitVisible(css("#s-evaluation")))
	if s := text(t, ctx, "#report-status"); !strings.Contains(s, "opgeleverd") {
		t.Errorf("report status: %q", s)
	}
	if s := text(t, ctx, "#s-evaluation"); !strings.Contains(s, "Respons:") {
		t.Errorf("report evaluation: %q", s)
	}
	Screenshot(t, ctx, "maturity-02-report")
	do(t, ctx, "the earlier hackathon's draaiboek of day 1", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/draaiboek/1", ts.URL, earlier)), chromedp.WaitVisible(css("#d-qr")))
	if s := text(t, ctx, "#d-dagplanning"); !strings.Contains(s, "Testronde 1") {
		t.Errorf("programme: %q", s)
	}
	Screenshot(t, ctx, "maturity-03-draaiboek")
	var eid int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM evaluations WHERE hackathon_id = ? AND day = 1", earlier).Scan(&eid); err != nil {
		t.Fatal(err)
	}
	// The document pages are no wider than the laptop window.
	for _, path := range []string{"/report", fmt.Sprintf("/evaluation/%d", eid), "/draaiboek/1", "/kickoff", "/maturity"} {
		do(t, ctx, path, chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d%s", ts.URL, earlier, path)), chromedp.WaitVisible(css("main")))
		if msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS)); err != nil || msg != "" {
			t.Errorf("%s: %s %v", path, msg, err)
		}
	}
	Screenshot(t, ctx, "maturity-04-evaluation")
}
