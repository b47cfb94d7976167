package hackathon

import (
	"context"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// iterationsFor is how many times phases 7–8 run: once per day after day 1.
func iterationsFor(days int) int { return max(1, days-1) }

func (s *Service) seedMilestones(ctx context.Context, tx *store.Tx, id int64, h *Hackathon) error {
	for _, m := range blueprint.Milestones() {
		if err := s.insertMilestone(ctx, tx, id, h, m, 1); err != nil {
			return err
		}
	}
	for it := 2; it <= iterationsFor(len(h.Days)); it++ {
		if err := s.seedIteration(ctx, tx, id, h, it); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seedIteration(ctx context.Context, tx *store.Tx, id int64, h *Hackathon, it int) error {
	for _, m := range blueprint.Milestones() {
		if p, ok := blueprint.PhaseByNumber(m.Phase); ok && p.Repeatable {
			if err := s.insertMilestone(ctx, tx, id, h, m, it); err != nil {
				return err
			}
		}
	}
	return nil
}

// defaultDue anchors iteration it of the repeatable phases on day it
// (follow-up) and day it+1 (the extra day).
func defaultDue(m blueprint.Milestone, h *Hackathon, it int) date.Date {
	day := func(n int) date.Date {
		if n >= 1 && n <= len(h.Days) {
			return h.Days[n-1]
		}
		return date.Date{}
	}
	day1, last := day(1), h.LastDay()
	if it > 1 {
		day1, last = day(it), day(it+1)
	}
	return date.Of(blueprint.DefaultDue(m, h.Kickoff.Time(), day1.Time(), last.Time()))
}

func (s *Service) insertMilestone(ctx context.Context, tx *store.Tx, id int64, h *Hackathon, m blueprint.Milestone, it int) error {
	_, err := tx.Exec(ctx, `INSERT INTO milestones (hackathon_id, code, phase, iteration, responsible_role, due_date, status, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, m.ID, m.Phase, it, string(m.Responsible), defaultDue(m, h, it), StatusOpen, s.Now())
	return err
}

// AddDay adds an extra hackathon day and repeats phases 7–8 for it.
func (s *Service) AddDay(ctx context.Context, hackathonID int64, day date.Date, userID int64) (*Hackathon, error) {
	h, err := s.Get(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	in := InputOf(h)
	in.Days = append(in.Days, day)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := writeServicesAndDays(ctx, tx, hackathonID, in); err != nil {
			return err
		}
		h.Days = in.Days
		have, err := maxIteration(ctx, tx, hackathonID)
		if err != nil {
			return err
		}
		for it := have + 1; it <= iterationsFor(len(h.Days)); it++ {
			if err := s.seedIteration(ctx, tx, hackathonID, h, it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, hackathonID)
}

// InputOf turns a stored hackathon back into editable input.
func InputOf(h *Hackathon) Input {
	return Input{Code: h.Code, Name: h.Name, Variant: string(h.Variant), Description: h.Description, Location: h.Location,
		Kickoff: h.Kickoff, Days: append([]date.Date(nil), h.Days...), Services: append([]DataService(nil), h.Services...),
		Financier: h.Financier, ClientOrg: h.ClientOrg, ContractorOrg: h.ContractorOrg}
}
