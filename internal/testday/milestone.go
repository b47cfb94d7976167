package testday

import (
	"context"
	"errors"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/hackathon"
)

// MilestoneMark tells what a change did to the blueprint milestone it
// completes.
type MilestoneMark struct {
	Milestone string `json:"milestone"`
	Done      bool   `json:"done"`
	Reason    string `json:"reason,omitempty"` // why it is not done (yet)
}

// markDone sets every open iteration of the milestone to gereed through
// the hackathon service (so its audit trail names who did it). A refusal
// (the phase waits for the client's go) is reported, not returned.
func (s *Service) markDone(ctx context.Context, hackathonID int64, code string, by int64) (*MilestoneMark, error) {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	mark := &MilestoneMark{Milestone: code, Done: true}
	for _, m := range ms {
		if m.Code != code || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return &MilestoneMark{Milestone: code, Reason: conflict.Message}, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return mark, nil
}

// milestoneDone reports whether every iteration of a milestone is gereed
// (or not applicable).
func (s *Service) milestoneDone(ctx context.Context, hackathonID int64, code string) (bool, error) {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return false, err
	}
	found := false
	for _, m := range ms {
		if m.Code != code {
			continue
		}
		found = true
		if m.Status != hackathon.StatusKlaar && m.Status != hackathon.StatusNVT {
			return false, nil
		}
	}
	return found, nil
}
