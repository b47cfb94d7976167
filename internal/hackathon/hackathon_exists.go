package hackathon

import (
	"context"
	"database/sql"
	"errors"
)

// Exists reports ErrNotFound for an unknown hackathon and nil for a known
// one: the guard's check on every hackathon-scoped request, one indexed
// lookup instead of loading the hackathon with its services and days.
func (s *Service) Exists(ctx context.Context, id int64) error {
	var one int
	err := s.DB.QueryRow(ctx, "SELECT 1 FROM hackathons WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
