package testday

import (
	"context"
	"time"

	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
)

// Service is the test-day capability over the database.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
	Comm       *commplan.Service // the hackathon's "Uitslag snelcheck" template
	Outbox     *comms.Outbox     // nil: result messages cannot be sent
	// Policy is the SSRF guard every automated check calls through; the
	// closed test network of a hackathon is opened with its Allow list.
	Policy *pgoclient.Policy
	// Concurrency bounds the automated checks that run at once.
	Concurrency int
	// RerunsPerMinute bounds how often one participant re-runs its
	// automated checks.
	RerunsPerMinute int
	Now             func() time.Time
	// Zone is the time zone the rounds' times of day are in (--timezone).
	Zone *time.Location
}

// NewService returns a service on the wall clock. outbox may be nil (no
// result mail); policy nil means the default guard (public addresses only).
func NewService(db *store.DB, outbox *comms.Outbox, policy *pgoclient.Policy) *Service {
	if policy == nil {
		policy = &pgoclient.Policy{}
	}
	return &Service{DB: db, Hackathons: hackathon.NewService(db), Comm: commplan.NewService(db, outbox), Outbox: outbox,
		Policy: policy, Concurrency: 32, RerunsPerMinute: 6, Now: func() time.Time { return time.Now().UTC() }, Zone: date.DefaultLocation()}
}

func (s *Service) hackathon(ctx context.Context, id int64) (*hackathon.Hackathon, error) {
	return s.Hackathons.Get(ctx, id)
}
