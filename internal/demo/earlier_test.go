package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// running returns the running demo hackathon of a list (the demo also
// holds the earlier, closed one).
func running(all []*hackathon.Hackathon) []*hackathon.Hackathon {
	for _, h := range all {
		if h.Code == demo.Code {
			return []*hackathon.Hackathon{h}
		}
	}
	return nil
}

// TestDemoEarlierHackathon: the demo holds an earlier hackathon on the
// same data service whose evaluation was answered and summarised (6A) and
// whose final report was delivered and accepted (9D).
func TestDemoEarlierHackathon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if _, err := demo.Load(ctx, db, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		var hid int64
		if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", demo.EarlierCode).Scan(&hid); err != nil {
			t.Fatal(err)
		}
		var responses, closed, accepted int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM evaluation_responses r JOIN evaluations e ON e.id = r.evaluation_id WHERE e.hackathon_id = ?", hid).Scan(&responses)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM evaluations WHERE hackathon_id = ? AND status = 'closed'", hid).Scan(&closed)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM report_versions WHERE hackathon_id = ? AND status = 'delivered' AND accepted_at IS NOT NULL", hid).Scan(&accepted)
		if responses < 8 || closed != 1 || accepted != 1 {
			t.Errorf("earlier demo: %d responses, %d closed questionnaires, %d accepted reports", responses, closed, accepted)
		}
		ms, _ := hackathon.NewService(db).Milestones(ctx, hid)
		for _, m := range ms {
			if (m.Code == "6A" || m.Code == "9D") && m.Status != hackathon.StatusKlaar {
				t.Errorf("%s is %s", m.Code, m.Status)
			}
		}
		var published int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM draaiboeks WHERE hackathon_id = ? AND status = 'final'", hid).Scan(&published)
		if published != 1 {
			t.Errorf("earlier demo: %d published draaiboeks, want day 1's", published)
		}
		var drafts int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM evaluations e JOIN hackathons h ON h.id = e.hackathon_id WHERE h.code = ?", demo.Code).Scan(&drafts)
		if drafts != 1 {
			t.Errorf("running demo has %d questionnaires, want day 1's", drafts)
		}
	})
}
