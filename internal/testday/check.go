package testday

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Status of a snelcheck item for one participant.
type Status string

// The statuses.
const (
	StatusOpen     Status = "open"
	StatusClaimed  Status = "claimed"  // declared done by the participant, not verified yet
	StatusVerified Status = "verified" // verified by the coordinator or passed an automated run
	StatusFailed   Status = "failed"
)

// Statuses lists them in order.
func Statuses() []Status { return []Status{StatusOpen, StatusClaimed, StatusVerified, StatusFailed} }

// Check is one item of a participant's snelcheck with its state and evidence.
type Check struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"organisation_id"`
	Item        Item      `json:"item"`
	Status      Status    `json:"status"`
	EvidenceURL string    `json:"evidence_url,omitempty"`
	Note        string    `json:"note,omitempty"`
	Detail      string    `json:"detail,omitempty"` // the automated run's outcome
	FileName    string    `json:"file_name,omitempty"`
	FileType    string    `json:"file_type,omitempty"`
	ClaimedBy   string    `json:"claimed_by,omitempty"`
	ClaimedAt   time.Time `json:"claimed_at,omitzero"`
	VerifiedBy  string    `json:"verified_by,omitempty"` // empty with a time: ketentest's automated run
	VerifiedAt  time.Time `json:"verified_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Overdue reports whether the item is not verified and past its deadline.
func (c *Check) Overdue(today time.Time) bool {
	return c.Status != StatusVerified && !c.Item.Deadline.IsZero() && c.Item.Deadline.Time().Before(today.Truncate(24*time.Hour))
}

func (s *Service) checks(ctx context.Context, where string, args ...any) ([]Check, error) {
	return store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Check, error) {
		c := &Check{}
		var claimedAt, verifiedAt sql.NullTime
		err := r.Scan(&c.ID, &c.OrgID, &c.Item.ID, &c.Item.ListID, &c.Item.ChainRole, &c.Item.Position, &c.Item.Title, &c.Item.Kind,
			&c.Item.AutoCheck, &c.Item.Deadline, &c.Status, &c.EvidenceURL, &c.Note, &c.Detail, &c.FileName, &c.FileType,
			&c.ClaimedBy, &claimedAt, &c.VerifiedBy, &verifiedAt, &c.UpdatedAt)
		c.ClaimedAt, c.VerifiedAt = claimedAt.Time, verifiedAt.Time
		return c, err
	}, `SELECT c.id, c.organisation_id, i.id, i.checklist_id, l.chain_role, i.position, i.title, i.kind, i.auto_check, i.deadline,
		c.status, c.evidence_url, c.note, c.detail, c.file_name, c.file_type, COALESCE(uc.name, ''), c.claimed_at, COALESCE(uv.name, ''), c.verified_at, c.updated_at
		FROM testday_checks c JOIN testday_items i ON i.id = c.item_id JOIN testday_checklists l ON l.id = i.checklist_id
		LEFT JOIN users uc ON uc.id = c.claimed_by LEFT JOIN users uv ON uv.id = c.verified_by
		WHERE `+where+` ORDER BY c.organisation_id, i.position, i.id`, args...)
}

// Checks lists a participant's snelcheck items.
func (s *Service) Checks(ctx context.Context, hackathonID, orgID int64) ([]Check, error) {
	return s.checks(ctx, "c.hackathon_id = ? AND c.organisation_id = ?", hackathonID, orgID)
}

// AllChecks lists every participant's items.
func (s *Service) AllChecks(ctx context.Context, hackathonID int64) ([]Check, error) {
	return s.checks(ctx, "c.hackathon_id = ?", hackathonID)
}

// CheckByID loads one item of a hackathon.
func (s *Service) CheckByID(ctx context.Context, hackathonID, id int64) (*Check, error) {
	cs, err := s.checks(ctx, "c.hackathon_id = ? AND c.id = ?", hackathonID, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("snelcheck item %w", apperr.ErrNotFound)
	}
	return &cs[0], nil
}

// Limits of a self-declaration.
const (
	MaxFileBytes = 5 << 20
	MaxNote      = 5000
)

// allowedFiles maps the extensions a self-declaration may carry to the
// content type the file's bytes must sniff as.
var allowedFiles = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".txt": "text/plain; charset=utf-8",
}

// Declaration is a participant's self-declaration of an item: optionally a
// link and a file (PDF, PNG, JPEG or text, at most 5 MiB) as evidence.
type Declaration struct {
	EvidenceURL string `json:"evidence_url"`
	Note        string `json:"note"`
	FileName    string `json:"file_name"`
	File        []byte `json:"-"`
}

func (d *Declaration) validate() (fileType string, err error) {
	var inv apperr.Invalid
	d.EvidenceURL, d.Note = strings.TrimSpace(d.EvidenceURL), strings.TrimSpace(d.Note)
	if err := hackathon.ValidateEvidenceURL(d.EvidenceURL); err != nil {
		inv.Add("evidence_url", err.(*apperr.FieldError).Message)
	}
	if len(d.Note) > MaxNote {
		inv.Add("note", fmt.Sprintf("at most %d characters", MaxNote))
	}
	if len(d.File) > 0 || d.FileName != "" {
		d.FileName = filepath.Base(strings.ReplaceAll(d.FileName, "\\", "/"))
		want, ok := allowedFiles[strings.ToLower(filepath.Ext(d.FileName))]
		switch {
		case !ok:
			inv.Add("file", "only .pdf, .png, .jpg, .jpeg or .txt files")
		case len(d.File) == 0:
			inv.Add("file", "the file is empty")
		case len(d.File) > MaxFileBytes:
			inv.Add("file", "at most 5 MiB")
		case http.DetectContentType(d.File) != want:
			inv.Add("file", fmt.Sprintf("the content of %q is not a %s file", d.FileName, strings.TrimPrefix(filepath.Ext(d.FileName), ".")))
		case len(d.FileName) > 200:
			inv.Add("file", "the file name is longer than 200 characters")
		}
		fileType = want
	}
	return fileType, inv.Err()
}

// Declare records a participant's self-declaration: the item becomes
// claimed, with who and when. Only self-declaration items are declared.
func (s *Service) Declare(ctx context.Context, hackathonID, orgID, checkID int64, d Declaration, by int64) (*Check, error) {
	c, err := s.CheckByID(ctx, hackathonID, checkID)
	if err != nil {
		return nil, err
	}
	if c.OrgID != orgID {
		return nil, fmt.Errorf("snelcheck item %w", apperr.ErrNotFound)
	}
	if c.Item.Kind != KindSelf {
		return nil, apperr.Field("kind", "only self-declaration items are declared by the participant")
	}
	fileType, err := d.validate()
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		q := "UPDATE testday_checks SET status = ?, evidence_url = ?, note = ?, claimed_by = ?, claimed_at = ?, updated_at = ?"
		args := []any{StatusClaimed, d.EvidenceURL, d.Note, by, now, now}
		if len(d.File) > 0 {
			q += ", file_name = ?, file_type = ?, file_data = ?"
			args = append(args, d.FileName, fileType, d.File)
		}
		if _, err := tx.Exec(ctx, q+" WHERE id = ?", append(args, checkID)...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_check",
			EntityID: strconv.FormatInt(checkID, 10), Action: "status", From: string(c.Status), To: string(StatusClaimed)})
	})
	if err != nil {
		return nil, err
	}
	return s.CheckByID(ctx, hackathonID, checkID)
}

// File returns the evidence file of an item.
func (s *Service) File(ctx context.Context, hackathonID, checkID int64) (name, contentType string, data []byte, err error) {
	err = s.DB.QueryRow(ctx, "SELECT file_name, file_type, file_data FROM testday_checks WHERE hackathon_id = ? AND id = ? AND file_data IS NOT NULL",
		hackathonID, checkID).Scan(&name, &contentType, &data)
	if err == sql.ErrNoRows {
		err = fmt.Errorf("file %w", apperr.ErrNotFound)
	}
	return name, contentType, data, err
}

// Verify records the coordinator's verdict on an item: verified or failed,
// with a note; audited.
func (s *Service) Verify(ctx context.Context, hackathonID, checkID int64, status Status, note string, by int64) (*Check, error) {
	// The check of the path first: one of another hackathon is not found,
	// whatever the form says.
	c, err := s.CheckByID(ctx, hackathonID, checkID)
	if err != nil {
		return nil, err
	}
	if status != StatusVerified && status != StatusFailed && status != StatusOpen {
		return nil, apperr.Field("status", "one of verified, failed, open")
	}
	note = strings.TrimSpace(note)
	if len(note) > MaxNote {
		return nil, apperr.Field("note", fmt.Sprintf("at most %d characters", MaxNote))
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, "UPDATE testday_checks SET status = ?, detail = ?, verified_by = ?, verified_at = ?, updated_at = ? WHERE id = ?",
			status, note, by, now, now, checkID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_check",
			EntityID: strconv.FormatInt(checkID, 10), Action: "status", From: string(c.Status), To: string(status)})
	})
	if err != nil {
		return nil, err
	}
	return s.CheckByID(ctx, hackathonID, checkID)
}

// recordAuto stores the outcome of an automated check (verified_by NULL:
// ketentest itself), audited only when the status changes.
func (s *Service) recordAuto(ctx context.Context, hackathonID int64, c Check, pass bool, detail string, by int64) error {
	status := StatusFailed
	if pass {
		status = StatusVerified
	}
	if len(detail) > MaxNote {
		detail = detail[:MaxNote]
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, "UPDATE testday_checks SET status = ?, detail = ?, verified_by = NULL, verified_at = ?, updated_at = ? WHERE id = ?",
			status, detail, now, now, c.ID); err != nil {
			return err
		}
		if c.Status == status {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_check",
			EntityID: strconv.FormatInt(c.ID, 10), Action: "automated", From: string(c.Status), To: string(status)})
	})
}
