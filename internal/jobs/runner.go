package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Handler does a job's work outside any transaction and returns the effect
// that records it, run in the transaction that marks the job done.
type Handler func(ctx context.Context, j *Job) (effect func(tx *store.Tx) error, err error)

// Kind is how a runner treats one kind of job.
type Kind struct {
	Handle Handler
	// Dead, when set, runs in the transaction that gives the job up.
	Dead func(ctx context.Context, tx *store.Tx, j *Job, cause error) error
}

// Runner claims and runs jobs until its context ends.
type Runner struct {
	Queue *Queue
	Kinds map[string]Kind
	ID    string        // worker id; random when empty
	Lease time.Duration // default 2 minutes
	Poll  time.Duration // idle wait between claims; default 1s
	// Ran, when set, is called after every job (done or failed), for tests and metrics.
	Ran func(j *Job, err error)
}

func (r *Runner) defaults() {
	if r.ID == "" {
		b := make([]byte, 6)
		rand.Read(b)
		host, _ := os.Hostname()
		r.ID = host + "-" + hex.EncodeToString(b)
	}
	if r.Lease == 0 {
		r.Lease = 2 * time.Minute
	}
	if r.Poll == 0 {
		r.Poll = time.Second
	}
}

func (r *Runner) kinds() []string {
	out := make([]string, 0, len(r.Kinds))
	for k := range r.Kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Run works until ctx is cancelled. A job in progress when ctx ends is
// finished and recorded first (its work is not cancelled), so a graceful
// stop never leaves a job done but unrecorded.
func (r *Runner) Run(ctx context.Context) error {
	r.defaults()
	for {
		if ctx.Err() != nil {
			return nil
		}
		worked, err := r.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			slog.Error("jobs: claim", "worker", r.ID, "err", err)
		}
		if worked {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(r.Poll):
		}
	}
}

// RunOnce claims and runs at most one job; it reports whether it found one.
func (r *Runner) RunOnce(ctx context.Context) (bool, error) {
	r.defaults()
	j, err := r.Queue.Claim(ctx, r.ID, r.Lease, r.kinds()...)
	if err != nil || j == nil {
		return false, err
	}
	// From here on the job is finished even when ctx is cancelled.
	work := context.WithoutCancel(ctx)
	k := r.Kinds[j.Kind]
	effect, herr := k.Handle(work, j)
	if herr == nil {
		herr = r.Queue.Complete(work, j, effect)
		if errors.Is(herr, ErrLeaseLost) {
			slog.Warn("jobs: lease lost", "job", j.ID, "kind", j.Kind, "worker", r.ID)
			r.ran(j, herr)
			return true, nil
		}
	}
	if herr != nil {
		var dead func(tx *store.Tx) error
		if k.Dead != nil {
			cause := herr
			dead = func(tx *store.Tx) error { return k.Dead(work, tx, j, cause) }
		}
		final, err := r.Queue.Fail(work, j, herr, dead)
		if err != nil && !errors.Is(err, ErrLeaseLost) {
			slog.Error("jobs: record failure", "job", j.ID, "err", err)
		}
		slog.Warn("jobs: attempt failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "final", final, "err", herr)
	}
	r.ran(j, herr)
	return true, nil
}

func (r *Runner) ran(j *Job, err error) {
	if r.Ran != nil {
		r.Ran(j, err)
	}
}
