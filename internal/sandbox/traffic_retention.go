package sandbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// Retention of recorded traffic: every request to the DVA is a row in
// sandbox_traffic (about 600 bytes) and its bodies are rows of
// sandbox_bodies (stored once per content), so a load test adds hundreds of
// megabytes. A durable job (KindPurgeTraffic) deletes rows older than the
// retention period in batches, then the bodies no remaining row refers to,
// then schedules its next run; several instances share the one job through
// its dedupe key.

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
// per statement, and then the stored bodies that no remaining traffic row
// refers to (bodies are shared by content between requests, so a body
// stays while any row uses it). It returns how many traffic rows it
// deleted.
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
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
		if n < purgeBatch {
			break
		}
	}
	if total == 0 {
		return 0, nil // no row went, so no body lost its last reference
	}
	_, err := PurgeBodies(ctx, db)
	return total, err
}

// PurgeBodies deletes the stored bodies that no traffic row refers to,
// purgeBatch per statement, and returns how many it deleted. Each
// statement reads the traffic's body hashes once (SQLite builds a
// temporary index of the NOT IN list, PostgreSQL a hash anti-join), so its
// cost is one pass over the traffic, not one per body. It then forgets the
// bodies this process remembered as stored, so a body that comes back is
// stored again.
func PurgeBodies(ctx context.Context, db *store.DB) (int64, error) {
	orphans := `SELECT b.hash FROM sandbox_bodies b WHERE b.hash NOT IN (
		SELECT request_body_hash FROM sandbox_traffic UNION SELECT response_body_hash FROM sandbox_traffic) LIMIT ?`
	if db.Dialect == store.Postgres {
		orphans = `SELECT b.hash FROM sandbox_bodies b
			WHERE NOT EXISTS (SELECT 1 FROM sandbox_traffic t WHERE t.request_body_hash = b.hash)
			AND NOT EXISTS (SELECT 1 FROM sandbox_traffic t WHERE t.response_body_hash = b.hash) LIMIT ?`
	}
	var total int64
	defer forgetKnownBodies(db)
	for {
		res, err := db.Exec(ctx, "DELETE FROM sandbox_bodies WHERE hash IN ("+orphans+")", purgeBatch)
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

// forgetKnownBodies drops this process's memory of which bodies db holds.
func forgetKnownBodies(db *store.DB) {
	knownBodies.Lock()
	defer knownBodies.Unlock()
	for k := range knownBodies.m {
		if k.db == db {
			delete(knownBodies.m, k)
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
			slog.Info("sandbox: purged recorded traffic and unused bodies", "rows", n, "older_than", retention)
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
