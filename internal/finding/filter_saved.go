package finding

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
)

// SavedFilter is a named filter of the findings list, per user per hackathon.
type SavedFilter struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"` // canonical query string, e.g. "severity=hoog&status=nieuw"
	CreatedAt time.Time `json:"created_at"`
}

// maxSavedFilters bounds the saved filters of one user in one hackathon.
const maxSavedFilters = 50

// SaveFilter stores the filter of query (a query string) under name; a
// filter saved before under that name is replaced.
func (s *Service) SaveFilter(ctx context.Context, hid, userID int64, name, query string) (*SavedFilter, error) {
	name = strings.TrimSpace(name)
	var v apperr.Invalid
	switch {
	case name == "":
		v.Required("name")
	case len([]rune(name)) > 80:
		v.TooLong("name", "80")
	}
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		v.Add("query", "not a query string")
	}
	canon := ParseFilter(q).Values().Encode()
	if err == nil && canon == "" {
		v.Add("query", "choose a filter or search first")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM finding_saved_filters WHERE hackathon_id = ? AND user_id = ? AND name <> ?", hid, userID, name).Scan(&n); err != nil {
		return nil, err
	}
	if n >= maxSavedFilters {
		return nil, apperr.Field("name", fmt.Sprintf("at most %d saved filters; delete one first", maxSavedFilters))
	}
	sf := &SavedFilter{Name: name, Query: canon, CreatedAt: s.Now()}
	err = s.DB.QueryRow(ctx, `INSERT INTO finding_saved_filters (hackathon_id, user_id, name, query, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hackathon_id, user_id, name) DO UPDATE SET query = excluded.query RETURNING id`, hid, userID, name, canon, sf.CreatedAt).Scan(&sf.ID)
	return sf, err
}

// SavedFilters lists a user's saved filters in a hackathon by name.
func (s *Service) SavedFilters(ctx context.Context, hid, userID int64) ([]SavedFilter, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, name, query, created_at FROM finding_saved_filters WHERE hackathon_id = ? AND user_id = ? ORDER BY LOWER(name), id", hid, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedFilter
	for rows.Next() {
		var f SavedFilter
		if err := rows.Scan(&f.ID, &f.Name, &f.Query, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DeleteFilter deletes one of the user's saved filters.
func (s *Service) DeleteFilter(ctx context.Context, hid, userID, id int64) error {
	res, err := s.DB.Exec(ctx, "DELETE FROM finding_saved_filters WHERE id = ? AND hackathon_id = ? AND user_id = ?", id, hid, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("saved filter %w", apperr.ErrNotFound)
	}
	return nil
}
