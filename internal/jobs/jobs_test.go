package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newQueue(db *store.DB) (*jobs.Queue, *clock) {
	c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
	q := jobs.NewQueue(db)
	q.Now = c.Now
	return q, c
}

func TestEnqueueDedupeAndClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q, c := newQueue(db)
		id, err := q.Enqueue(ctx, db, jobs.New{Kind: "k", Payload: map[string]int{"n": 1}, DedupeKey: "one"})
		if err != nil || id == 0 {
			t.Fatalf("enqueue: %d %v", id, err)
		}
		if id2, err := q.Enqueue(ctx, db, jobs.New{Kind: "k", DedupeKey: "one"}); err != nil || id2 != 0 {
			t.Fatalf("dedupe: %d %v", id2, err)
		}
		later, _ := q.Enqueue(ctx, db, jobs.New{Kind: "k", RunAt: c.Now().Add(time.Hour)})
		j, err := q.Claim(ctx, "w1", time.Minute, "k")
		if err != nil || j == nil || j.ID != id || j.Attempts != 1 || string(j.Payload) != `{"n":1}` {
			t.Fatalf("claim = %+v, %v", j, err)
		}
		if j2, _ := q.Claim(ctx, "w2", time.Minute, "k"); j2 != nil {
			t.Fatalf("claimed a leased or future job: %+v", j2)
		}
		// w1 dies: after the lease expires w2 claims the job again.
		c.Add(2 * time.Minute)
		j2, err := q.Claim(ctx, "w2", time.Minute, "k")
		if err != nil || j2 == nil || j2.ID != id || j2.Attempts != 2 {
			t.Fatalf("reclaim = %+v, %v", j2, err)
		}
		// w1 wakes up: its completion is refused.
		if err := q.Complete(ctx, j, nil); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("stale complete: %v", err)
		}
		if err := q.Complete(ctx, j2, nil); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Hour)
		j3, _ := q.Claim(ctx, "w1", time.Minute, "k")
		if j3 == nil || j3.ID != later {
			t.Fatalf("future job not due: %+v", j3)
		}
	})
}

func TestRetryBackoffAndDead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q, c := newQueue(db)
		id, _ := q.Enqueue(ctx, db, jobs.New{Kind: "boom", MaxAttempts: 3})
		dead := 0
		r := &jobs.Runner{Queue: q, ID: "w", Kinds: map[string]jobs.Kind{"boom": {
			Handle: func(ctx context.Context, j *jobs.Job) (func(*store.Tx) error, error) {
				return nil, errors.New("smtp down")
			},
			Dead: func(ctx context.Context, tx *store.Tx, j *jobs.Job, cause error) error { dead++; return nil },
		}}}
		for attempt := 1; attempt <= 3; attempt++ {
			worked, err := r.RunOnce(ctx)
			if err != nil || !worked {
				t.Fatalf("attempt %d: %v %v", attempt, worked, err)
			}
			j, _ := q.Get(ctx, id)
			if attempt < 3 {
				want := c.Now().Add(jobs.DefaultBackoff(attempt))
				if j.Status != jobs.StatusQueued || !j.RunAt.Equal(want) || j.LastError != "smtp down" {
					t.Fatalf("after attempt %d: %+v (want run_at %v)", attempt, j, want)
				}
				if worked, _ := r.RunOnce(ctx); worked {
					t.Fatal("ran before the backoff elapsed")
				}
				c.Add(jobs.DefaultBackoff(attempt))
			} else if j.Status != jobs.StatusFailed || dead != 1 {
				t.Fatalf("after last attempt: %+v dead=%d", j, dead)
			}
		}
	})
}

func TestConcurrentWorkersRunEachJobOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := jobs.NewQueue(db)
		const n = 40
		for i := 0; i < n; i++ {
			if _, err := q.Enqueue(ctx, db, jobs.New{Kind: "count", Payload: i}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		handle := func(ctx context.Context, j *jobs.Job) (func(*store.Tx) error, error) {
			mu.Lock()
			seen[j.ID]++
			mu.Unlock()
			return nil, nil
		}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := &jobs.Runner{Queue: q, Kinds: map[string]jobs.Kind{"count": {Handle: handle}}}
				for {
					worked, err := r.RunOnce(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if !worked {
						return
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Fatalf("ran %d distinct jobs, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("job %d ran %d times", id, c)
			}
		}
		counts, _ := q.Counts(ctx)
		if counts[jobs.StatusDone] != n {
			t.Fatalf("counts = %v", counts)
		}
	})
}
