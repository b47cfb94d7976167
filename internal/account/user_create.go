package account

import (
	"context"
	"strings"
)

// NewUser is the input for creating an account.
type NewUser struct {
	Email              string
	Name               string
	Password           string
	IsAdmin            bool
	CanCreateHackathon bool
	Language           string
}

// Create validates and stores a new account.
func (s *Service) Create(ctx context.Context, in NewUser) (*User, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, &FieldError{Field: "name", Message: "required"}
	}
	if len(name) > 200 {
		return nil, &FieldError{Field: "name", Message: "at most 200 characters"}
	}
	if len(in.Password) < MinPasswordLength {
		return nil, &FieldError{Field: "password", Message: ErrWeakPassword.Error()}
	}
	lang := in.Language
	if lang != "en" {
		lang = "nl"
	}
	if _, err := s.ByEmail(ctx, email); err == nil {
		return nil, ErrEmailTaken
	}
	hash, err := s.hash(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	id, err := s.DB.Insert(ctx, `INSERT INTO users (email, name, password_hash, is_admin, can_create_hackathon, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, email, name, hash, in.IsAdmin, in.CanCreateHackathon || in.IsAdmin, lang, now, now)
	if err != nil {
		if _, lookErr := s.ByEmail(ctx, email); lookErr == nil {
			return nil, ErrEmailTaken
		}
		return nil, err
	}
	return s.ByID(ctx, id)
}

// SetPassword replaces a user's password and ends all their sessions.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	if len(password) < MinPasswordLength {
		return &FieldError{Field: "password", Message: ErrWeakPassword.Error()}
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	res, err := s.DB.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, s.Now(), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	_, err = s.DB.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}

// SetLanguage stores the user's preferred UI language ("nl" or "en").
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang string) error {
	if lang != "en" {
		lang = "nl"
	}
	_, err := s.DB.Exec(ctx, "UPDATE users SET language = ?, updated_at = ? WHERE id = ?", lang, s.Now(), userID)
	return err
}
