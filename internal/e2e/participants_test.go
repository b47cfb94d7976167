package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// mailParts splits a received message into its text body and its .ics
// attachment (empty when there is none), decoding quoted-printable.
func mailParts(t *testing.T, m commstest.Received) (text, ics string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.Body)))
		return string(b), ""
	}
	mr := multipart.NewReader(strings.NewReader(string(m.Body)), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return text, ics
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		b, _ := io.ReadAll(p)
		switch ct := p.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/calendar"):
			ics = string(b)
		case strings.HasPrefix(ct, "multipart/"): // text and HTML alternatives
			if inner, _ := mailParts(t, commstest.Received{Header: mail.Header(p.Header), Body: b}); inner != "" {
				text = inner
			}
		case strings.HasPrefix(ct, "text/plain"):
			text = string(b)
		}
	}
}

// waitFor waits until a message to rcpt whose subject contains subject arrived.
func waitFor(t *testing.T, srv *commstest.Server, rcpt, subject string) commstest.Received {
	t.Helper()
	dec := new(mime.WordDecoder)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range srv.Messages() {
			s, _ := dec.DecodeHeader(m.Header.Get("Subject"))
			if strings.Contains(s, subject) && len(m.To) == 1 && m.To[0] == rcpt {
				return m
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no mail %q to %s arrived; got %d messages", subject, rcpt, len(srv.Messages()))
	return commstest.Received{}
}

// waitText waits until the element's text contains want (after a
// navigation); it polls from Go, so a page that is being replaced does not
// break it.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		deadline := time.Now().Add(15 * time.Second)
		var last string
		for time.Now().Before(deadline) {
			tctx, cancel := context.WithTimeout(ctx, time.Second)
			s, err := chromedp.Text(css(sel))(tctx, tg)
			cancel()
			if err == nil {
				last = s
				if strings.Contains(s, want) {
					return nil
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("%s never contained %q; last %q", sel, want, last)
	})
}

var linkPattern = regexp.MustCompile(`https?://[^\s]+`)

func linkIn(t *testing.T, text, path string) string {
	t.Helper()
	for _, l := range linkPattern.FindAllString(text, -1) {
		if strings.Contains(l, path) {
			return l
		}
	}
	t.Fatalf("no %s link in:\n%s", path, text)
	return ""
}

// TestRegisterConfirmAccountInvitation: a visitor registers on the public
// form (answering an organiser question), the confirmation mail arrives at
// the SMTP server and the browser confirms with its link; the calendar
// invitation arrives; the relationship manager creates accounts for the
// confirmed registrations; the invitation arrives, and the browser follows
// its set-password link, sets a password and logs in.
func TestRegisterConfirmAccountInvitation(t *testing.T) {
	ctx := Browser(t)
	smtpSrv := commstest.Start(t)
	db := storetest.SQLite(t)
	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{SMTP: comms.Config{Addr: smtpSrv.Addr, From: "hackathon@ketentest.example"}})
	// The comms worker as cmd/ketentest serve starts it.
	mailer := srv.App.Mailer
	if mailer == nil {
		t.Fatal("no mail worker with an SMTP server configured")
	}
	mailer.Runner.Poll = 100 * time.Millisecond
	wctx, stopWorker := context.WithCancel(context.Background())
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); mailer.Run(wctx) }()
	defer func() { stopWorker(); <-workerDone }()

	bg := context.Background()
	rm := newUser(t, srv, account.NewUser{Email: "rm@example.org", Name: "Rita Relatie"})
	h := newHackathon(t, srv, hackathon.Input{Code: "E2EP", Name: "BgZ-hackathon Zuid", Variant: "functioneel",
		Location: "Eindhoven, Evoluon", Kickoff: date.New(2027, 2, 3), Days: []date.Date{date.New(2027, 3, 17), date.New(2027, 3, 18)}}, rm.ID)
	addMember(t, srv, h.ID, rm.ID, string(blueprint.RoleRelatiemanager), 0, rm.ID)
	ps := participant.NewService(db, nil)
	if err := ps.SaveSettings(bg, h.ID, participant.Settings{Open: true, PrivacyText: "Wij bewaren je gegevens tot na de hackathon."}, rm.ID); err != nil {
		t.Fatal(err)
	}
	q, err := ps.SaveQuestion(bg, h.ID, participant.Question{Label: "Welke FHIR-versie test je?", Kind: participant.KindChoice,
		Options: []string{"STU3", "R4"}, Required: true}, rm.ID)
	if err != nil {
		t.Fatal(err)
	}

	const visitor = "vera@pgo.example"
	do(t, ctx, "register on the public form",
		chromedp.Navigate(fmt.Sprintf("%s/register/%d", ts.URL, h.ID)),
		chromedp.WaitVisible(css("input[name=name]")),
		chromedp.SendKeys(css("input[name=name]"), "Vera Visser"),
		chromedp.SendKeys(css("input[name=email]"), visitor),
		chromedp.SendKeys(css("input[name=organisation]"), "PGO Zuid BV"),
		chromedp.SetValue(css("select[name=chain_role]"), "pgo"),
		chromedp.Click(css("input[name=attend_kickoff]")),
		chromedp.Click(css(`input[name=attend_day][value="1"]`)),
		chromedp.SendKeys(css("input[name=dietary]"), "vegetarisch"),
		chromedp.Click(css(fmt.Sprintf(`input[name=%s][value="R4"]`, q.Field()))),
		chromedp.Click(css("input[name=consent]")),
	)
	Screenshot(t, ctx, "participants-1-form")
	do(t, ctx, "submit", chromedp.Submit(css("input[name=consent]")), waitText("main", "e-mail gestuurd"))
	if got := text(t, ctx, "main"); !strings.Contains(got, "we hebben je een e-mail gestuurd") {
		t.Fatalf("after registering: %q", got)
	}

	confirmMail := waitFor(t, smtpSrv, visitor, "Bevestig je aanmelding")
	body, _ := mailParts(t, confirmMail)
	confirmLink := linkIn(t, body, "/register/confirm/")
	do(t, ctx, "confirm with the mailed link",
		chromedp.Navigate(confirmLink),
		chromedp.WaitVisible(css("main form button")),
		chromedp.Click(css("main form button")),
		waitText("main", "bevestigd"),
	)
	if got := text(t, ctx, "main"); !strings.Contains(got, "Je aanmelding is bevestigd") {
		t.Fatalf("after confirming: %q", got)
	}

	do(t, ctx, "log in as relationship manager", login(ts.URL, "rm@example.org")...)
	do(t, ctx, "participants page", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/participants", ts.URL, h.ID)),
		chromedp.WaitVisible(css("#create-accounts button")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Vera Visser") || !strings.Contains(got, "R4") {
		t.Fatalf("participants page lacks the registration or its answer: %q", got)
	}
	do(t, ctx, "create accounts", chromedp.Click(css("#create-accounts button")), chromedp.WaitVisible(css("#accounts-result")))
	Screenshot(t, ctx, "participants-2-accounts")
	if got := text(t, ctx, "#accounts-result"); !strings.Contains(got, "1 nieuwe accounts") {
		t.Fatalf("accounts result: %q", got)
	}
	do(t, ctx, "participants again", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/participants", ts.URL, h.ID)),
		chromedp.WaitVisible(css("#create-accounts button")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "account uitgenodigd") {
		t.Fatalf("participants page does not show the invitation: %q", got)
	}
	do(t, ctx, "create accounts again", chromedp.Click(css("#create-accounts button")), chromedp.WaitVisible(css("#accounts-result")))
	if got := text(t, ctx, "#accounts-result"); !strings.Contains(got, "0 nieuwe accounts") || !strings.Contains(got, "1 aanmeldingen waren al eerder verwerkt") {
		t.Fatalf("second run: %q", got)
	}
	do(t, ctx, "the organisation's page", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/organisations", ts.URL, h.ID)),
		chromedp.WaitVisible(css("#orgs a")), chromedp.Click(css("#orgs a")), chromedp.WaitVisible(css("#people")))
	Screenshot(t, ctx, "participants-2b-organisation")
	if got := text(t, ctx, "#people"); !strings.Contains(got, "Vera Visser") || !strings.Contains(got, "vegetarisch") || strings.Count(got, "✓") != 2 {
		t.Fatalf("people table: %q", got)
	}
	do(t, ctx, "catering", chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/catering", ts.URL, h.ID)), chromedp.WaitVisible(css("#catering")))
	Screenshot(t, ctx, "participants-2c-catering")
	if got := text(t, ctx, "#catering"); !strings.Contains(got, "vegetarisch: 1") {
		t.Fatalf("catering: %q", got)
	}
	do(t, ctx, "log out", logout()...)

	invite := waitFor(t, smtpSrv, visitor, "Je account voor")
	body, _ = mailParts(t, invite)
	setLink := linkIn(t, body, "/account/set-password/")
	const newPassword = "mijn nieuwe wachtwoord"
	do(t, ctx, "set a password with the mailed link",
		chromedp.Navigate(setLink),
		chromedp.WaitVisible(css("#password")),
		chromedp.SendKeys(css("#password"), newPassword),
		chromedp.SendKeys(css("#password_again"), newPassword),
		chromedp.Submit(css("#password_again")),
		waitText(".flash", "wachtwoord"),
	)
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "wachtwoord is opgeslagen") {
		t.Fatalf("after setting the password: %q", got)
	}
	do(t, ctx, "log in with the new password",
		chromedp.SendKeys(css("#email"), visitor),
		chromedp.SendKeys(css("#password"), newPassword),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(`header form[action="/logout"]`)),
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d", ts.URL, h.ID)),
		chromedp.WaitVisible(css("main h1")),
	)
	Screenshot(t, ctx, "participants-3-logged-in")
	if got := text(t, ctx, "main h1"); !strings.Contains(got, "BgZ-hackathon Zuid") {
		t.Fatalf("the participant cannot open the hackathon: %q", got)
	}
	do(t, ctx, "the link works once", chromedp.Navigate(setLink), waitText("main", "ongeldig"))
	if got := text(t, ctx, "main"); !strings.Contains(got, "ongeldig, verlopen of al gebruikt") {
		t.Fatalf("used link: %q", got)
	}

	// The calendar invitation: the confirmation carries the .ics.
	calMail := waitFor(t, smtpSrv, visitor, "Aanmelding bevestigd")
	_, ics := mailParts(t, calMail)
	lines := comms.Unfold(ics)
	has := func(want string) bool {
		for _, l := range lines {
			if l == want {
				return true
			}
		}
		return false
	}
	for _, want := range []string{"BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270203", "DTSTART;VALUE=DATE:20270317",
		"LOCATION:" + comms.EscapeText("Eindhoven, Evoluon"), "END:VCALENDAR"} {
		if !has(want) {
			t.Errorf(".ics lacks %q:\n%s", want, ics)
		}
	}
	// Every mail once: confirmation request, confirmation with .ics, invitation.
	for id, n := range smtpSrv.CountByMessageID() {
		if n != 1 {
			t.Errorf("message %s received %d times", id, n)
		}
	}
	if n := len(smtpSrv.Messages()); n != 3 {
		t.Errorf("%d messages received, want 3", n)
	}
}
