package hackathon

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// DecisionStart is the client's go/no-go on the start note (after phase 1).
const DecisionStart = "start"

// Decision is a recorded go/no-go.
type Decision struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Outcome   string    `json:"outcome"` // "go" or "nogo"
	Reason    string    `json:"reason"`
	DecidedOn date.Date `json:"decided_on"`
	DecidedBy string    `json:"decided_by"`
	CreatedAt time.Time `json:"created_at"`
}

// DecisionInput is what the client enters.
type DecisionInput struct {
	Outcome   string    `json:"outcome"`
	Reason    string    `json:"reason"`
	DecidedOn date.Date `json:"decided_on"`
}

// RecordDecision stores the client's go/no-go. A go completes milestone 1B
// and opens phase 2; a later no-go closes it again.
func (s *Service) RecordDecision(ctx context.Context, hackathonID int64, in DecisionInput, userID int64) (*Decision, error) {
	var v apperr.Invalid
	in.Outcome = strings.ToLower(strings.TrimSpace(in.Outcome))
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Outcome == "no-go" {
		in.Outcome = "nogo"
	}
	if in.Outcome != "go" && in.Outcome != "nogo" {
		v.Add("outcome", "must be go or nogo")
	}
	if in.Reason == "" {
		v.Add("reason", "required: say why")
	} else if len(in.Reason) > 5000 {
		v.TooLong("reason", "5,000")
	}
	if in.DecidedOn.IsZero() {
		v.Required("decided_on")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, hackathonID); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		prev, err := latestDecision(ctx, tx, hackathonID)
		if err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO decisions (hackathon_id, kind, outcome, reason, decided_on, decided_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hackathonID, DecisionStart, in.Outcome, in.Reason, in.DecidedOn, store.NullID(userID), now)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: userID, At: now, Entity: "hackathon",
			EntityID: strconv.FormatInt(hackathonID, 10), Action: "decision", From: prev, To: in.Outcome}); err != nil {
			return err
		}
		if in.Outcome != "go" {
			return nil
		}
		var msID int64
		var status Status
		err = tx.QueryRow(ctx, "SELECT id, status FROM milestones WHERE hackathon_id = ? AND code = '1B' AND iteration = 1", hackathonID).Scan(&msID, &status)
		if err != nil || status == StatusKlaar {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE milestones SET status = ?, updated_at = ? WHERE id = ?", StatusKlaar, now, msID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: userID, At: now, Entity: "milestone",
			EntityID: strconv.FormatInt(msID, 10), Action: "status", From: string(status), To: string(StatusKlaar)})
	})
	if err != nil {
		return nil, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.ID == id {
			return d, nil
		}
	}
	return nil, errors.New("hackathon: recorded decision not found")
}

func latestDecision(ctx context.Context, q store.Querier, hackathonID int64) (string, error) {
	var outcome string
	err := q.QueryRow(ctx, "SELECT outcome FROM decisions WHERE hackathon_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", hackathonID, DecisionStart).Scan(&outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return outcome, err
}

// PlanningOpen reports whether phase 2 and later are open: the client's
// latest decision on the start note is a go.
func (s *Service) PlanningOpen(ctx context.Context, hackathonID int64) (bool, error) {
	o, err := latestDecision(ctx, s.DB, hackathonID)
	return o == "go", err
}

// Decisions lists the go/no-go decisions, newest first.
func (s *Service) Decisions(ctx context.Context, hackathonID int64) ([]*Decision, error) {
	rows, err := s.DB.Query(ctx, `SELECT d.id, d.kind, d.outcome, d.reason, d.decided_on, COALESCE(u.name, ''), d.created_at
		FROM decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.hackathon_id = ? ORDER BY d.id DESC`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Decision
	for rows.Next() {
		d := &Decision{}
		if err := rows.Scan(&d.ID, &d.Kind, &d.Outcome, &d.Reason, &d.DecidedOn, &d.DecidedBy, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
