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

// plannedDue is defaultDue planned forward from today: the blueprint counts
// milestones back from their anchor (up to 120 days before the kick-off),
// so a hackathon whose kick-off or day is near would start with milestones
// already late. Instead, the part of the blueprint's window before its
// anchor that lies in the past is squeezed into the days from today to the
// anchor, keeping the milestones' order and proportions; a milestone whose
// anchor itself has passed is due today. Nothing is planned before today,
// and a hackathon created in time keeps the blueprint's dates exactly.
// PlannedForward tells the pages when this happened.
func plannedDue(m blueprint.Milestone, h *Hackathon, it int, today date.Date) date.Date {
	due := defaultDue(m, h, it)
	if due.IsZero() || !due.Before(today) {
		return due
	}
	ref := due.AddDays(-m.DueOffsetDays)
	if !today.Before(ref) {
		return today
	}
	earliest := windowStart(m.DueRelativeTo) // ≤ m.DueOffsetDays < 0
	left := daysBetween(today, ref)
	return today.AddDays(left * (m.DueOffsetDays - earliest) / -earliest)
}

// windowStart is the earliest offset of the blueprint's milestones counted
// from anchor a.
func windowStart(a blueprint.DueAnchor) int {
	earliest := 0
	for _, m := range blueprint.Milestones() {
		if m.DueRelativeTo == a && m.DueOffsetDays < earliest {
			earliest = m.DueOffsetDays
		}
	}
	return earliest
}

// daysBetween counts the calendar days from a to b.
func daysBetween(a, b date.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// PlannedForward reports whether h's milestones were planned forward from
// its creation day (see plannedDue): some blueprint date of iteration 1
// lies before the day h was created. The day is returned for the page.
func PlannedForward(h *Hackathon) (date.Date, bool) {
	created := date.Of(h.CreatedAt)
	if h.CreatedAt.IsZero() {
		return date.Date{}, false
	}
	for _, m := range blueprint.Milestones() {
		if d := defaultDue(m, h, 1); !d.IsZero() && d.Before(created) {
			return created, true
		}
	}
	return date.Date{}, false
}

func (s *Service) insertMilestone(ctx context.Context, tx *store.Tx, id int64, h *Hackathon, m blueprint.Milestone, it int) error {
	now := s.Now()
	_, err := tx.Exec(ctx, `INSERT INTO milestones (hackathon_id, code, phase, iteration, responsible_role, due_date, status, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, m.ID, m.Phase, it, string(m.Responsible), plannedDue(m, h, it, date.Of(now)), StatusOpen, now)
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
