package finding

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// DefaultMaxAttachment is the default size limit of one attachment (20 MB).
const DefaultMaxAttachment = 20 << 20

// attachmentTypes are the accepted file types by extension: screenshots,
// logs and FHIR payloads. The stored content type comes from this table,
// never from the client.
var attachmentTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".pdf": "application/pdf", ".txt": "text/plain", ".log": "text/plain", ".json": "application/json",
	".xml": "application/xml", ".har": "application/json", ".csv": "text/csv",
}

// AttachmentExtensions lists the accepted extensions, for messages.
func AttachmentExtensions() string {
	return ".csv, .gif, .har, .jpeg, .jpg, .json, .log, .pdf, .png, .txt, .webp, .xml"
}

func (s *Service) maxAttachment() int64 {
	if s.MaxAttachment > 0 {
		return s.MaxAttachment
	}
	return DefaultMaxAttachment
}

// MaxAttachmentSize is the size limit in force.
func (s *Service) MaxAttachmentSize() int64 { return s.maxAttachment() }

// AddAttachment stores a file on disk under Dir and records it. A file
// over the size limit or of a type not accepted is refused naming the limit.
func (s *Service) AddAttachment(ctx context.Context, f *Finding, name string, r io.Reader, by int64) (*Attachment, error) {
	if s.Dir == "" {
		return nil, errors.New("finding: attachment directory not configured")
	}
	name = filepath.Base(strings.TrimSpace(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" || len(name) > 200 {
		return nil, apperr.Field("file", "choose a file")
	}
	ct, ok := attachmentTypes[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return nil, apperr.Field("file", "file type not accepted; accepted are "+AttachmentExtensions())
	}
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	rand.Read(b)
	stored := hex.EncodeToString(b)
	path := filepath.Join(s.Dir, stored)
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, err
	}
	limit := s.maxAttachment()
	n, err := io.Copy(out, io.LimitReader(r, limit+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > limit {
		err = apperr.Field("file", fmt.Sprintf("file too large: the limit is %d MB", limit>>20))
	}
	if err == nil && n == 0 {
		err = apperr.Field("file", "the file is empty")
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	a := &Attachment{FindingID: f.ID, Name: name, ContentType: ct, Size: n, StoredName: stored, At: s.Now()}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		a.ID, err = tx.Insert(ctx, "INSERT INTO finding_attachments (finding_id, name, content_type, size, stored_name, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			f.ID, name, ct, n, stored, store.NullID(by), a.At)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: f.HackathonID, UserID: by, At: a.At, Entity: "finding",
			EntityID: strconv.FormatInt(f.ID, 10), Action: "attachment", To: name})
	})
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return a, nil
}

// Attachments lists a finding's attachments, oldest first.
func (s *Service) Attachments(ctx context.Context, findingID int64) ([]Attachment, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, finding_id, name, content_type, size, stored_name, created_at FROM finding_attachments WHERE finding_id = ? ORDER BY id", findingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.FindingID, &a.Name, &a.ContentType, &a.Size, &a.StoredName, &a.At); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// OpenAttachment opens one attachment of a finding for reading.
func (s *Service) OpenAttachment(ctx context.Context, findingID, id int64) (*Attachment, *os.File, error) {
	var a Attachment
	err := s.DB.QueryRow(ctx, "SELECT id, finding_id, name, content_type, size, stored_name, created_at FROM finding_attachments WHERE finding_id = ? AND id = ?",
		findingID, id).Scan(&a.ID, &a.FindingID, &a.Name, &a.ContentType, &a.Size, &a.StoredName, &a.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("attachment %w", apperr.ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	file, err := os.Open(filepath.Join(s.Dir, a.StoredName))
	if err != nil {
		return nil, nil, fmt.Errorf("attachment file %w", apperr.ErrNotFound)
	}
	return &a, file, nil
}
