package testday

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG screenshots
	_ "image/png"  // DecodeConfig of PNG screenshots
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// Limits on screenshots as evidence of a result.
const (
	MaxScreenshotBytes     = 5 << 20
	MaxScreenshotsPerStep  = 10
	MaxScreenshotDimension = 16384 // pixels, either side
)

// Screenshot is an image kept as evidence of a result (a functional step:
// what the PGO shows).
type Screenshot struct {
	ID          int64     `json:"id"`
	ResultID    int64     `json:"result_id"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	UploadedBy  string    `json:"uploaded_by,omitempty"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// SniffScreenshot accepts PNG and JPEG images only: the content decides,
// not the name or the declared type, and the image header must decode.
// It returns the content type to store and serve.
func SniffScreenshot(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", apperr.Field("screenshot", "the file is empty")
	case len(data) > MaxScreenshotBytes:
		return "", apperr.Field("screenshot", "at most 5 MiB")
	}
	ct := http.DetectContentType(data)
	if ct != "image/png" && ct != "image/jpeg" {
		return "", apperr.Field("screenshot", "only PNG or JPEG images")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != ct {
		return "", apperr.Field("screenshot", "only PNG or JPEG images")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxScreenshotDimension || cfg.Height > MaxScreenshotDimension {
		return "", apperr.Field("screenshot", "at most 16384 pixels wide and high")
	}
	return ct, nil
}

// cleanFileName keeps the base name, printable, at most 200 bytes.
func cleanFileName(name, ct string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for len(name) > 200 || !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name[:min(len(name), 200)], "")
	}
	if name == "" || name == "." || name == "/" {
		name = "screenshot"
		if ct == "image/png" {
			name += ".png"
		} else {
			name += ".jpg"
		}
	}
	return name
}

// AddScreenshot keeps a PNG or JPEG image as evidence of a result
// (audited); anything else is refused naming the field "screenshot".
func (s *Service) AddScreenshot(ctx context.Context, hackathonID, resultID int64, name string, data []byte, by int64) (*Screenshot, error) {
	// The result of the path first: one of another hackathon is not found.
	if _, err := s.ResultByID(ctx, hackathonID, resultID); err != nil {
		return nil, err
	}
	ct, err := SniffScreenshot(data)
	if err != nil {
		return nil, err
	}
	name = cleanFileName(name, ct)
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_screenshots WHERE hackathon_id = ? AND result_id = ?", hackathonID, resultID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxScreenshotsPerStep {
			return apperr.Field("screenshot", fmt.Sprintf("at most %d screenshots per step", MaxScreenshotsPerStep))
		}
		now := s.Now()
		id, err = tx.Insert(ctx, `INSERT INTO testday_screenshots (hackathon_id, result_id, file_name, content_type, size, data, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, resultID, name, ct, len(data), data, by, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "test_result",
			EntityID: strconv.FormatInt(resultID, 10), Action: "screenshot", To: name})
	})
	if err != nil {
		return nil, err
	}
	return &Screenshot{ID: id, ResultID: resultID, FileName: name, ContentType: ct, Size: len(data), UploadedAt: s.Now()}, nil
}

// Screenshots lists the screenshots of a hackathon's results (without
// their data) by result.
func (s *Service) Screenshots(ctx context.Context, hackathonID int64) (map[int64][]Screenshot, error) {
	list, err := store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Screenshot, error) {
		x := &Screenshot{}
		return x, r.Scan(&x.ID, &x.ResultID, &x.FileName, &x.ContentType, &x.Size, &x.UploadedBy, &x.UploadedAt)
	}, `SELECT x.id, x.result_id, x.file_name, x.content_type, x.size, COALESCE(u.name, ''), x.uploaded_at
		FROM testday_screenshots x LEFT JOIN users u ON u.id = x.uploaded_by WHERE x.hackathon_id = ? ORDER BY x.id`, hackathonID)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Screenshot{}
	for _, x := range list {
		out[x.ResultID] = append(out[x.ResultID], x)
	}
	return out, nil
}

func (s *Service) screenshotCounts(ctx context.Context, hackathonID int64) (map[int64]int, error) {
	rows, err := s.DB.Query(ctx, "SELECT result_id, COUNT(*) FROM testday_screenshots WHERE hackathon_id = ? GROUP BY result_id", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ScreenshotFile returns one screenshot with its data and the pair of its
// result (for the caller's access check).
func (s *Service) ScreenshotFile(ctx context.Context, hackathonID, id int64) (sh *Screenshot, pairID int64, data []byte, err error) {
	sh = &Screenshot{ID: id}
	err = s.DB.QueryRow(ctx, `SELECT x.result_id, x.file_name, x.content_type, x.size, x.data, r.pair_id FROM testday_screenshots x
		JOIN testday_results r ON r.id = x.result_id WHERE x.hackathon_id = ? AND x.id = ?`, hackathonID, id).
		Scan(&sh.ResultID, &sh.FileName, &sh.ContentType, &sh.Size, &data, &pairID)
	if err == sql.ErrNoRows {
		err = fmt.Errorf("screenshot %w", apperr.ErrNotFound)
	}
	if err != nil {
		return nil, 0, nil, err
	}
	return sh, pairID, data, nil
}
