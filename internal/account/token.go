package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// APIToken is a personal token for the JSON API. The secret is shown once.
type APIToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// TokenPrefix marks ketentest API tokens so that secret scanners find them.
const TokenPrefix = "kt_"

// CreateToken makes a personal API token and returns it with its secret.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (*APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", &FieldError{Field: "name", Message: "required"}
	}
	if len(name) > 100 {
		return nil, "", &FieldError{Field: "name", Message: "at most 100 characters"}
	}
	secret := NewToken(TokenPrefix)
	now := s.Now()
	var expires *time.Time
	if ttl > 0 {
		e := now.Add(ttl)
		expires = &e
	}
	id, err := s.DB.Insert(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		userID, name, HashToken(secret), now, expires)
	if err != nil {
		return nil, "", err
	}
	return &APIToken{ID: id, Name: name, CreatedAt: now, ExpiresAt: expires}, secret, nil
}

// TokenUseResolution is how precisely a token's last use is recorded.
const TokenUseResolution = time.Minute

// UserByToken returns the owner of a valid API token and notes its use.
func (s *Service) UserByToken(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, ErrNotFound
	}
	var id int64
	var expires, used sql.Null[time.Time]
	// Token and owner in one lookup: this runs on every API request.
	u, err := scanUser(withLeading{s.DB.QueryRow(ctx, "SELECT t.id, t.expires_at, t.last_used_at, "+tokenUserColumns+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?", HashToken(secret)), []any{&id, &expires, &used}})
	if err != nil {
		return nil, ErrNotFound
	}
	now := s.Now()
	if expires.Valid && !now.Before(expires.V) {
		return nil, ErrNotFound
	}
	// The last use is noted to the minute: a write per request would
	// double the write load of a busy API client (and serialise on SQLite).
	if !used.Valid || now.Sub(used.V) >= TokenUseResolution || now.Before(used.V) {
		_, _ = s.DB.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, id)
	}
	if u.Disabled {
		return nil, ErrNotFound
	}
	return u, nil
}

// tokenUserColumns are userColumns of the users table aliased u.
var tokenUserColumns = "u." + strings.ReplaceAll(userColumns, ", ", ", u.")

// withLeading scans the first columns of a row into lead and the rest into
// the destinations of the caller, so scanUser reads a user after other columns.
type withLeading struct {
	row  interface{ Scan(...any) error }
	lead []any
}

func (w withLeading) Scan(dest ...any) error { return w.row.Scan(append(w.lead, dest...)...) }

// Tokens lists a user's tokens (without secrets).
func (s *Service) Tokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var exp, used sql.Null[time.Time]
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &exp, &used); err != nil {
			return nil, err
		}
		if exp.Valid {
			t.ExpiresAt = &exp.V
		}
		if used.Valid {
			t.LastUsedAt = &used.V
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	res, err := s.DB.Exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", tokenID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.Join(ErrNotFound)
	}
	return nil
}
