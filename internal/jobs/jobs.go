// Package jobs is the durable background job queue, kept in the same
// database as everything else. A job is enqueued in the transaction of the
// change that needs it, so a change and its follow-up work land together.
// Workers claim due jobs with a lease (locked_until); a worker that dies
// leaves its lease to expire, after which another worker claims the job
// again. Failures are retried with exponential backoff until max_attempts.
// A job is marked done in the same transaction as its effect.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Statuses of a job.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Job is one unit of background work.
type Job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	RunAt       time.Time
	Attempts    int // including the current one, once claimed
	MaxAttempts int
	Status      string
	LastError   string
	LockedBy    string
	DedupeKey   string
}

// New describes a job to enqueue.
type New struct {
	Kind        string
	Payload     any       // marshalled to JSON
	RunAt       time.Time // zero: now
	MaxAttempts int       // zero: 10
	DedupeKey   string    // optional; a second job with the same key is not added
}

// Queue is the job table.
type Queue struct {
	DB  *store.DB
	Now func() time.Time
	// Backoff is the delay before retry n (1-based); defaults to 5s·2^(n-1), at most 1h.
	Backoff func(attempt int) time.Duration
}

// NewQueue returns a queue on the wall clock.
func NewQueue(db *store.DB) *Queue {
	return &Queue{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

// DefaultBackoff is 5s·2^(attempt-1), capped at one hour.
func DefaultBackoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 10 {
		return time.Hour
	}
	d := 5 * time.Second << (attempt - 1)
	return min(d, time.Hour)
}

func (q *Queue) backoff(n int) time.Duration {
	if q.Backoff != nil {
		return q.Backoff(n)
	}
	return DefaultBackoff(n)
}

// Enqueue adds a job using qr, normally the caller's transaction. With a
// dedupe key that is already present nothing is added and id is 0.
func (q *Queue) Enqueue(ctx context.Context, qr store.Querier, n New) (int64, error) {
	if n.Kind == "" {
		return 0, errors.New("jobs: kind is required")
	}
	payload, err := json.Marshal(n.Payload)
	if err != nil {
		return 0, fmt.Errorf("jobs: payload: %w", err)
	}
	now := q.Now()
	if n.RunAt.IsZero() {
		n.RunAt = now
	}
	if n.MaxAttempts <= 0 {
		n.MaxAttempts = 10
	}
	var dedupe any
	if n.DedupeKey != "" {
		dedupe = n.DedupeKey
		var exists int
		if err := qr.QueryRow(ctx, "SELECT COUNT(*) FROM jobs WHERE dedupe_key = ?", n.DedupeKey).Scan(&exists); err != nil {
			return 0, err
		}
		if exists > 0 {
			return 0, nil
		}
	}
	return qr.Insert(ctx, `INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, status, dedupe_key, created_at, updated_at)
		VALUES (?, ?, ?, 0, ?, 'queued', ?, ?, ?)`, n.Kind, string(payload), n.RunAt.UTC(), n.MaxAttempts, dedupe, now, now)
}

// Claim takes the next due job of one of kinds for worker, leasing it for
// lease. It returns nil when nothing is due. A running job whose lease has
// expired is due again: its worker is presumed dead.
func (q *Queue) Claim(ctx context.Context, worker string, lease time.Duration, kinds ...string) (*Job, error) {
	if len(kinds) == 0 {
		return nil, errors.New("jobs: claim needs at least one kind")
	}
	now := q.Now()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")
	lock := ""
	if q.DB.Dialect == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	query := `UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
		WHERE id = (SELECT id FROM jobs WHERE kind IN (` + marks + `)
			AND ((status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?))
			ORDER BY run_at, id LIMIT 1` + lock + `)
		RETURNING id, kind, payload, run_at, attempts, max_attempts, status, last_error, locked_by, COALESCE(dedupe_key, '')`
	args := []any{worker, now.Add(lease), now}
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, now, now)
	var j *Job
	// On SQLite every transaction begins IMMEDIATE (see store.OpenSQLite),
	// so the single UPDATE ... RETURNING is the only writer.
	err := q.DB.InTx(ctx, func(tx *store.Tx) error {
		var got Job
		var payload string
		err := tx.QueryRow(ctx, query, args...).Scan(&got.ID, &got.Kind, &payload, &got.RunAt, &got.Attempts, &got.MaxAttempts,
			&got.Status, &got.LastError, &got.LockedBy, &got.DedupeKey)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		got.Payload = json.RawMessage(payload)
		j = &got
		return nil
	})
	return j, err
}

// ErrLeaseLost is returned when a job's lease was taken over by another
// worker before this one finished; the effect is rolled back.
var ErrLeaseLost = errors.New("jobs: lease lost to another worker")

// Complete runs effect and marks the job done in one transaction, provided
// the worker still holds the job's lease.
func (q *Queue) Complete(ctx context.Context, j *Job, effect func(tx *store.Tx) error) error {
	return q.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE jobs SET status = 'done', locked_until = NULL, last_error = '', updated_at = ?
			WHERE id = ? AND status = 'running' AND locked_by = ?`, q.Now(), j.ID, j.LockedBy)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrLeaseLost
		}
		if effect != nil {
			return effect(tx)
		}
		return nil
	})
}

// Fail records a failed attempt: the job is queued again after the backoff,
// or marked failed once it has had max_attempts. dead runs in the same
// transaction when the job is given up.
func (q *Queue) Fail(ctx context.Context, j *Job, cause error, dead func(tx *store.Tx) error) (final bool, err error) {
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	final = j.Attempts >= j.MaxAttempts
	now := q.Now()
	err = q.DB.InTx(ctx, func(tx *store.Tx) error {
		status, runAt := StatusQueued, now.Add(q.backoff(j.Attempts))
		if final {
			status, runAt = StatusFailed, now
		}
		res, err := tx.Exec(ctx, `UPDATE jobs SET status = ?, run_at = ?, last_error = ?, locked_until = NULL, updated_at = ?
			WHERE id = ? AND status = 'running' AND locked_by = ?`, status, runAt, msg, now, j.ID, j.LockedBy)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrLeaseLost
		}
		if final && dead != nil {
			return dead(tx)
		}
		return nil
	})
	return final, err
}

// Get loads a job.
func (q *Queue) Get(ctx context.Context, id int64) (*Job, error) {
	var j Job
	var payload string
	err := q.DB.QueryRow(ctx, `SELECT id, kind, payload, run_at, attempts, max_attempts, status, last_error, locked_by, COALESCE(dedupe_key, '')
		FROM jobs WHERE id = ?`, id).Scan(&j.ID, &j.Kind, &payload, &j.RunAt, &j.Attempts, &j.MaxAttempts, &j.Status, &j.LastError, &j.LockedBy, &j.DedupeKey)
	j.Payload = json.RawMessage(payload)
	return &j, err
}

// Counts returns the number of jobs per status.
func (q *Queue) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := q.DB.Query(ctx, "SELECT status, COUNT(*) FROM jobs GROUP BY status")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
