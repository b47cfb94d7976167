package commplan_test

import (
	"context"
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

// TestWaitlistAndCancellationMailsUseTheTemplates: confirming onto a full
// chain role and cancelling by the link send the hackathon's own wachtlijst
// and afmelding templates over SMTP; without an own template in the
// registrant's language the default text is used.
func TestWaitlistAndCancellationMailsUseTheTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		srv := commstest.Start(t)
		w := comms.NewWorker(f.svc.Outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		for _, in := range []commplan.TemplateInput{
			{Moment: commplan.MomentRegistrationWaitlisted, Language: "nl", Name: "Wachtlijst", Subject: "Even geduld, {{naam}}", Body: "{{organisatie}} staat op de wachtlijst.\n"},
			{Moment: commplan.MomentRegistrationCancelled, Language: "nl", Name: "Afmelding", Subject: "Tot ziens, {{naam}}", Body: "Jammer dat je niet komt naar {{hackathon}}.\n"},
		} {
			if _, err := f.svc.CreateTemplate(ctx, f.h.ID, in, f.comm); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(ctx, "INSERT INTO registration_capacity (hackathon_id, chain_role, capacity) VALUES (?, 'zorgaanbieder', 0)", f.h.ID); err != nil {
			t.Fatal(err)
		}
		ps := f.svc.Participants
		for _, p := range []struct{ name, email, lang string }{{"Jan Jansen", "jan@zorg-oost.example", "nl"}, {"Mary Smith", "mary@zorg-oost.example", "en"}} {
			f.register(t, p.name, p.email, "Zorg Oost", "zorgaanbieder", "pending", p.lang)
			if _, err := db.Exec(ctx, "UPDATE registrations SET confirm_token_hash = ?, cancel_token_hash = ? WHERE email = ?",
				account.HashToken("confirm-"+p.email), account.HashToken("cancel-"+p.email), p.email); err != nil {
				t.Fatal(err)
			}
			if r, err := ps.Confirm(ctx, f.h, "confirm-"+p.email, "https://ketentest.example"); err != nil || r.Status != participant.StatusWaitlist {
				t.Fatalf("confirm %s: %+v %v", p.email, r, err)
			}
			if _, err := ps.Cancel(ctx, f.h, "cancel-"+p.email, "https://ketentest.example"); err != nil {
				t.Fatalf("cancel %s: %v", p.email, err)
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
		got := map[string][]string{}
		for _, m := range srv.Messages() {
			subj, text := textPart(t, m)
			got[m.To[0]] = append(got[m.To[0]], subj+"\n"+text)
		}
		jan := strings.Join(got["jan@zorg-oost.example"], "\n---\n")
		if len(got["jan@zorg-oost.example"]) != 2 || !strings.Contains(jan, "Even geduld, Jan Jansen\nZorg Oost staat op de wachtlijst.") ||
			!strings.Contains(jan, "Tot ziens, Jan Jansen\nJammer dat je niet komt naar BgZ-hackathon.") {
			t.Fatalf("edited Dutch templates not used:\n%s", jan)
		}
		mary := strings.Join(got["mary@zorg-oost.example"], "\n---\n")
		if len(got["mary@zorg-oost.example"]) != 2 || !strings.Contains(mary, "Waiting list: BgZ-hackathon\nDear Mary Smith,") ||
			!strings.Contains(mary, "Cancelled: BgZ-hackathon\nDear Mary Smith,") || strings.Contains(mary, "Even geduld") {
			t.Fatalf("English defaults not used:\n%s", mary)
		}
	})
}
