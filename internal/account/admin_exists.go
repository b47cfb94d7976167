package account

import "context"

// AdminExists reports whether any platform administrator exists: on a fresh
// installation none does, and the login page says how to make the first.
func (s *Service) AdminExists(ctx context.Context) (bool, error) {
	var n int
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE is_admin").Scan(&n)
	return n > 0, err
}
