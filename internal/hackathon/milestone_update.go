package hackathon

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// MilestoneChange is an edit of a milestone; nil fields stay as they are.
type MilestoneChange struct {
	Status      *string    `json:"status,omitempty"`
	OwnerID     *int64     `json:"owner_id,omitempty"` // 0 clears the owner
	Due         *date.Date `json:"due_date,omitempty"`
	Note        *string    `json:"note,omitempty"`
	EvidenceURL *string    `json:"evidence_url,omitempty"`
	Responsible *string    `json:"responsible_role,omitempty"`
}

// ValidateEvidenceURL accepts an empty string or an absolute http(s) URL, so
// that a link rendered in the UI can never run script.
func ValidateEvidenceURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return apperr.Field("evidence_url", "must be an http:// or https:// link")
	}
	if len(s) > 2000 {
		return apperr.TooLong("evidence_url", "2,000")
	}
	return nil
}

// UpdateMilestone applies a change. Milestones of phase 2 and later can only
// change after the client's go; every changed field is audited.
func (s *Service) UpdateMilestone(ctx context.Context, hackathonID, id int64, c MilestoneChange, userID int64) (*Milestone, error) {
	m, err := s.Milestone(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	next := *m
	var v apperr.Invalid
	if c.Status != nil {
		st, err := ParseStatus(*c.Status)
		if err != nil {
			v.Add("status", err.(*apperr.FieldError).Message)
		}
		next.Status = st
	}
	if c.Note != nil {
		next.Note = strings.TrimSpace(*c.Note)
		if len(next.Note) > 5000 {
			v.TooLong("note", "5,000")
		}
	}
	if c.EvidenceURL != nil {
		next.EvidenceURL = strings.TrimSpace(*c.EvidenceURL)
		if err := ValidateEvidenceURL(next.EvidenceURL); err != nil {
			v.Add("evidence_url", err.(*apperr.FieldError).Message)
		}
	}
	if c.Due != nil {
		next.Due = *c.Due
	}
	if c.Responsible != nil {
		if *c.Responsible == "" {
			next.Responsible = ""
		} else if r, err := blueprint.ParseRole(*c.Responsible); err != nil {
			v.Add("responsible_role", "unknown role")
		} else {
			next.Responsible = r
		}
	}
	if c.OwnerID != nil {
		next.OwnerID = *c.OwnerID
		if next.OwnerID != 0 {
			isMember, err := s.IsMember(ctx, hackathonID, next.OwnerID)
			if err != nil {
				return nil, err
			}
			if !isMember {
				v.Add("owner_id", "the owner must be a member of this hackathon")
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if m.Phase >= 2 {
		open, err := s.PlanningOpen(ctx, hackathonID)
		if err != nil {
			return nil, err
		}
		if !open {
			return nil, &apperr.Conflict{Message: "phase " + strconv.Itoa(m.Phase) + " opens only after the client's go on the start note (milestone 1B)"}
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE milestones SET status = ?, owner_id = ?, due_date = ?, note = ?, evidence_url = ?, responsible_role = ?, updated_at = ?
			WHERE id = ? AND hackathon_id = ?`, next.Status, store.NullID(next.OwnerID), next.Due, next.Note, next.EvidenceURL, string(next.Responsible), s.Now(), id, hackathonID)
		if err != nil {
			return err
		}
		return auditMilestone(ctx, tx, m, &next, userID, s.Now())
	})
	if err != nil {
		return nil, err
	}
	return s.Milestone(ctx, hackathonID, id)
}

func auditMilestone(ctx context.Context, tx *store.Tx, old, next *Milestone, userID int64, now time.Time) error {
	changes := []struct{ action, from, to string }{
		{"status", string(old.Status), string(next.Status)},
		{"owner", strconv.FormatInt(old.OwnerID, 10), strconv.FormatInt(next.OwnerID, 10)},
		{"due_date", old.Due.String(), next.Due.String()},
		{"note", old.Note, next.Note},
		{"evidence_url", old.EvidenceURL, next.EvidenceURL},
		{"responsible_role", string(old.Responsible), string(next.Responsible)},
	}
	for _, c := range changes {
		if c.from == c.to {
			continue
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: old.HackathonID, UserID: userID, Entity: "milestone",
			At: now, EntityID: strconv.FormatInt(old.ID, 10), Action: c.action, From: c.from, To: c.to}); err != nil {
			return err
		}
	}
	return nil
}
