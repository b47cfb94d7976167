package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestCommunicationPlanToSentMessage: the communication expert fills in the
// communication plan, lets the blueprint propose the calendar, previews the
// kick-off invitation (an unknown merge field is named), sends it and sees
// each recipient's status turn to sent while the in-process SMTP server
// receives one message per recipient.
func TestCommunicationPlanToSentMessage(t *testing.T) {
	ctx := Browser(t)
	db := storetest.SQLite(t)
	bg := context.Background()
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	comm := newUser(t, srv, account.NewUser{Email: "comm@example.org", Name: "Chris Communicatie"})
	h := newHackathon(t, srv, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "functioneel", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 15), Days: []date.Date{date.New(2027, 3, 10)}}, lead.ID)
	addMember(t, srv, h.ID, comm.ID, "communicatie", 0, lead.ID)
	for _, r := range [][2]string{{"Anna Zorg", "anna@zorg.example"}, {"Bram PGO", "bram@pgo.example"}} {
		if _, err := db.Exec(bg, `INSERT INTO registrations (hackathon_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, 'zorgaanbieder', ?, ?, 'nl', 'confirmed', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, h.ID, r[0], r[1], "h-"+r[1]); err != nil {
			t.Fatal(err)
		}
	}
	mail := commstest.Start(t)
	worker := comms.NewWorker(comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example"), &comms.SMTPSender{Addr: mail.Addr}, "noreply@ketentest.example")
	worker.Runner.Poll = 50 * time.Millisecond
	wctx, stop := context.WithCancel(bg)
	defer stop()
	go worker.Run(wctx)

	base := fmt.Sprintf("%s/hackathons/%d/comms", ts.URL, h.ID)
	do(t, ctx, "log in as communication expert", login(ts.URL, "comm@example.org")...)
	do(t, ctx, "fill in the plan",
		chromedp.Navigate(base+"/plan"),
		chromedp.WaitVisible(css("#p-doel")),
		chromedp.SendKeys(css("#p-doel"), "Alle deelnemers tijdig en via één kanaal informeren."),
		chromedp.Click(css("#commplan .sticky-actions button")),
		chromedp.WaitVisible(css(".flash")),
	)
	Screenshot(t, ctx, "comms-01-plan")
	if trail := text(t, ctx, "table.trail"); !strings.Contains(trail, "Communicatieplan · doel") || !strings.Contains(trail, "Chris Communicatie") {
		t.Errorf("plan trail: %q", trail)
	}
	do(t, ctx, "propose the calendar",
		chromedp.Navigate(base+"/calendar"),
		chromedp.WaitVisible(css("#propose")),
		chromedp.Click(css("#propose")),
		chromedp.WaitVisible(css("table.calendar")),
	)
	Screenshot(t, ctx, "comms-02-calendar")
	if cal := text(t, ctx, "table.calendar"); !strings.Contains(cal, "Uitnodiging kick-off") || !strings.Contains(cal, "Afsluitend bericht") {
		t.Fatalf("calendar: %q", cal)
	}
	var itemID, tmplID int64
	if err := db.QueryRow(bg, "SELECT id, template_id FROM comm_calendar WHERE hackathon_id = ? AND moment = 'kickoff_invitation'", h.ID).Scan(&itemID, &tmplID); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "preview with a typo",
		chromedp.Navigate(fmt.Sprintf("%s/templates/%d", base, tmplID)),
		chromedp.WaitVisible(css("#preview-html")),
		chromedp.SendKeys(css("#t-body"), "\nGroet, {{afzender}}"),
		chromedp.Click(css("#preview-button")),
		chromedp.WaitVisible(css(".field-error")),
	)
	Screenshot(t, ctx, "comms-03-template-error")
	if msg := text(t, ctx, ".field-error"); !strings.Contains(msg, "{{afzender}}") {
		t.Errorf("merge field error: %q", msg)
	}
	do(t, ctx, "preview the saved template", chromedp.Navigate(fmt.Sprintf("%s/templates/%d", base, tmplID)), chromedp.WaitVisible(css("#preview-html")))
	Screenshot(t, ctx, "comms-04-template-preview")
	if p := text(t, ctx, "#preview-html"); !strings.Contains(p, "Beste Anne de Vries") || !strings.Contains(p, "15 januari 2027") {
		t.Errorf("preview: %q", p)
	}
	do(t, ctx, "send the kick-off invitation",
		chromedp.Navigate(fmt.Sprintf("%s/calendar/%d", base, itemID)),
		chromedp.WaitVisible(css("#send")),
		chromedp.Click(css("#send")),
		chromedp.WaitVisible(css("#deliveries")),
	)
	mail.Wait(t, 2, 20*time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for {
		do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(css("#deliveries")))
		if d := text(t, ctx, "#deliveries"); strings.Count(d, "Verstuurd") == 2 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("deliveries not sent: %q", d)
		}
		time.Sleep(200 * time.Millisecond)
	}
	Screenshot(t, ctx, "comms-05-sent")
	if st := text(t, ctx, "#item-status"); st != "Verzonden" {
		t.Errorf("item status %q", st)
	}
	do(t, ctx, "send again", chromedp.Click(css("#send")), chromedp.WaitVisible(css(".flash")))
	if f := text(t, ctx, ".flash"); !strings.Contains(f, "niets opnieuw verstuurd") {
		t.Errorf("flash after resend: %q", f)
	}
	time.Sleep(300 * time.Millisecond)
	counts := map[string]int{}
	for _, m := range mail.Messages() {
		counts[m.To[0]]++
		if !strings.Contains(m.Header.Get("Content-Type"), "multipart/alternative") {
			t.Errorf("Content-Type %q", m.Header.Get("Content-Type"))
		}
	}
	if len(counts) != 2 || counts["anna@zorg.example"] != 1 || counts["bram@pgo.example"] != 1 {
		t.Fatalf("received: %v", counts)
	}
}
