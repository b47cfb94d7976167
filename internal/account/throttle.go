package account

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Throttle limits failed logins per account and per client address. Its
// counters live in the database so that every app instance sees them.
type Throttle struct {
	DB            *store.DB
	Window        time.Duration
	MaxPerAccount int
	MaxPerAddress int
}

// NewThrottle allows 5 failures per account and 20 per address in 15 minutes.
func NewThrottle(db *store.DB) *Throttle {
	return &Throttle{DB: db, Window: 15 * time.Minute, MaxPerAccount: 5, MaxPerAddress: 20}
}

// ErrThrottled is returned while too many logins failed recently.
var ErrThrottled = errors.New("too many failed login attempts; try again later")

func (t *Throttle) keys(email, addr string) [2]string {
	return [2]string{"acct:" + email, "addr:" + addr}
}

// Allowed reports whether a login for email from addr may be tried now.
func (t *Throttle) Allowed(ctx context.Context, email, addr string, now time.Time) (bool, error) {
	limits := [2]int{t.MaxPerAccount, t.MaxPerAddress}
	for i, k := range t.keys(email, addr) {
		var failures int
		var start time.Time
		err := t.DB.QueryRow(ctx, "SELECT failures, window_start FROM login_attempts WHERE key = ?", k).Scan(&failures, &start)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, err
		}
		if now.Sub(start) < t.Window && failures >= limits[i] {
			return false, nil
		}
	}
	return true, nil
}

// Failed records a failed login.
func (t *Throttle) Failed(ctx context.Context, email, addr string, now time.Time) error {
	return t.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, k := range t.keys(email, addr) {
			var failures int
			var start time.Time
			err := tx.QueryRow(ctx, "SELECT failures, window_start FROM login_attempts WHERE key = ?", k).Scan(&failures, &start)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.Exec(ctx, `INSERT INTO login_attempts (key, failures, window_start) VALUES (?, 1, ?)
					ON CONFLICT (key) DO UPDATE SET failures = login_attempts.failures + 1`, k, now)
			case err != nil:
				return err
			case now.Sub(start) >= t.Window:
				_, err = tx.Exec(ctx, "UPDATE login_attempts SET failures = 1, window_start = ? WHERE key = ?", now, k)
			default:
				_, err = tx.Exec(ctx, "UPDATE login_attempts SET failures = failures + 1 WHERE key = ?", k)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Succeeded clears the account's counter after a good login.
func (t *Throttle) Succeeded(ctx context.Context, email string) error {
	_, err := t.DB.Exec(ctx, "DELETE FROM login_attempts WHERE key = ?", "acct:"+email)
	return err
}
