package sandbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// Retention of recorded traffic: every request to the DVA is a row in
// sandbox_traffic (about 600 bytes), so a load test adds hundreds of
// megabytes. A durable job (KindPurgeTraffic) deletes rows older than the
// retention period in batches, then schedules its next run; several
// instances share the one job through its dedupe key.

// KindPurgeTraffic is the job kind of the traffic purge.
const KindPurgeTraffic = "sandbox.purge_traffic"

// DefaultTrafficRetention is how long traffic is kept unless configured.
const DefaultTrafficRetention = 14 * 24 * time.Hour

// purgeEvery is the time between two purges; purgeBatch bounds the rows
// one DELETE removes, so a purge never holds the writer for long.
const (
	purgeEvery = time.Hour
	purgeBatch = 5000
)

// PurgeTraffic deletes recorded traffic from before cutoff, purgeBatch rows
// per statement, and returns how many rows it deleted. Stored bodies are
// shared by content between requests and are kept.
func PurgeTraffic(ctx context.Context, db *store.DB, cutoff time.Time) (int64, error) {
	var total int64
	for {
		res, err := db.Exec(ctx, `DELETE FROM sandbox_traffic WHERE id IN (
			SELECT id FROM sandbox_traffic WHERE at < ? ORDER BY at LIMIT ?)`, cutoff.UTC(), purgeBatch)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += n
		if n < purgeBatch || ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

type purgePayload struct {
	Retention time.Duration `json:"retention"`
}

// TrafficPurgeKind is the job kind that purges traffic older than
// retention and schedules the next purge an hour later.
func TrafficPurgeKind(db *store.DB, q *jobs.Queue, retention time.Duration) jobs.Kind {
	return jobs.Kind{Handle: func(ctx context.Context, j *jobs.Job) (func(*store.Tx) error, error) {
		n, err := PurgeTraffic(ctx, db, q.Now().Add(-retention))
		if err != nil {
			return nil, err
		}
		if n > 0 {
			slog.Info("sandbox: purged recorded traffic", "rows", n, "older_than", retention)
		}
		next := q.Now().Add(purgeEvery)
		return func(tx *store.Tx) error { return enqueuePurge(ctx, q, tx, retention, next) }, nil
	}}
}

// ScheduleTrafficPurge makes sure a purge job is queued (at most one per
// hour slot, whatever the number of instances). retention 0 keeps traffic
// for ever and schedules nothing.
func ScheduleTrafficPurge(ctx context.Context, q *jobs.Queue, retention time.Duration) error {
	if retention <= 0 {
		return nil
	}
	return enqueuePurge(ctx, q, q.DB, retention, q.Now())
}

func enqueuePurge(ctx context.Context, q *jobs.Queue, qr store.Querier, retention time.Duration, at time.Time) error {
	_, err := q.Enqueue(ctx, qr, jobs.New{Kind: KindPurgeTraffic, Payload: purgePayload{Retention: retention}, RunAt: at,
		DedupeKey: KindPurgeTraffic + "@" + at.UTC().Truncate(purgeEvery).Format(time.RFC3339)})
	return err
}
