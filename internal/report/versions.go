package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// TextKeys are the report's editable texts: the summary, how the days
// went, and the recommendations per stakeholder.
func TextKeys() []string {
	return []string{"summary", "days", "rec_medmij", "rec_nictiz", "rec_vzvz", "rec_vendors"}
}

// MaxText bounds one editable text.
const MaxText = 50000

// Texts returns the editable texts by key.
func (s *Service) Texts(ctx context.Context, hackathonID int64) (map[string]string, error) {
	rows, err := s.DB.Query(ctx, "SELECT tkey, body FROM report_texts WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, b string
		if err := rows.Scan(&k, &b); err != nil {
			return nil, err
		}
		out[k] = b
	}
	return out, rows.Err()
}

// SaveTexts stores the given texts (unknown keys are refused) while the
// report is not delivered.
func (s *Service) SaveTexts(ctx context.Context, hackathonID int64, texts map[string]string, by int64) error {
	var inv apperr.Invalid
	known := map[string]bool{}
	for _, k := range TextKeys() {
		known[k] = true
	}
	for k, v := range texts {
		switch {
		case !known[k]:
			inv.AddCode(k, "report_text_unknown", "unknown text")
		case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
			inv.AddCode(k, "report_text_invalid", "not valid text")
		case len(v) > MaxText:
			inv.AddCode(k, "report_text_long", fmt.Sprintf("longer than %d characters", MaxText), fmt.Sprint(MaxText))
		}
	}
	if err := inv.Err(); err != nil {
		return err
	}
	if v, err := s.Current(ctx, hackathonID); err == nil && v.Status == StatusDelivered {
		return &apperr.Conflict{Message: "the report was delivered; start a new version to change it"}
	} else if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, k := range TextKeys() {
			v, ok := texts[k]
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			if _, err := tx.Exec(ctx, "DELETE FROM report_texts WHERE hackathon_id = ? AND tkey = ?", hackathonID, k); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO report_texts (hackathon_id, tkey, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
				hackathonID, k, v, store.NullID(by), s.Now()); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "report", EntityID: fmt.Sprint(hackathonID), Action: "texts"})
	})
}

// Report statuses.
const (
	StatusConcept   = "concept"   // being written
	StatusReview    = "review"    // with the named reviewers (MedMij, Nictiz, VZVZ, ...)
	StatusDelivered = "delivered" // delivered to the client
)

// Version is one version of the report.
type Version struct {
	Version    int
	Status     string
	Note       string // the reviewers, or what changed
	CreatedAt  time.Time
	AcceptedBy string
	AcceptedAt time.Time
}

// Comment is a reviewer's comment on a version.
type Comment struct {
	Author    string
	Body      string
	CreatedAt time.Time
}

const versionCols = `v.version, v.status, v.note, v.created_at, COALESCE(u.name, ''), v.accepted_at`

func scanVersion(row interface{ Scan(...any) error }) (*Version, error) {
	var v Version
	var acc sql.NullTime
	if err := row.Scan(&v.Version, &v.Status, &v.Note, &v.CreatedAt, &v.AcceptedBy, &acc); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("report version %w", apperr.ErrNotFound)
		}
		return nil, err
	}
	if acc.Valid {
		v.AcceptedAt = acc.Time.UTC()
	} else {
		v.AcceptedBy = ""
	}
	return &v, nil
}

// Versions lists the versions, oldest first.
func (s *Service) Versions(ctx context.Context, hackathonID int64) ([]Version, error) {
	return store.Collect(ctx, s.DB, scanVersion, "SELECT "+versionCols+
		" FROM report_versions v LEFT JOIN users u ON u.id = v.accepted_by WHERE v.hackathon_id = ? ORDER BY v.version", hackathonID)
}

// Current is the latest version (apperr.ErrNotFound when none).
func (s *Service) Current(ctx context.Context, hackathonID int64) (*Version, error) {
	return scanVersion(s.DB.QueryRow(ctx, "SELECT "+versionCols+
		" FROM report_versions v LEFT JOIN users u ON u.id = v.accepted_by WHERE v.hackathon_id = ? ORDER BY v.version DESC LIMIT 1", hackathonID))
}

// Advance moves the report on: "concept" starts version 1 or, after
// review or delivery, a revised next version; "review" sends the current
// concept to the reviewers named in note; "delivered" delivers it to the
// client. A report cannot exist before the first test day.
func (s *Service) Advance(ctx context.Context, hackathonID int64, to, note string, by int64) (*Version, error) {
	if _, err := s.Build(ctx, hackathonID, "nl"); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return nil, apperr.FieldCode("note", "report_note_long", "the note is longer than 2000 characters")
	}
	cur, err := s.Current(ctx, hackathonID)
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	from := ""
	if cur != nil {
		from = cur.Status
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		switch {
		case to == StatusConcept && (cur == nil || cur.Status != StatusConcept):
			n := 1
			if cur != nil {
				n = cur.Version + 1
			}
			if _, err := tx.Exec(ctx, "INSERT INTO report_versions (hackathon_id, version, status, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				hackathonID, n, StatusConcept, note, store.NullID(by), s.Now()); err != nil {
				return err
			}
		case to == StatusReview && cur != nil && cur.Status == StatusConcept:
			if note == "" {
				return apperr.FieldCode("note", "report_reviewers", "name the reviewers")
			}
			if _, err := tx.Exec(ctx, "UPDATE report_versions SET status = ?, note = ? WHERE hackathon_id = ? AND version = ?", StatusReview, note, hackathonID, cur.Version); err != nil {
				return err
			}
		case to == StatusDelivered && cur != nil && (cur.Status == StatusConcept || cur.Status == StatusReview):
			if _, err := tx.Exec(ctx, "UPDATE report_versions SET status = ? WHERE hackathon_id = ? AND version = ?", StatusDelivered, hackathonID, cur.Version); err != nil {
				return err
			}
		default:
			return &apperr.Conflict{Message: fmt.Sprintf("a report in status %q cannot go to %q", from, to)}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "report", EntityID: fmt.Sprint(hackathonID), Action: "status", From: from, To: to})
	})
	if err != nil {
		return nil, err
	}
	return s.Current(ctx, hackathonID)
}

// Comment adds a reviewer's comment to the current version.
func (s *Service) Comment(ctx context.Context, hackathonID int64, body string, by int64, author string) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return apperr.FieldCode("comment", "report_comment_required", "write a comment")
	}
	if len(body) > 10000 || !utf8.ValidString(body) {
		return apperr.FieldCode("comment", "report_comment_long", "the comment is longer than 10000 characters")
	}
	cur, err := s.Current(ctx, hackathonID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return &apperr.Conflict{Message: "there is no version to comment on yet"}
		}
		return err
	}
	_, err = s.DB.Exec(ctx, "INSERT INTO report_comments (hackathon_id, version, author_id, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		hackathonID, cur.Version, store.NullID(by), author, body, s.Now())
	return err
}

// Comments lists the comments on a version, oldest first.
func (s *Service) Comments(ctx context.Context, hackathonID int64, version int) ([]Comment, error) {
	return store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Comment, error) {
		var c Comment
		err := row.Scan(&c.Author, &c.Body, &c.CreatedAt)
		return &c, err
	}, "SELECT author, body, created_at FROM report_comments WHERE hackathon_id = ? AND version = ? ORDER BY id", hackathonID, version)
}

// Accept records the client's acceptance of the delivered version and
// marks 9D done.
func (s *Service) Accept(ctx context.Context, hackathonID int64, by int64) error {
	cur, err := s.Current(ctx, hackathonID)
	if err != nil {
		return err
	}
	if cur.Status != StatusDelivered || !cur.AcceptedAt.IsZero() {
		return &apperr.Conflict{Message: "only a delivered, not yet accepted report can be accepted"}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE report_versions SET accepted_by = ?, accepted_at = ? WHERE hackathon_id = ? AND version = ?", by, s.Now(), hackathonID, cur.Version); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "report", EntityID: fmt.Sprint(hackathonID), Action: "accepted", To: fmt.Sprint(cur.Version)})
	})
	if err != nil {
		return err
	}
	return s.markDone(ctx, hackathonID, "9D", by)
}

func (s *Service) markDone(ctx context.Context, hackathonID int64, code string, by int64) error {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Code != code || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return nil // the phase waits for a go: acceptance stays recorded
		}
		if err != nil {
			return err
		}
	}
	return nil
}
