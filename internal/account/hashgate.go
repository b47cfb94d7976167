package account

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// ErrBusy is returned, before any hashing, when more password checks are
// running and waiting than the gate allows.
var ErrBusy = errors.New("too many password checks at once; try again in a moment")

// HashGate bounds the password hashes (argon2id, ~19 MiB each) that run at
// once, so a burst of logins cannot exhaust memory: at most Running hash,
// at most Queued more wait (up to MaxWait) for a slot, and any request
// beyond that is refused at once with ErrBusy.
type HashGate struct {
	slots   chan struct{}
	queue   chan struct{}
	maxWait time.Duration
}

// NewHashGate returns a gate for running concurrent hashes and queued
// waiting ones.
func NewHashGate(running, queued int, maxWait time.Duration) *HashGate {
	return &HashGate{slots: make(chan struct{}, max(1, running)), queue: make(chan struct{}, max(0, queued)), maxWait: maxWait}
}

// DefaultHashGate is sized to the machine: one hash per CPU the process may
// use (argon2id with one thread is CPU-bound; more at once only adds memory),
// so memory for hashing stays below GOMAXPROCS × the hash's memory; eight
// times as many may wait up to 5 seconds.
func DefaultHashGate() *HashGate {
	n := runtime.GOMAXPROCS(0)
	return NewHashGate(n, 8*n, 5*time.Second)
}

// Running is the most hashes the gate lets run at once.
func (g *HashGate) Running() int { return cap(g.slots) }

// Acquire takes a slot, waiting in the queue when all are taken; it
// returns ErrBusy when the queue is full too or the wait is over. The
// returned func gives the slot back.
func (g *HashGate) Acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-g.queue }()
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, errors.Join(ErrBusy, ctx.Err())
	}
}

// Waiting is the number of requests queued for a slot.
func (g *HashGate) Waiting() int { return len(g.queue) }

// hash hashes a new password under the gate.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	release, err := s.Gate.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	if s.onHash != nil {
		s.onHash()
	}
	return HashPassword(password, s.Params)
}

// verify checks a password against a stored hash; the caller holds a slot
// of the gate.
func (s *Service) verify(hash, password string) (bool, error) {
	if s.onHash != nil {
		s.onHash()
	}
	return CheckPassword(hash, password)
}
