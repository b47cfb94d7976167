package participant_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var linkRe = regexp.MustCompile(`http://x/register/(confirm|cancel)/([0-9a-f]+)`)

// links drains the outbox through a real SMTP conversation and returns the
// tokens of the links in the messages to addr.
func deliver(t *testing.T, w *comms.Worker) {
	t.Helper()
	for {
		worked, err := w.Runner.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !worked {
			return
		}
	}
}

func tokens(srv *commstest.Server, to string) map[string]string {
	out := map[string]string{}
	for _, m := range srv.Messages() {
		if m.To[0] != to {
			continue
		}
		body := strings.ReplaceAll(string(m.Body), "=\r\n", "")
		for _, l := range linkRe.FindAllStringSubmatch(body, -1) {
			out[l[1]] = l[2]
		}
	}
	return out
}

func TestRegistrationFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hs := hackathon.NewService(db)
		h, err := hs.Create(ctx, hackathon.Input{Code: "REG", Name: "Reg", Variant: "technisch", Location: "Utrecht",
			Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		srv := commstest.Start(t)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		w := comms.NewWorker(outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		ps := participant.NewService(db, outbox)
		in := func(email string) participant.Input {
			return participant.Input{Organisation: "PGO BV", ChainRole: "pgo", Name: "Piet", Email: email, Consent: true, AttendDays: []int{1}}
		}
		if _, err := ps.Register(ctx, h, in("a@example.org"), "http://x"); err == nil {
			t.Fatal("registered while closed")
		}
		if err := ps.SaveSettings(ctx, h.ID, participant.Settings{Open: true, PrivacyText: "Wij bewaren...", Capacity: map[participant.ChainRole]int{"pgo": 1}}, 0); err != nil {
			t.Fatal(err)
		}
		bad := in("not-an-address")
		bad.Consent = false
		_, err = ps.Register(ctx, h, bad, "http://x")
		if f := apperr.Fields(err); len(f) != 2 {
			t.Fatalf("want email and consent errors, got %v", err)
		}
		if _, err := ps.Register(ctx, h, in("a@example.org"), "http://x"); err != nil {
			t.Fatal(err)
		}
		_, err = ps.Register(ctx, h, in("A@example.org"), "http://x")
		if f := apperr.Fields(err); len(f) != 1 || f[0].Field != "email" {
			t.Fatalf("duplicate: %v", err)
		}
		res, err := ps.Register(ctx, h, in("b@example.org"), "http://x")
		if err != nil || res.RoleFull {
			t.Fatalf("b: %+v %v", res, err) // nobody confirmed yet: not full
		}
		deliver(t, w)
		ta, tb := tokens(srv, "a@example.org"), tokens(srv, "b@example.org")
		if ta["confirm"] == "" || tb["cancel"] == "" {
			t.Fatalf("links not in mail: %v %v", ta, tb)
		}
		ra, err := ps.Confirm(ctx, h, ta["confirm"], "http://x")
		if err != nil || ra.Status != participant.StatusConfirmed {
			t.Fatalf("confirm a: %+v %v", ra, err)
		}
		if _, err := ps.Confirm(ctx, h, ta["confirm"], "http://x"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("confirm link works twice: %v", err)
		}
		if res, _ := ps.Register(ctx, h, in("c@example.org"), "http://x"); !res.RoleFull {
			t.Fatal("c not told the role is full")
		}
		rb, err := ps.Confirm(ctx, h, tb["confirm"], "http://x")
		if err != nil || rb.Status != participant.StatusWaitlist {
			t.Fatalf("confirm b: %+v %v", rb, err)
		}
		// a cancels: b gets the place.
		if _, err := ps.Cancel(ctx, h, ta["cancel"], "http://x"); err != nil {
			t.Fatal(err)
		}
		rb, _ = ps.Get(ctx, h.ID, rb.ID)
		if rb.Status != participant.StatusConfirmed {
			t.Fatalf("b not promoted: %s", rb.Status)
		}
		deliver(t, w)
		var invites int
		for _, m := range srv.Messages() {
			if strings.Contains(string(m.Body), "BEGIN:VCALENDAR") {
				invites++
				if !strings.Contains(string(m.Body), "LOCATION:Utrecht") {
					t.Errorf("invitation without location")
				}
			}
		}
		if invites != 2 {
			t.Fatalf("%d invitations, want 2 (a and promoted b)", invites)
		}
		// A cancelled address may register again.
		if _, err := ps.Register(ctx, h, in("a@example.org"), "http://x"); err != nil {
			t.Fatalf("re-register after cancel: %v", err)
		}
		if err := ps.Delete(ctx, h.ID, rb.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.Get(ctx, h.ID, rb.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("deleted registration still there: %v", err)
		}
	})
}

func TestRateLimit(t *testing.T) {
	db := storetest.SQLite(t)
	ps := participant.NewService(db, nil)
	for i := 0; i < ps.RateLimit; i++ {
		if ok, err := ps.Allow(context.Background(), "1.2.3.4"); !ok || err != nil {
			t.Fatalf("attempt %d refused: %v", i, err)
		}
	}
	if ok, _ := ps.Allow(context.Background(), "1.2.3.4"); ok {
		t.Fatal("over the limit allowed")
	}
	if ok, _ := ps.Allow(context.Background(), "5.6.7.8"); !ok {
		t.Fatal("other address refused")
	}
}
