package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDrainRunsWhatIsDue: Drain runs every due job once and leaves a job
// that is not due yet.
func TestDrainRunsWhatIsDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q, c := newQueue(db)
		for range 3 {
			if _, err := q.Enqueue(ctx, db, jobs.New{Kind: "k"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := q.Enqueue(ctx, db, jobs.New{Kind: "k", RunAt: c.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		ran := 0
		r := &jobs.Runner{Queue: q, Kinds: map[string]jobs.Kind{"k": {Handle: func(context.Context, *jobs.Job) (func(*store.Tx) error, error) {
			ran++
			return nil, nil
		}}}}
		if err := r.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if ran != 3 {
			t.Fatalf("ran %d jobs, want the 3 due", ran)
		}
	})
}
