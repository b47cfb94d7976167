package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestEvaluationThroughLinkCountedInReport: the test coordinator draws up
// the questionnaire of day 1 and sends the personal links; a participant
// opens the link without logging in, first gives no answer (a clear
// message, nothing saved), then answers; the link used again says so; the
// results page and the final report count the answer.
func TestEvaluationThroughLinkCountedInReport(t *testing.T) {
	ctx := Browser(t)
	db := storetest.SQLite(t)
	bg := context.Background()
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Lea Leider", CanCreateHackathon: true})
	today := date.Of(time.Now())
	h := newHackathon(t, srv, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch", Location: "Utrecht",
		Kickoff: today.AddDays(-30), Days: []date.Date{today.AddDays(-1)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, lead.ID)
	if _, err := db.Exec(bg, `INSERT INTO registrations (hackathon_id, chain_role, name, email, attend_days, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, 'pgo', 'Petra PGO', 'petra@pgo.example', '1', 'nl', 'confirmed', 'h-petra', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, h.ID); err != nil {
		t.Fatal(err)
	}
	ev := fmt.Sprintf("%s/hackathons/%d/evaluation", ts.URL, h.ID)

	do(t, ctx, "project lead draws up and sends the questionnaire", append(login(ts.URL, "lead@example.org"),
		chromedp.Navigate(ev), chromedp.WaitVisible(css("#eval-create-1")), chromedp.Click(css("#eval-create-1")),
		chromedp.WaitVisible(css("#eval-send")), chromedp.Click(css("#eval-send")), chromedp.WaitVisible(css(".flash")))...)
	Screenshot(t, ctx, "eval-01-questionnaire")
	// The page showed the creation's flash already, so the send may still
	// be on its way: wait for its outbox row rather than for a flash.
	var token string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		err := db.QueryRow(bg, "SELECT s.value FROM outbox o JOIN outbox_secrets s ON s.outbox_id = o.id WHERE o.recipient = 'petra@pgo.example'").Scan(&token)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no personal link in the outbox: %v", err)
		}
	}
	do(t, ctx, "log out", logout()...)

	link := ts.URL + "/evaluation/" + token
	do(t, ctx, "participant opens the link and sends nothing", chromedp.Navigate(link), chromedp.WaitVisible(css("#eval-form")),
		chromedp.Click(css("#eval-submit")), chromedp.WaitVisible(css(".form-error")))
	if msg := text(t, ctx, "#eval-form"); !strings.Contains(msg, "beantwoord minstens één vraag") {
		t.Errorf("empty response: no clear message: %q", msg)
	}
	Screenshot(t, ctx, "eval-02-empty")
	do(t, ctx, "participant answers", chromedp.WaitVisible(css(`input[type=radio][value="4"]`)),
		chromedp.Click(css(`fieldset.eval-question input[type=radio][value="4"]`)),
		chromedp.SendKeys(css("fieldset.eval-question textarea"), "Het aansluiten ging vlot; graag eerder de testdossiers."),
		chromedp.Click(css("#eval-submit")), chromedp.WaitVisible(css("#eval-message")))
	if msg := text(t, ctx, "#eval-message"); !strings.Contains(msg, "Dank je wel") {
		t.Fatalf("after answering: %q", msg)
	}
	Screenshot(t, ctx, "eval-03-thanks")
	do(t, ctx, "the link used again", chromedp.Navigate(link), chromedp.WaitVisible(css("#eval-message")))
	if msg := text(t, ctx, "#eval-message"); !strings.Contains(msg, "al ingevuld") {
		t.Errorf("second use: %q", msg)
	}
	Screenshot(t, ctx, "eval-04-used")

	do(t, ctx, "project lead sees the answer counted", append(login(ts.URL, "lead@example.org"),
		chromedp.Navigate(ev), chromedp.WaitVisible(css("#eval-open-1")), chromedp.Click(css("#eval-open-1")), chromedp.WaitVisible(css("#eval-rate")))...)
	if rate := text(t, ctx, "#eval-rate"); !strings.Contains(rate, "1 van 2") {
		t.Errorf("results: %q, want Petra's answer counted (the lead was invited too)", rate)
	}
	Screenshot(t, ctx, "eval-05-results")
	do(t, ctx, "the final report", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/report", ts.URL, h.ID)), chromedp.WaitVisible(css("#s-evaluation")))
	if s := text(t, ctx, "#s-evaluation"); !strings.Contains(s, "Respons: 1 van 2 (50%)") {
		t.Errorf("report evaluation: %q", s)
	}
	do(t, ctx, "scroll to the evaluation", chromedp.ScrollIntoView(css("#s-evaluation")))
	Screenshot(t, ctx, "eval-06-report")
}
