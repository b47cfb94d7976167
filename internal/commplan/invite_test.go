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

// textPart returns the decoded subject and text/plain part of a received
// mail, looking into nested multiparts (alternative inside mixed).
func textPart(t *testing.T, m commstest.Received) (string, string) {
	t.Helper()
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	text, ok := findText(t, m.Header.Get("Content-Type"), string(m.Body))
	if !ok {
		t.Fatalf("%s: no text/plain part", subj)
	}
	return subj, text
}

func findText(t *testing.T, contentType, body string) (string, bool) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", contentType, err)
	}
	if mt == "text/plain" {
		return body, true
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return "", false
	}
	mr := multipart.NewReader(strings.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return "", false
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if text, ok := findText(t, p.Header.Get("Content-Type"), string(b)); ok {
			return text, true
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

// TestConfirmationMailUsesTheEditedTemplate: a registration that gets a
// place receives the hackathon's own aanmeldbevestiging template, with the
// .ics invitation still attached; without an own template in the
// registrant's language the default text is used.
func TestConfirmationMailUsesTheEditedTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		srv := commstest.Start(t)
		w := comms.NewWorker(f.svc.Outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		if _, err := f.svc.CreateTemplate(ctx, f.h.ID, commplan.TemplateInput{Moment: commplan.MomentRegistrationConfirmed, Language: "nl",
			Name: "Bevestiging", Subject: "Je bent erbij, {{naam}}!", Body: "Welkom {{naam}} van {{organisatie}}. Parkeren kan bij P3 van {{locatie}}.\n"}, f.comm); err != nil {
			t.Fatal(err)
		}
		ps := f.svc.Participants
		f.register(t, "Jan Jansen", "jan@zorg-oost.example", "Zorg Oost", "zorgaanbieder", "waitlist", "nl")
		f.register(t, "Mary Smith", "mary@zorg-oost.example", "Zorg Oost", "zorgaanbieder", "waitlist", "en")
		for _, email := range []string{"jan@zorg-oost.example", "mary@zorg-oost.example"} {
			var id int64
			if err := db.QueryRow(ctx, "SELECT id FROM registrations WHERE email = ?", email).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := ps.SetStatus(ctx, f.h, id, participant.StatusConfirmed, "https://ketentest.example", f.lead); err != nil {
				t.Fatal(err)
			}
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
		got := map[string]string{}
		for _, m := range srv.Messages() {
			subj, text := textPart(t, m)
			if strings.Contains(subj, "Je bent erbij") || strings.HasPrefix(subj, "Registration confirmed") {
				got[m.To[0]] = subj + "\n" + text
				if !strings.Contains(string(m.Body), "BEGIN:VCALENDAR") {
					t.Errorf("%s: no .ics invitation", m.To[0])
				}
			}
		}
		if !strings.Contains(got["jan@zorg-oost.example"], "Je bent erbij, Jan Jansen!\nWelkom Jan Jansen van Zorg Oost. Parkeren kan bij P3 van Utrecht, Jaarbeurs.") {
			t.Fatalf("edited confirmation: %q", got["jan@zorg-oost.example"])
		}
		if !strings.Contains(got["mary@zorg-oost.example"], "Registration confirmed: BgZ-hackathon\nDear Mary Smith,") {
			t.Fatalf("default English confirmation: %q", got["mary@zorg-oost.example"])
		}
	})
}
