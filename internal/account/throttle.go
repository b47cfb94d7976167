package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/ratelimit"
	"github.com/ketentest/ketentest/internal/store"
)

// Throttle limits login attempts. Every attempt is counted before the
// password is hashed, atomically, in the database (so every app instance
// sees it); a successful login takes its attempt back. The limits:
//
//   - per origin, that is one account from one client address, or one
//     account from one known device (a device cookie from an earlier
//     successful login): 5 attempts in 15 minutes, then one more after 1
//     minute, the wait doubling up to 15 minutes. Guessing from one place
//     locks out only that place, and the right password from a known
//     device still gets in;
//   - per account, from unknown devices: 50 attempts in 15 minutes, then
//     the same backoff — slows guessing from many addresses;
//   - per address, from unknown devices: 100 attempts in 15 minutes, then
//     the same backoff — slows trying one password on many accounts. A venue
//     behind one NAT address shares it, known devices do not count.
type Throttle struct {
	Limiter    *ratelimit.Limiter
	PerOrigin  ratelimit.Rule
	PerAccount ratelimit.Rule
	PerAddress ratelimit.Rule
}

// NewThrottle returns the throttle with the limits above.
func NewThrottle(db *store.DB) *Throttle {
	backoff := func(max int) ratelimit.Rule {
		return ratelimit.Rule{Max: max, Window: 15 * time.Minute, BaseDelay: time.Minute, MaxDelay: 15 * time.Minute}
	}
	return &Throttle{Limiter: ratelimit.New(db), PerOrigin: backoff(5), PerAccount: backoff(50), PerAddress: backoff(100)}
}

// ErrThrottled is returned while too many logins failed recently.
var ErrThrottled = errors.New("too many failed login attempts; try again later")

// ThrottleError is ErrThrottled with the time until the next attempt may pass.
type ThrottleError struct{ RetryAfter time.Duration }

func (e *ThrottleError) Error() string {
	return fmt.Sprintf("%v (in %s)", ErrThrottled, e.RetryAfter.Round(time.Second))
}

// Is makes errors.Is(err, ErrThrottled) hold.
func (e *ThrottleError) Is(target error) bool { return target == ErrThrottled }

// attempt names the counters one login attempt is counted in.
type attempt struct {
	origin   string // "login:pair:<account>|<address>" or "login:dev:<device>"
	account  string // empty for a known device
	address  string // empty for a known device
	accepted bool   // counted (so a refund is due when it succeeds)
}

func newAttempt(email, addr, deviceID string) attempt {
	acct := keyPart(email)
	if deviceID != "" {
		return attempt{origin: "login:dev:" + deviceID}
	}
	return attempt{origin: "login:pair:" + acct + "|" + keyPart(addr), account: "login:acct:" + acct, address: "login:addr:" + keyPart(addr)}
}

// keyPart keeps counter keys short whatever a client sends.
func keyPart(s string) string {
	if len(s) <= 254 {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

var errRefused = errors.New("refused")

// begin counts the attempt in all its counters, or in none when one of
// them refuses it.
func (t *Throttle) begin(ctx context.Context, a *attempt, now time.Time) error {
	var refused *ThrottleError
	err := t.Limiter.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range []struct {
			key  string
			rule ratelimit.Rule
		}{{a.origin, t.PerOrigin}, {a.account, t.PerAccount}, {a.address, t.PerAddress}} {
			if c.key == "" {
				continue
			}
			d, err := t.Limiter.HitTx(ctx, tx, c.key, c.rule, now)
			if err != nil {
				return err
			}
			if !d.Allowed {
				refused = &ThrottleError{RetryAfter: d.RetryAfter}
				return errRefused // roll back the counters already hit
			}
		}
		return nil
	})
	if refused != nil {
		return refused
	}
	a.accepted = err == nil
	return err
}

// undo takes back an attempt that was not evaluated (the hash gate was full).
func (t *Throttle) undo(ctx context.Context, a attempt) error {
	for _, k := range []string{a.origin, a.account, a.address} {
		if k != "" {
			if err := t.Limiter.Refund(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// succeeded clears the origin's and the account's counters and takes the
// attempt back from the address's.
func (t *Throttle) succeeded(ctx context.Context, a attempt) error {
	if err := t.Limiter.Reset(ctx, a.origin, a.account); err != nil {
		return err
	}
	if a.address == "" {
		return nil
	}
	return t.Limiter.Refund(ctx, a.address)
}
