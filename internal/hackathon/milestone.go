package hackathon

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Status of a milestone.
type Status string

// The milestone statuses.
const (
	StatusOpen  Status = "open"
	StatusBezig Status = "bezig"
	StatusKlaar Status = "gereed"
	StatusNVT   Status = "nvt" // niet van toepassing
)

// Statuses lists the milestone statuses in workflow order.
func Statuses() []Status { return []Status{StatusOpen, StatusBezig, StatusKlaar, StatusNVT} }

// ParseStatus accepts a status name.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses() {
		if string(st) == s {
			return st, nil
		}
	}
	if s == "n.v.t." {
		return StatusNVT, nil
	}
	return "", apperr.Field("status", fmt.Sprintf("unknown status %q (allowed: open, bezig, gereed, nvt)", s))
}

// Milestone is a blueprint milestone as planned in one hackathon.
type Milestone struct {
	ID          int64               `json:"id"`
	HackathonID int64               `json:"hackathon_id"`
	Code        string              `json:"code"`
	Phase       int                 `json:"phase"`
	Iteration   int                 `json:"iteration"`
	Responsible blueprint.Role      `json:"responsible_role"`
	OwnerID     int64               `json:"owner_id,omitempty"`
	OwnerName   string              `json:"owner_name,omitempty"`
	Due         date.Date           `json:"due_date"`
	Status      Status              `json:"status"`
	Note        string              `json:"note"`
	EvidenceURL string              `json:"evidence_url"`
	UpdatedAt   time.Time           `json:"updated_at"`
	Blueprint   blueprint.Milestone `json:"-"`
}

// Title is the blueprint title in the given language.
func (m *Milestone) Title(lang string) string { return m.Blueprint.Title.In(lang) }

// Overdue reports whether the milestone is not done and past its due date.
func (m *Milestone) Overdue(today date.Date) bool {
	return !m.Due.IsZero() && m.Due.Before(today) && (m.Status == StatusOpen || m.Status == StatusBezig)
}

// ErrMilestoneNotFound is returned for an unknown milestone.
var ErrMilestoneNotFound = fmt.Errorf("milestone %w", apperr.ErrNotFound)

const milestoneColumns = `m.id, m.hackathon_id, m.code, m.phase, m.iteration, m.responsible_role, m.owner_id,
	COALESCE(u.name, ''), m.due_date, m.status, m.note, m.evidence_url, m.updated_at`

func scanMilestone(row interface{ Scan(...any) error }) (*Milestone, error) {
	m := &Milestone{}
	var owner sql.NullInt64
	err := row.Scan(&m.ID, &m.HackathonID, &m.Code, &m.Phase, &m.Iteration, &m.Responsible, &owner,
		&m.OwnerName, &m.Due, &m.Status, &m.Note, &m.EvidenceURL, &m.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrMilestoneNotFound
	}
	m.OwnerID = owner.Int64
	m.Blueprint, _ = blueprint.MilestoneByID(m.Code)
	return m, err
}

func queryMilestones(ctx context.Context, q store.Querier, where string, args ...any) ([]*Milestone, error) {
	rows, err := q.Query(ctx, "SELECT "+milestoneColumns+" FROM milestones m LEFT JOIN users u ON u.id = m.owner_id WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Milestone
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Milestones lists a hackathon's milestones by phase, iteration and code.
func (s *Service) Milestones(ctx context.Context, hackathonID int64) ([]*Milestone, error) {
	return queryMilestones(ctx, s.DB, "m.hackathon_id = ? ORDER BY m.phase, m.iteration, m.code", hackathonID)
}

// Milestone loads one milestone of a hackathon.
func (s *Service) Milestone(ctx context.Context, hackathonID, id int64) (*Milestone, error) {
	ms, err := queryMilestones(ctx, s.DB, "m.hackathon_id = ? AND m.id = ?", hackathonID, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, ErrMilestoneNotFound
	}
	return ms[0], nil
}

// MyMilestones lists, over all hackathons, the milestones a user owns, and
// those without an owner whose responsible role the user holds.
func (s *Service) MyMilestones(ctx context.Context, userID int64) ([]*Milestone, error) {
	return queryMilestones(ctx, s.DB, `(m.owner_id = ? OR (m.owner_id IS NULL AND EXISTS (
		SELECT 1 FROM hackathon_members hm WHERE hm.hackathon_id = m.hackathon_id AND hm.user_id = ? AND hm.role = m.responsible_role)))
		AND m.status IN ('open', 'bezig') ORDER BY CASE WHEN m.due_date IS NULL THEN 1 ELSE 0 END, m.due_date, m.phase, m.code`, userID, userID)
}
