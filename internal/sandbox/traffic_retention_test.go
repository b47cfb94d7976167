package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTrafficPurgeJob: the purge job deletes recorded traffic older than
// the retention period and keeps newer rows, then schedules its next run
// once; with retention 0 nothing is scheduled.
func TestTrafficPurgeJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
		for _, age := range []time.Duration{30 * 24 * time.Hour, 15 * 24 * time.Hour, 13 * 24 * time.Hour, time.Minute} {
			if _, err := db.Exec(ctx, `INSERT INTO sandbox_traffic (at, method, path, status, duration_us) VALUES (?, 'GET', '/48/fhir/Patient', 200, 10)`,
				now.Add(-age)); err != nil {
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
		c, err := q.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[jobs.StatusDone] != 1 || c[jobs.StatusQueued] != 1 {
			t.Errorf("jobs %v: want the purge done once and its next run queued", c)
		}
	})
}
