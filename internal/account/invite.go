package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// SetPasswordLifetime is how long a set-password link stays valid.
const SetPasswordLifetime = 14 * 24 * time.Hour

// noPassword is the password hash of an invited account that has not set a
// password yet: it is not an argon2id hash, so no password matches it.
const noPassword = "!invited"

// ErrLinkInvalid is returned for an unknown, used or expired set-password link.
var ErrLinkInvalid = fmt.Errorf("set-password link %w", apperr.ErrNotFound)

// CreateInvited stores an account without a usable password in tx, for a
// person who is invited to set one. An existing address is ErrEmailTaken.
func (s *Service) CreateInvited(ctx context.Context, tx *store.Tx, email, name, lang string) (int64, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return 0, &FieldError{Field: "name", Message: "required, at most 200 characters"}
	}
	if lang != "en" {
		lang = "nl"
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ?", email).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, ErrEmailTaken
	}
	now := s.Now()
	return tx.Insert(ctx, `INSERT INTO users (email, name, password_hash, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		email, name, noPassword, lang, now, now)
}

// HasPassword reports whether the account has set a password.
func (u *User) HasPassword() bool { return u.passwordHash != noPassword && u.passwordHash != "" }

// NewSetPasswordToken makes a one-time link secret for userID in q; only its
// hash is stored. Earlier unused links of the user stop working.
func (s *Service) NewSetPasswordToken(ctx context.Context, q store.Querier, userID int64) (string, error) {
	token := NewToken("")
	now := s.Now()
	if _, err := q.Exec(ctx, "UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now, userID); err != nil {
		return "", err
	}
	_, err := q.Exec(ctx, "INSERT INTO password_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		HashToken(token), userID, now, now.Add(SetPasswordLifetime))
	return token, err
}

// UserBySetPasswordToken returns the account of a valid (unused, unexpired) link.
func (s *Service) UserBySetPasswordToken(ctx context.Context, token string) (*User, error) {
	return s.bySetPasswordToken(ctx, s.DB, token)
}

func (s *Service) bySetPasswordToken(ctx context.Context, q store.Querier, token string) (*User, error) {
	var userID int64
	var expires time.Time
	var used sql.NullTime
	err := q.QueryRow(ctx, "SELECT user_id, expires_at, used_at FROM password_tokens WHERE token_hash = ?", HashToken(token)).Scan(&userID, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || !s.Now().Before(expires))) {
		return nil, ErrLinkInvalid
	}
	if err != nil {
		return nil, err
	}
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", userID))
	if err != nil || u.Disabled {
		return nil, ErrLinkInvalid
	}
	return u, nil
}

// UseSetPasswordToken sets the password of a link's account under the
// account's password policy and spends the link; sessions of the account end.
func (s *Service) UseSetPasswordToken(ctx context.Context, token, password string) (*User, error) {
	if len(password) < MinPasswordLength {
		return nil, &FieldError{Field: "password", Message: ErrWeakPassword.Error()}
	}
	// A link that is not valid costs no hash.
	if _, err := s.bySetPasswordToken(ctx, s.DB, token); err != nil {
		return nil, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if u, err = s.bySetPasswordToken(ctx, tx, token); err != nil {
			return err
		}
		now := s.Now()
		res, err := tx.Exec(ctx, "UPDATE password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", now, HashToken(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrLinkInvalid
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now, u.ID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID)
		return err
	})
	return u, err
}
