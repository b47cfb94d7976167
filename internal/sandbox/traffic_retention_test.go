package sandbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTrafficPurgeJob: the purge job deletes recorded traffic older than
// the retention period and keeps newer rows, deletes the stored bodies only
// purged rows referred to (and bodies no row refers to) while keeping those
// a remaining row uses, then schedules its next run once; with retention 0
// nothing is scheduled.
func TestTrafficPurgeJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
		// Bodies: "old" only an old row uses, "shared" an old and a new
		// row, "new" only a new row, "orphan" none.
		for _, h := range []string{"old", "shared", "new", "orphan"} {
			if _, err := db.Exec(ctx, "INSERT INTO sandbox_bodies (hash, body) VALUES (?, ?)", h, "body "+h); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []struct {
			age       time.Duration
			req, resp string
		}{{30 * 24 * time.Hour, "old", "shared"}, {15 * 24 * time.Hour, "", "old"}, {13 * 24 * time.Hour, "shared", ""}, {time.Minute, "", "new"}} {
			if _, err := db.Exec(ctx, `INSERT INTO sandbox_traffic (at, method, path, status, duration_us, request_body_hash, response_body_hash)
				VALUES (?, 'GET', '/48/fhir/Patient', 200, 10, ?, ?)`, now.Add(-r.age), r.req, r.resp); err != nil {
				t.Fatal(err)
			}
		}
		q := jobs.NewQueue(db)
		q.Now = func() time.Time { return now }
		if err := sandbox.ScheduleTrafficPurge(ctx, q, 0); err != nil {
			t.Fatal(err)
		}
		if c, _ := q.Counts(ctx); c[jobs.StatusQueued] != 0 {
			t.Fatalf("retention 0 scheduled a purge: %v", c)
		}
		for range 2 { // a second instance starting adds no second job
			if err := sandbox.ScheduleTrafficPurge(ctx, q, 14*24*time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		r := &jobs.Runner{Queue: q, Kinds: map[string]jobs.Kind{sandbox.KindPurgeTraffic: sandbox.TrafficPurgeKind(db, q, 14*24*time.Hour)}}
		if err := r.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM sandbox_traffic").Scan(&left)
		if left != 2 {
			t.Errorf("%d rows left, want the 2 younger than 14 days", left)
		}
		var bodies []string
		rows, err := db.Query(ctx, "SELECT hash FROM sandbox_bodies ORDER BY hash")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var h string
			rows.Scan(&h)
			bodies = append(bodies, h)
		}
		rows.Close()
		if got := strings.Join(bodies, ","); got != "new,shared" {
			t.Errorf("bodies left %q, want new,shared (those the remaining rows use)", got)
		}
		c, err := q.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[jobs.StatusDone] != 1 || c[jobs.StatusQueued] != 1 {
			t.Errorf("jobs %v: want the purge done once and its next run queued", c)
		}
	})
}
