package pgoclient

import (
	"sync"
	"time"
)

// Client authentication at the token endpoint (RFC 6749 2.3.1).
const (
	AuthNone  = "none"                // a public client: client_id in the form (MedMij)
	AuthBasic = "client_secret_basic" // HTTP Basic with client_id and secret
	AuthPost  = "client_secret_post"  // client_id and client_secret in the form
)

// AuthMethods are the client authentications a run can use, as offered.
var AuthMethods = []string{AuthNone, AuthBasic, AuthPost}

// SecretLifetime is how long a run's client secret is kept (in memory
// only) between the start of the run and the DVA's redirect back.
const SecretLifetime = 15 * time.Minute

// secrets keeps the client secret of each run that is waiting for its
// authorization: only in memory, never in the database, the evidence or a
// log. Complete takes it out; Begin's later runs sweep expired ones.
type secrets struct {
	mu sync.Mutex
	m  map[int64]secretEntry
}

type secretEntry struct {
	value string
	until time.Time
}

func (s *secrets) put(runID int64, value string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[int64]secretEntry{}
	}
	now := until.Add(-SecretLifetime)
	for id, e := range s.m {
		if now.After(e.until) {
			delete(s.m, id)
		}
	}
	s.m[runID] = secretEntry{value, until}
}

// take returns and forgets the secret of a run, if it has not expired.
func (s *secrets) take(runID int64, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[runID]
	delete(s.m, runID)
	if !ok || now.After(e.until) {
		return "", false
	}
	return e.value, true
}
