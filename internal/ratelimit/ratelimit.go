// Package ratelimit owns the one database-backed rate limiter: a counter per
// key (login attempts per account and address, submissions of the public
// registration form per address, ...) in a fixed window, with an optional
// backoff once the counter is over its limit. The counters live in the
// database so that every app instance behind a load balancer shares them,
// and every hit is counted atomically: a burst of parallel requests cannot
// all read "under the limit" before any of them is counted.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Rule is a limit: at most Max hits per Window. With a BaseDelay, a key over
// its limit gets one more hit after BaseDelay since its last allowed hit,
// the delay doubling with every further hit up to MaxDelay (backoff);
// without one it waits for the window to end.
type Rule struct {
	Max       int
	Window    time.Duration
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

// delay is the wait after the last allowed hit for a key with hits hits.
func (r Rule) delay(hits int) time.Duration {
	if r.BaseDelay <= 0 || hits < r.Max {
		return 0
	}
	d := r.BaseDelay
	for i := r.Max; i < hits && d < r.MaxDelay; i++ {
		d *= 2
	}
	if r.MaxDelay > 0 && d > r.MaxDelay {
		d = r.MaxDelay
	}
	return d
}

// Decision is the outcome of a hit.
type Decision struct {
	Allowed    bool
	Hits       int           // hits in the window, this one included when allowed
	RetryAfter time.Duration // when refused: how long until the next hit may pass
}

// Limiter counts hits in the database.
type Limiter struct {
	DB *store.DB
}

// New returns a limiter over db.
func New(db *store.DB) *Limiter { return &Limiter{DB: db} }

// Hit counts one hit of key under rule at now when the rule allows it; a
// refused hit is not counted. Concurrent hits of one key are serialised: on
// PostgreSQL by the row lock, on SQLite by its single writer.
func (l *Limiter) Hit(ctx context.Context, key string, rule Rule, now time.Time) (Decision, error) {
	var d Decision
	err := l.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		d, err = l.HitTx(ctx, tx, key, rule, now)
		return err
	})
	return d, err
}

// HitTx is Hit inside the caller's transaction, so that several keys are
// counted all or none.
func (l *Limiter) HitTx(ctx context.Context, tx *store.Tx, key string, rule Rule, now time.Time) (Decision, error) {
	hits, start, last, err := l.lockRow(ctx, tx, key)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.Exec(ctx, "INSERT INTO rate_limits (key, hits, window_start, last_hit) VALUES (?, 1, ?, ?)", key, now, now)
		return Decision{Allowed: err == nil, Hits: 1}, err
	}
	if err != nil {
		return Decision{}, err
	}
	if now.Sub(start) >= rule.Window {
		_, err = tx.Exec(ctx, "UPDATE rate_limits SET hits = 1, window_start = ?, last_hit = ? WHERE key = ?", now, now, key)
		return Decision{Allowed: err == nil, Hits: 1}, err
	}
	if hits >= rule.Max {
		windowEnd := start.Add(rule.Window).Sub(now)
		if rule.BaseDelay <= 0 {
			return Decision{Hits: hits, RetryAfter: windowEnd}, nil
		}
		if wait := last.Add(rule.delay(hits)).Sub(now); wait > 0 {
			return Decision{Hits: hits, RetryAfter: min(wait, windowEnd)}, nil
		}
	}
	_, err = tx.Exec(ctx, "UPDATE rate_limits SET hits = hits + 1, last_hit = ? WHERE key = ?", now, key)
	return Decision{Allowed: err == nil, Hits: hits + 1}, err
}

// lockRow reads a key's counter and, on PostgreSQL, locks its row until the
// transaction ends.
func (l *Limiter) lockRow(ctx context.Context, tx *store.Tx, key string) (hits int, start, last time.Time, err error) {
	q := "SELECT hits, window_start, last_hit FROM rate_limits WHERE key = ?"
	if l.DB.Dialect == store.Postgres {
		// Make sure there is a row to lock, so two first hits do not race.
		if _, err = tx.Exec(ctx, "INSERT INTO rate_limits (key, hits, window_start, last_hit) VALUES (?, 0, ?, ?) ON CONFLICT (key) DO NOTHING",
			key, time.Time{}, time.Time{}); err != nil {
			return 0, time.Time{}, time.Time{}, err
		}
		q += " FOR UPDATE"
	}
	err = tx.QueryRow(ctx, q, key).Scan(&hits, &start, &last)
	return hits, start, last, err
}

// Refund takes back one hit of key, for an attempt that turned out
// harmless (a successful login should not use up an address's allowance).
func (l *Limiter) Refund(ctx context.Context, key string) error {
	_, err := l.DB.Exec(ctx, "UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0", key)
	return err
}

// Reset forgets the counters of keys.
func (l *Limiter) Reset(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := l.DB.Exec(ctx, "DELETE FROM rate_limits WHERE key = ?", k); err != nil {
			return err
		}
	}
	return nil
}

// Prune deletes counters whose window ended before cutoff.
func (l *Limiter) Prune(ctx context.Context, cutoff time.Time) error {
	_, err := l.DB.Exec(ctx, "DELETE FROM rate_limits WHERE window_start < ?", cutoff)
	return err
}
