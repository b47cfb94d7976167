package commplan_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// textPart returns the decoded subject and text/plain part of a received mail.
func textPart(t *testing.T, m commstest.Received) (string, string) {
	t.Helper()
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return subj, string(m.Body)
	}
	mr := multipart.NewReader(strings.NewReader(string(m.Body)), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			t.Fatal("no text/plain part")
		}
		if err != nil {
			t.Fatal(err)
		}
		if ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct == "text/plain" {
			b, _ := io.ReadAll(p)
			return subj, string(b)
		}
	}
}

// TestAccountInvitationUsesTheEditedTemplate: "accounts aanmaken" (4E)
// mails every new account holder the hackathon's own accountuitnodiging
// template over SMTP, with the set-password link as {{link}}; a language
// the hackathon has no template in gets the blueprint's default text.
func TestAccountInvitationUsesTheEditedTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		srv := commstest.Start(t)
		w := comms.NewWorker(f.svc.Outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		accounts := account.NewService(db)
		accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}

		// The template cannot be planned in the calendar: its action sends it.
		tmpl, err := f.svc.CreateTemplate(ctx, f.h.ID, commplan.TemplateInput{Moment: commplan.MomentAccountInvitation, Language: "nl",
			Name: "Accountmail", Subject: "Welkom bij {{hackathon}}, {{naam}}",
			Body: "Hoi {{naam}} van {{organisatie}},\n\nJouw inlognaam: {{email}}. Kies binnen {{geldig_dagen}} dagen een wachtwoord:\n\n{{link}}\n\nTot op de Jaarbeurs!\n"}, f.comm)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTemplate(ctx, f.h.ID, commplan.TemplateInput{Moment: commplan.MomentAccountInvitation, Language: "nl",
			Name: "Fout", Subject: "x", Body: "{{wachtwoord}}"}, f.comm); err == nil || !strings.Contains(err.Error(), "{{wachtwoord}}") {
			t.Fatalf("unknown merge field accepted: %v", err)
		}
		if _, err := f.svc.CreateItem(ctx, f.h.ID, commplan.ItemInput{Title: "Accounts", PlannedOn: f.h.Kickoff, Channel: "email", TemplateID: tmpl.ID}, f.comm); err == nil {
			t.Fatal("a calendar item with the account invitation template")
		}
		f.register(t, "Jan Jansen", "jan@zorg-oost.example", "Zorg Oost", "zorgaanbieder", "confirmed", "nl")
		f.register(t, "Mary Smith", "mary@pgo.example", "PGO Co", "pgo", "confirmed", "en")
		f.register(t, "Piet Wacht", "piet@dva.example", "DVA BV", "dva", "waitlist", "nl")

		res, err := f.svc.CreateAccounts(ctx, f.h, accounts, "https://ketentest.example/", f.lead)
		if err != nil || res != (participant.AccountsResult{Created: 2}) {
			t.Fatalf("accounts: %+v %v", res, err)
		}
		for {
			worked, err := w.Runner.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !worked {
				break
			}
		}
		got := map[string][2]string{}
		for _, m := range srv.Messages() {
			subj, text := textPart(t, m)
			got[m.To[0]] = [2]string{subj, text}
		}
		if len(got) != 2 {
			t.Fatalf("received %d messages: %v", len(got), got)
		}
		jan := got["jan@zorg-oost.example"]
		if jan[0] != "Welkom bij BgZ-hackathon, Jan Jansen" || !strings.Contains(jan[1], "Hoi Jan Jansen van Zorg Oost,") ||
			!strings.Contains(jan[1], "Jouw inlognaam: jan@zorg-oost.example. Kies binnen 14 dagen") {
			t.Fatalf("edited template not used: %q\n%s", jan[0], jan[1])
		}
		_, token, ok := strings.Cut(jan[1], "https://ketentest.example"+participant.AccountInvitePath)
		token, _, _ = strings.Cut(token, "\n")
		token = strings.TrimSpace(token)
		if !ok || token == "" {
			t.Fatalf("no set-password link:\n%s", jan[1])
		}
		if u, err := accounts.UserBySetPasswordToken(ctx, token); err != nil || u.Email != "jan@zorg-oost.example" {
			t.Fatalf("the link in the mail: %v", err)
		}
		mary := got["mary@pgo.example"]
		if mary[0] != "Your account for BgZ-hackathon" || !strings.Contains(mary[1], "Dear Mary Smith,") ||
			!strings.Contains(mary[1], "https://ketentest.example"+participant.AccountInvitePath) {
			t.Fatalf("English default not used: %q\n%s", mary[0], mary[1])
		}
	})
}
