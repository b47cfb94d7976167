package testday

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Result outcomes of a step for a pair.
const (
	ResultPassed   = "geslaagd"
	ResultFailed   = "gefaald"
	ResultPartial  = "deels"
	ResultBlocked  = "geblokkeerd"
	ResultNotDone  = "niet_uitgevoerd"
	ReviewVerified = "verified"
	ReviewDisputed = "disputed"
)

// ResultOutcomes lists the outcomes.
func ResultOutcomes() []string {
	return []string{ResultPassed, ResultFailed, ResultPartial, ResultBlocked, ResultNotDone}
}

// Result is the outcome of one scenario step for one scheduled pair.
type Result struct {
	ID          int64     `json:"id"`
	PairID      int64     `json:"pair_id"`
	RoundID     int64     `json:"round_id"`
	Day         int       `json:"day_number"`
	PGO         int64     `json:"pgo_organisation_id"`
	DVA         int64     `json:"dva_organisation_id"`
	ScenarioID  int64     `json:"scenario_id"`
	StepID      int64     `json:"step_id"`
	Outcome     string    `json:"outcome"`
	Note        string    `json:"note,omitempty"`
	EvidenceURL string    `json:"evidence_url,omitempty"`
	PGORunID    int64     `json:"pgo_run_id,omitempty"`
	Traffic     []int64   `json:"sandbox_traffic_ids,omitempty"` // recorded exchanges an automated result rests on
	FindingID   int64     `json:"finding_id,omitempty"`
	Source      string    `json:"source"` // manual or auto
	RecordedBy  string    `json:"recorded_by,omitempty"`
	RecordedAt  time.Time `json:"recorded_at"`
	Review      string    `json:"review,omitempty"`
	ReviewedBy  string    `json:"reviewed_by,omitempty"`
}

// ResultInput records a result.
type ResultInput struct {
	PairID      int64  `json:"pair_id"`
	StepID      int64  `json:"step_id"`
	Outcome     string `json:"outcome"`
	Note        string `json:"note"`
	EvidenceURL string `json:"evidence_url"`
	FindingID   int64  `json:"finding_id"`
}

const resultColumns = `x.id, x.pair_id, p.round_id, r.day_number, p.pgo_org_id, p.dva_org_id, t.scenario_id, x.step_id, x.outcome, x.note, x.evidence_url,
	COALESCE(x.pgo_run_id, 0), COALESCE(x.finding_id, 0), x.source, COALESCE(u.name, ''), x.recorded_at, x.review, COALESCE(v.name, ''), x.traffic_ids`

const resultFrom = ` FROM testday_results x JOIN testday_pairs p ON p.id = x.pair_id JOIN testday_rounds r ON r.id = p.round_id
	JOIN testday_steps t ON t.id = x.step_id LEFT JOIN users u ON u.id = x.recorded_by LEFT JOIN users v ON v.id = x.reviewed_by`

func scanResult(r interface{ Scan(...any) error }) (*Result, error) {
	x := &Result{}
	var traffic string
	err := r.Scan(&x.ID, &x.PairID, &x.RoundID, &x.Day, &x.PGO, &x.DVA, &x.ScenarioID, &x.StepID, &x.Outcome, &x.Note, &x.EvidenceURL,
		&x.PGORunID, &x.FindingID, &x.Source, &x.RecordedBy, &x.RecordedAt, &x.Review, &x.ReviewedBy, &traffic)
	x.Traffic = parseIDs(traffic)
	return x, err
}

// Results lists the hackathon's results by round and pair.
func (s *Service) Results(ctx context.Context, hackathonID int64) ([]Result, error) {
	return store.Collect(ctx, s.DB, scanResult, "SELECT "+resultColumns+resultFrom+" WHERE x.hackathon_id = ? ORDER BY r.day_number, r.starts_at, x.pair_id, t.position", hackathonID)
}

// ResultByID loads one.
func (s *Service) ResultByID(ctx context.Context, hackathonID, id int64) (*Result, error) {
	rs, err := store.Collect(ctx, s.DB, scanResult, "SELECT "+resultColumns+resultFrom+" WHERE x.hackathon_id = ? AND x.id = ?", hackathonID, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("result %w", apperr.ErrNotFound)
	}
	return &rs[0], nil
}

// pairFacts are what checking a result needs of its pair.
type pairFacts struct {
	pgo, dva int64
	service  string
	start    time.Time
	end      time.Time
}

func (s *Service) pair(ctx context.Context, q store.Querier, hackathonID, id int64) (*pairFacts, error) {
	f := &pairFacts{}
	err := q.QueryRow(ctx, `SELECT p.pgo_org_id, p.dva_org_id, p.service, r.starts_at, r.ends_at FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id
		WHERE p.id = ? AND p.hackathon_id = ?`, id, hackathonID).Scan(&f.pgo, &f.dva, &f.service, &f.start, &f.end)
	if err == sql.ErrNoRows {
		return nil, apperr.Field("pair_id", "not a scheduled pair of this hackathon")
	}
	return f, err
}

// InPair reports whether an organisation takes part in a pair (as PGO,
// DVA or a care provider behind the DVA).
func (s *Service) InPair(ctx context.Context, hackathonID, pairID, orgID int64) (bool, error) {
	f, err := s.pair(ctx, s.DB, hackathonID, pairID)
	if err != nil || orgID == 0 {
		return false, err
	}
	if f.pgo == orgID || f.dva == orgID {
		return true, nil
	}
	var n int
	err = s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM testday_participants WHERE hackathon_id = ? AND organisation_id = ? AND dva_org_id = ?", hackathonID, orgID, f.dva).Scan(&n)
	return n > 0, err
}

// RecordResult records (or replaces) the result of a step for a pair: the
// pair must be scheduled, the step must belong to a final scenario of the
// pair's data service and FHIR version. A reviewed result that changes
// loses its review. Audited.
func (s *Service) RecordResult(ctx context.Context, hackathonID int64, in ResultInput, by int64) (*Result, error) {
	var inv apperr.Invalid
	if !slices.Contains(ResultOutcomes(), in.Outcome) {
		inv.Add("outcome", "one of "+strings.Join(ResultOutcomes(), ", "))
	}
	in.Note, in.EvidenceURL = strings.TrimSpace(in.Note), strings.TrimSpace(in.EvidenceURL)
	if len(in.Note) > MaxNote {
		inv.Add("note", fmt.Sprintf("at most %d characters", MaxNote))
	}
	if err := hackathon.ValidateEvidenceURL(in.EvidenceURL); err != nil {
		inv.Add("evidence_url", err.(*apperr.FieldError).Message)
	}
	if err := inv.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		f, err := s.pair(ctx, tx, hackathonID, in.PairID)
		if err != nil {
			return err
		}
		var service, status string
		err = tx.QueryRow(ctx, `SELECT sc.service, sc.status FROM testday_steps t JOIN testday_scenarios sc ON sc.id = t.scenario_id
			WHERE t.id = ? AND sc.hackathon_id = ?`, in.StepID, hackathonID).Scan(&service, &status)
		if err == sql.ErrNoRows {
			return apperr.Field("step_id", "not a scenario step of this hackathon")
		}
		if err != nil {
			return err
		}
		if status != ScenarioFinal {
			return apperr.Field("step_id", "the scenario is not final yet")
		}
		if service != f.service {
			return apperr.Field("step_id", fmt.Sprintf("the scenario tests %s, the pair %s", service, f.service))
		}
		if in.FindingID != 0 {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM findings WHERE id = ? AND hackathon_id = ?", in.FindingID, hackathonID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("finding_id", "not a finding of this hackathon")
			}
		}
		now := s.Now()
		var old string
		err = tx.QueryRow(ctx, "SELECT id, outcome FROM testday_results WHERE pair_id = ? AND step_id = ?", in.PairID, in.StepID).Scan(&id, &old)
		switch {
		case err == sql.ErrNoRows:
			id, err = tx.Insert(ctx, `INSERT INTO testday_results (hackathon_id, pair_id, step_id, outcome, note, evidence_url, finding_id, source, recorded_by, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)`, hackathonID, in.PairID, in.StepID, in.Outcome, in.Note, in.EvidenceURL, store.NullID(in.FindingID), by, now)
		case err == nil:
			_, err = tx.Exec(ctx, `UPDATE testday_results SET outcome = ?, note = ?, evidence_url = ?, finding_id = COALESCE(?, finding_id), source = 'manual',
				recorded_by = ?, recorded_at = ?, review = '', reviewed_by = NULL, reviewed_at = NULL WHERE id = ?`,
				in.Outcome, in.Note, in.EvidenceURL, store.NullID(in.FindingID), by, now, id)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "test_result",
			EntityID: strconv.FormatInt(id, 10), Action: "outcome", From: old, To: in.Outcome})
	})
	if err != nil {
		return nil, err
	}
	res, err := s.ResultByID(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.followDayResults(ctx, hackathonID, res.Day, by); err != nil {
		return nil, err
	}
	return res, nil
}

// ReviewResult is the test coordinator verifying or disputing a result (audited).
func (s *Service) ReviewResult(ctx context.Context, hackathonID, id int64, review string, by int64) (*Result, error) {
	if review != ReviewVerified && review != ReviewDisputed {
		return nil, apperr.Field("review", "verified or disputed")
	}
	old, err := s.ResultByID(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, "UPDATE testday_results SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?", review, by, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "test_result",
			EntityID: strconv.FormatInt(id, 10), Action: "review", From: old.Review, To: review})
	})
	if err != nil {
		return nil, err
	}
	return s.ResultByID(ctx, hackathonID, id)
}

// LinkFinding records the finding logged from a result.
func (s *Service) LinkFinding(ctx context.Context, hackathonID, resultID, findingID int64) error {
	_, err := s.DB.Exec(ctx, "UPDATE testday_results SET finding_id = ? WHERE id = ? AND hackathon_id = ?", findingID, resultID, hackathonID)
	return err
}

// LinkedFinding is a finding logged from a step of a round.
type LinkedFinding struct {
	ID     int64  `json:"id"`
	Number int    `json:"number"`
	Title  string `json:"title"`
	StepID int64  `json:"scenario_step_id"`
}

// FindingsOfRound lists the findings that name a round (test_round_id),
// by scenario step: the evidence a failed step links to.
func (s *Service) FindingsOfRound(ctx context.Context, hackathonID, roundID int64) (map[int64][]LinkedFinding, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, number, title, COALESCE(scenario_step_id, 0) FROM findings WHERE hackathon_id = ? AND test_round_id = ? ORDER BY number", hackathonID, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]LinkedFinding{}
	for rows.Next() {
		var f LinkedFinding
		if err := rows.Scan(&f.ID, &f.Number, &f.Title, &f.StepID); err != nil {
			return nil, err
		}
		out[f.StepID] = append(out[f.StepID], f)
	}
	return out, rows.Err()
}
