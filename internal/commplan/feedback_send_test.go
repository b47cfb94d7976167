package commplan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestFeedbackNotSentGenerically: the 6B feedback item of the proposed
// calendar has a template using the per-organisation merge fields, so the
// generic send refuses it (pointing at the test day's send) and queues
// nothing.
func TestFeedbackNotSentGenerically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.register(t, "Mary Smith", "mary@pgo.example", "PGO & Co", "pgo", "confirmed", "en")
		if _, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		var item commplan.Item
		items, _ := f.svc.Calendar(ctx, f.h.ID)
		for _, it := range items {
			if it.Moment == commplan.MomentFeedback {
				item = it
			}
		}
		if item.ID == 0 || item.TemplateID == 0 {
			t.Fatalf("no feedback item with a template: %+v", item)
		}
		if _, err := f.svc.Send(ctx, f.h.ID, item.ID, "https://ketentest.example", f.comm); !strings.Contains(httpConflict(err), "SendFeedback") {
			t.Fatalf("generic send of the feedback: %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE hackathon_id = ?", f.h.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("queued %d (%v)", n, err)
		}
	})
}
