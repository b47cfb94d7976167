package testday

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// FinalList is the fixed list of participants of the hackathon day(s) (3B).
type FinalList struct {
	Organisations int       `json:"organisations"`
	FixedBy       string    `json:"fixed_by,omitempty"`
	FixedAt       time.Time `json:"fixed_at"`
}

// FinalListOf returns the fixed final list, nil when it is not fixed yet.
func (s *Service) FinalListOf(ctx context.Context, hackathonID int64) (*FinalList, error) {
	f := &FinalList{}
	err := s.DB.QueryRow(ctx, `SELECT l.organisations, COALESCE(u.name, ''), l.fixed_at FROM testday_final_lists l LEFT JOIN users u ON u.id = l.fixed_by
		WHERE l.hackathon_id = ?`, hackathonID).Scan(&f.Organisations, &f.FixedBy, &f.FixedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return f, err
}

// FixFinalList fixes the final list of participants (3B): every
// organisation in the chain with a confirmed registration gets the
// snelcheck, the list is recorded (how many, who, when; audited) and
// milestone 3B is done. Fixing it again (after late confirmations) applies
// the snelcheck to the newcomers and records the new count.
func (s *Service) FixFinalList(ctx context.Context, hackathonID, by int64) (*FinalList, *MilestoneMark, error) {
	if _, err := s.ApplyAll(ctx, hackathonID, by); err != nil {
		return nil, nil, err
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, apperr.Field("final_list", "no organisation with a confirmed registration yet")
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, "DELETE FROM testday_final_lists WHERE hackathon_id = ?", hackathonID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO testday_final_lists (hackathon_id, organisations, fixed_by, fixed_at) VALUES (?, ?, ?, ?)",
			hackathonID, len(parts), by, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_participant",
			EntityID: strconv.FormatInt(hackathonID, 10), Action: "final_list", To: fmt.Sprintf("%d organisations", len(parts))})
	})
	if err != nil {
		return nil, nil, err
	}
	mark, err := s.markDone(ctx, hackathonID, "3B", by)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.FinalListOf(ctx, hackathonID)
	return list, mark, err
}

// reopen sets every finished iteration of a milestone back to open with a
// note why (through the hackathon service, so it is audited). A refusal
// (the phase waits for the client's go) is reported, not returned.
func (s *Service) reopen(ctx context.Context, hackathonID int64, code, note string, by int64) (*MilestoneMark, error) {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	mark := &MilestoneMark{Milestone: code, Reason: note}
	for _, m := range ms {
		if m.Code != code || m.Status != hackathon.StatusKlaar {
			continue
		}
		st := string(hackathon.StatusOpen)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &st, Note: &note}, by)
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

// markIteration sets one iteration of a milestone to gereed.
func (s *Service) markIteration(ctx context.Context, hackathonID int64, code string, iteration int, by int64) (*MilestoneMark, error) {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Code != code || m.Iteration != iteration {
			continue
		}
		if m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			return &MilestoneMark{Milestone: code, Done: true}, nil
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return &MilestoneMark{Milestone: code, Reason: conflict.Message}, nil
		}
		return &MilestoneMark{Milestone: code, Done: err == nil}, err
	}
	return &MilestoneMark{Milestone: code, Reason: fmt.Sprintf("no iteration %d of %s", iteration, code)}, nil
}

// DayRun is the snelcheck re-run before an extra test day.
type DayRun struct {
	Day    int       `json:"day_number"`
	Passed int       `json:"passed"`
	Failed int       `json:"failed"`
	RanBy  string    `json:"ran_by,omitempty"`
	RanAt  time.Time `json:"ran_at"`
}

// DayRuns lists the re-runs by day.
func (s *Service) DayRuns(ctx context.Context, hackathonID int64) (map[int]DayRun, error) {
	list, err := store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*DayRun, error) {
		d := &DayRun{}
		return d, r.Scan(&d.Day, &d.Passed, &d.Failed, &d.RanBy, &d.RanAt)
	}, `SELECT d.day_number, d.passed, d.failed, COALESCE(u.name, ''), d.ran_at FROM testday_day_runs d LEFT JOIN users u ON u.id = d.ran_by
		WHERE d.hackathon_id = ? ORDER BY d.day_number`, hackathonID)
	out := map[int]DayRun{}
	for _, d := range list {
		out[d.Day] = d
	}
	return out, err
}

// ExtraDayResult is a re-run for an extra day and what it did to 7A.
type ExtraDayResult struct {
	Run       DayRun         `json:"run"`
	Milestone *MilestoneMark `json:"milestone,omitempty"`
}

// RerunForDay runs every participant's automated snelcheck items again
// before extra day `day` (the seed: an extra day repeats phase 4's
// preparation, and the participants' readiness is checked anew), records
// the outcome for that day (audited) and then sees whether the day is
// prepared (7A).
func (s *Service) RerunForDay(ctx context.Context, hackathonID int64, day int, by int64) (ExtraDayResult, error) {
	var res ExtraDayResult
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	if day < 2 || day > len(h.Days) {
		return res, apperr.Field("day_number", "an extra day of this hackathon (day 2 or later)")
	}
	out, err := s.RunAutomated(ctx, hackathonID, nil, by)
	if err != nil {
		return res, err
	}
	res.Run = DayRun{Day: day, RanAt: s.Now()}
	for _, o := range out {
		if o.Pass {
			res.Run.Passed++
		} else {
			res.Run.Failed++
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM testday_day_runs WHERE hackathon_id = ? AND day_number = ?", hackathonID, day); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO testday_day_runs (hackathon_id, day_number, passed, failed, ran_by, ran_at) VALUES (?, ?, ?, ?, ?, ?)",
			hackathonID, day, res.Run.Passed, res.Run.Failed, by, res.Run.RanAt); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: res.Run.RanAt, Entity: "test_schedule",
			EntityID: strconv.Itoa(day), Action: "automated", To: fmt.Sprintf("day %d: %d passed, %d failed", day, res.Run.Passed, res.Run.Failed)})
	})
	if err != nil {
		return res, err
	}
	res.Milestone, err = s.followExtraDay(ctx, hackathonID, day, by)
	return res, err
}

// dayPrepared says what extra day `day` still lacks before it can be
// tested ("" when nothing): its own rounds with pairs, a final scenario
// for every data service tested that day, and the snelcheck re-run.
func (s *Service) dayPrepared(ctx context.Context, hackathonID int64, day int) (string, error) {
	pairs, err := s.Pairs(ctx, hackathonID)
	if err != nil {
		return "", err
	}
	services := map[string]bool{}
	for _, p := range pairs {
		if p.Round.Day == day {
			services[p.Service] = true
		}
	}
	if len(services) == 0 {
		return fmt.Sprintf("day %d has no rounds with pairs yet", day), nil
	}
	scs, err := s.CurrentScenarios(ctx, hackathonID)
	if err != nil {
		return "", err
	}
	for _, sc := range scs {
		if sc.Status == ScenarioFinal {
			delete(services, sc.Service)
		}
	}
	for svc := range services {
		return fmt.Sprintf("no final scenario for %s", svc), nil
	}
	runs, err := s.DayRuns(ctx, hackathonID)
	if err != nil {
		return "", err
	}
	if _, ok := runs[day]; !ok {
		return fmt.Sprintf("the snelcheck has not been re-run for day %d", day), nil
	}
	return "", nil
}

// followExtraDay marks 7A of the extra day's iteration done once the day
// is prepared (the blueprint's 7A points back to phase 4).
func (s *Service) followExtraDay(ctx context.Context, hackathonID int64, day int, by int64) (*MilestoneMark, error) {
	if day < 2 {
		return nil, nil
	}
	lack, err := s.dayPrepared(ctx, hackathonID, day)
	if err != nil || lack != "" {
		return &MilestoneMark{Milestone: "7A", Reason: lack}, err
	}
	return s.markIteration(ctx, hackathonID, "7A", day-1, by)
}

// followDayResults marks 8A of an extra day's iteration done once every
// planned step of that day has a result (the test of the extra day is
// held; 8A points to phases 6 and 7, which follow it).
func (s *Service) followDayResults(ctx context.Context, hackathonID int64, day int, by int64) (*MilestoneMark, error) {
	if day < 2 {
		return nil, nil
	}
	m, err := s.ResultsMatrix(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for _, d := range m.Days {
		if d.Day == day && d.Planned > 0 && d.Recorded >= d.Planned {
			return s.markIteration(ctx, hackathonID, "8A", day-1, by)
		}
	}
	return &MilestoneMark{Milestone: "8A", Reason: fmt.Sprintf("day %d has steps without a result", day)}, nil
}

// ExtraDay is an extra test day as the schedule page shows it: the
// snelcheck re-run for it and what it still lacks (7A).
type ExtraDay struct {
	Day   int     `json:"day_number"`
	Run   *DayRun `json:"run,omitempty"`
	Lacks string  `json:"lacks,omitempty"`
}

// ExtraDays lists days 2 and later.
func (s *Service) ExtraDays(ctx context.Context, hackathonID int64) ([]ExtraDay, error) {
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	runs, err := s.DayRuns(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	var out []ExtraDay
	for day := 2; day <= len(h.Days); day++ {
		d := ExtraDay{Day: day}
		if r, ok := runs[day]; ok {
			d.Run = &r
		}
		if d.Lacks, err = s.dayPrepared(ctx, hackathonID, day); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
