package commplan

import (
	"context"
	"errors"
	"log/slog"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
)

// MilestoneMark tells what a sent message or a published news item did to
// the blueprint milestone it serves.
type MilestoneMark struct {
	Milestone string `json:"milestone"`        // blueprint code, e.g. "2F"
	Done      bool   `json:"done"`             // set to gereed now
	Reason    string `json:"reason,omitempty"` // why it could not be set (e.g. phase not open yet)
}

// markMilestoneDone sets the hackathon's milestone with the blueprint code
// to gereed through the hackathon service, so its audit trail records who
// did it. It returns nil when there is nothing to do: no such milestone, or
// every iteration of it already gereed or not applicable. A refusal (the
// phase waits for the client's go) is reported, not returned: the message
// itself was sent.
func (s *Service) markMilestoneDone(ctx context.Context, hackathonID int64, code string, by int64) (*MilestoneMark, error) {
	if code == "" {
		return nil, nil
	}
	if blueprint.CompletedByFeature(code) {
		return &MilestoneMark{Milestone: code, Reason: "this milestone is completed by ketentest's own feature, not by a message"}, nil
	}
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Code != code || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		done := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &done}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return &MilestoneMark{Milestone: code, Reason: conflict.Message}, nil
		}
		if err != nil {
			return nil, err
		}
		return &MilestoneMark{Milestone: code, Done: true}, nil
	}
	return nil, nil
}

// markAfter marks the milestone after a committed change; a failure is
// logged and reported as the reason, since the change itself stands.
func (s *Service) markAfter(ctx context.Context, hackathonID int64, code string, by int64) *MilestoneMark {
	mark, err := s.markMilestoneDone(ctx, hackathonID, code, by)
	if err != nil {
		slog.Error("commplan: marking milestone done", "hackathon", hackathonID, "milestone", code, "err", err)
		return &MilestoneMark{Milestone: code, Reason: err.Error()}
	}
	return mark
}
