package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/report/pdf/pdftest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestKickoffDeck: the deck has the context from the canvas, the course
// with the days, a slide per role's snelcheck and the test environment,
// one slide per PDF page; holding it before sharing is refused; sharing
// completes 2D and holding 3A.
func TestKickoffDeck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, []date.Date{date.New(2027, 6, 10)})
		f.populate(t, 3, 0)
		k, err := f.svc.BuildKickoff(ctx, f.h.ID, "nl", "https://sandbox.example")
		if err != nil {
			t.Fatal(err)
		}
		b, err := k.PDF()
		if err != nil {
			t.Fatal(err)
		}
		text := pdftest.MustText(t, b)
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Context en doel", "Patiënten willen hun BgZ", "Verloop", "2027-06-10", "Snelcheck pgo", "Snelcheck dva", "Testomgeving", "https://sandbox.example/48/fhir", "Volgende stappen"} {
			if !strings.Contains(flat, want) {
				t.Errorf("deck lacks %q", want)
			}
		}
		if pages := strings.Count(text, "\f"); pages < len(k.Slides)+1 {
			t.Errorf("%d pages for %d slides and the contents", pages, len(k.Slides))
		}
		if err := f.svc.AdvanceKickoff(ctx, f.h.ID, report.KickoffHeld, f.lead); err == nil {
			t.Error("held before shared was accepted")
		}
		for _, to := range []string{report.KickoffShared, report.KickoffHeld} {
			if err := f.svc.AdvanceKickoff(ctx, f.h.ID, to, f.lead); err != nil {
				t.Fatal(err)
			}
		}
		ms, _ := f.svc.Hackathons.Milestones(ctx, f.h.ID)
		for _, m := range ms {
			if (m.Code == "2D" || m.Code == "3A") && m.Status != hackathon.StatusKlaar {
				t.Errorf("%s is %s", m.Code, m.Status)
			}
		}
	})
}
