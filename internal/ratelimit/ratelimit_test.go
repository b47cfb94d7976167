package ratelimit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/ratelimit"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// A burst of parallel hits on one key lets exactly Max through: each hit
// is counted before the next one reads the counter.
func TestBurstCountsAtomically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := ratelimit.New(db)
		rule := ratelimit.Rule{Max: 5, Window: 15 * time.Minute}
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each with its own clock reading: they reach the database in any order.
				d, err := l.Hit(context.Background(), "burst", rule, time.Now().UTC())
				if err != nil {
					t.Error(err)
				}
				if d.Allowed {
					allowed.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := allowed.Load(); n != 5 {
			t.Fatalf("%d of 50 parallel hits allowed, want exactly 5", n)
		}
	})
}

func TestWindowAndBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := ratelimit.New(db)
		t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		rule := ratelimit.Rule{Max: 2, Window: 15 * time.Minute, BaseDelay: time.Minute, MaxDelay: 4 * time.Minute}
		hit := func(at time.Duration) ratelimit.Decision {
			t.Helper()
			d, err := l.Hit(ctx, "k", rule, t0.Add(at))
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		steps := []struct {
			at    time.Duration
			allow bool
			retry time.Duration
		}{
			{0, true, 0},
			{time.Second, true, 0},
			{2 * time.Second, false, 59 * time.Second}, // over the limit: 1 minute after the last hit
			{61 * time.Second, true, 0},                // backoff passed: one more
			{62 * time.Second, false, 119 * time.Second},
			{181 * time.Second, true, 0},
			{182 * time.Second, false, 239 * time.Second}, // doubling stops at MaxDelay
			{421 * time.Second, true, 0},
			{422 * time.Second, false, 239 * time.Second},
			{15 * time.Minute, true, 0}, // a new window
			{15*time.Minute + time.Second, true, 0},
		}
		for i, s := range steps {
			d := hit(s.at)
			if d.Allowed != s.allow || d.RetryAfter != s.retry {
				t.Errorf("step %d at %v: allowed=%v retry=%v, want %v %v", i, s.at, d.Allowed, d.RetryAfter, s.allow, s.retry)
			}
		}
		// Without a backoff a key over its limit waits for the window's end.
		plain := ratelimit.Rule{Max: 1, Window: 10 * time.Minute}
		if d, _ := l.Hit(ctx, "p", plain, t0); !d.Allowed {
			t.Fatal("first hit refused")
		}
		if d, _ := l.Hit(ctx, "p", plain, t0.Add(4*time.Minute)); d.Allowed || d.RetryAfter != 6*time.Minute {
			t.Fatalf("second hit: %+v, want refused for 6m", d)
		}
		// A refund gives one hit back; a reset all of them.
		if err := l.Refund(ctx, "p"); err != nil {
			t.Fatal(err)
		}
		if d, _ := l.Hit(ctx, "p", plain, t0.Add(5*time.Minute)); !d.Allowed {
			t.Fatal("hit after refund refused")
		}
		if err := l.Reset(ctx, "p"); err != nil {
			t.Fatal(err)
		}
		if d, _ := l.Hit(ctx, "p", plain, t0.Add(6*time.Minute)); !d.Allowed {
			t.Fatal("hit after reset refused")
		}
	})
}
