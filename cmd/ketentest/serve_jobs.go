package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

// startTrafficPurge queues the hourly purge of recorded sandbox traffic and
// runs the job worker for it until ctx ends; the returned channel closes
// when the worker has stopped. With retention 0 traffic is kept and nothing
// runs.
func startTrafficPurge(ctx context.Context, db *store.DB, retention time.Duration) <-chan struct{} {
	done := make(chan struct{})
	if retention <= 0 {
		close(done)
		return done
	}
	q := jobs.NewQueue(db)
	if err := sandbox.ScheduleTrafficPurge(ctx, q, retention); err != nil {
		slog.Error("sandbox: schedule traffic purge", "err", err)
	}
	r := &jobs.Runner{Queue: q, Poll: time.Minute, Kinds: map[string]jobs.Kind{sandbox.KindPurgeTraffic: sandbox.TrafficPurgeKind(db, q, retention)}}
	go func() { defer close(done); r.Run(ctx) }()
	return done
}
