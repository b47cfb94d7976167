package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// SessionLifetime is how long a login session lasts.
const SessionLifetime = 12 * time.Hour

// NewToken returns a random URL-safe secret with the given prefix.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how secrets are stored: only their SHA-256.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session for the user and returns its secret,
// which goes in the session cookie; the database holds only its hash.
func (s *Service) CreateSession(ctx context.Context, userID int64, userAgent string) (string, error) {
	token := NewToken("")
	now := s.Now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := s.DB.Exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, user_agent) VALUES (?, ?, ?, ?, ?)",
		HashToken(token), userID, now, now.Add(SessionLifetime), userAgent)
	return token, err
}

// UserBySession returns the user of a live session.
func (s *Service) UserBySession(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, ErrNotFound
	}
	var userID int64
	var expires time.Time
	err := s.DB.QueryRow(ctx, "SELECT user_id, expires_at FROM sessions WHERE token_hash = ?", HashToken(token)).Scan(&userID, &expires)
	if err != nil || !s.Now().Before(expires) {
		return nil, ErrNotFound
	}
	u, err := s.ByID(ctx, userID)
	if err != nil || u.Disabled {
		return nil, ErrNotFound
	}
	return u, nil
}

// EndSession deletes a session (logout).
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", HashToken(token))
	return err
}

// PurgeExpiredSessions removes sessions past their end.
func (s *Service) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.DB.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ?", s.Now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
