package participant_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestWaitingListMovesUpWhenPlacesGrow: raising a chain role's places from
// 1 to 2 confirms the first waiting registration (in order of their own
// confirmation) and tells that person with the confirmation mail and its
// invitation; the next one keeps waiting. Removing the limit confirms the rest.
func TestWaitingListMovesUpWhenPlacesGrow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "WL", Name: "Wachtlijst", Variant: "technisch", Location: "Utrecht",
			Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		srv := commstest.Start(t)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		w := comms.NewWorker(outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		ps := participant.NewService(db, outbox)
		settings := func(places map[participant.ChainRole]int) {
			t.Helper()
			if err := ps.SaveSettingsLinked(ctx, h.ID, participant.Settings{Open: true, PrivacyText: "p", Capacity: places}, "http://x", 0); err != nil {
				t.Fatal(err)
			}
		}
		settings(map[participant.ChainRole]int{"pgo": 1})
		ids := map[string]int64{}
		for _, who := range []string{"a", "b", "c"} {
			res, err := ps.Register(ctx, h, participant.Input{Organisation: "PGO BV", ChainRole: "pgo", Name: who, Email: who + "@example.org", Consent: true}, "http://x")
			if err != nil {
				t.Fatal(err)
			}
			ids[who] = res.ID
			deliver(t, w)
			if _, err := ps.Confirm(ctx, h, tokens(srv, who+"@example.org")["confirm"], "http://x"); err != nil {
				t.Fatal(err)
			}
		}
		status := func(who string) string {
			r, err := ps.Get(ctx, h.ID, ids[who])
			if err != nil {
				t.Fatal(err)
			}
			return r.Status
		}
		if status("a") != participant.StatusConfirmed || status("b") != participant.StatusWaitlist || status("c") != participant.StatusWaitlist {
			t.Fatalf("before: a %s, b %s, c %s", status("a"), status("b"), status("c"))
		}
		deliver(t, w)
		before := len(srv.Messages())
		settings(map[participant.ChainRole]int{"pgo": 2})
		if status("b") != participant.StatusConfirmed || status("c") != participant.StatusWaitlist {
			t.Fatalf("after 1 → 2 places: b %s, c %s; want b confirmed, c waiting", status("b"), status("c"))
		}
		deliver(t, w)
		msgs := srv.Messages()[before:]
		if len(msgs) != 1 || msgs[0].To[0] != "b@example.org" || !strings.Contains(string(msgs[0].Body), "BEGIN:VCALENDAR") {
			t.Fatalf("after promotion %d messages, want the confirmation with invitation to b only", len(msgs))
		}
		// The invitation is a REQUEST with its organizer and attendee, labelled in b's language.
		ics := strings.ReplaceAll(strings.ReplaceAll(string(msgs[0].Body), "=\r\n", ""), "\r\n ", "")
		if !strings.Contains(ics, "ORGANIZER") || !strings.Contains(ics, "mailto:b@example.org") || strings.Contains(ics, "day 1") {
			t.Fatalf("invitation lacks organizer/attendee or mixes languages:\n%s", ics)
		}
		settings(map[participant.ChainRole]int{})
		if status("c") != participant.StatusConfirmed {
			t.Fatalf("without a limit c is still %s", status("c"))
		}
	})
}
