package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// User is a person with an account.
type User struct {
	ID                 int64     `json:"id"`
	Email              string    `json:"email"`
	Name               string    `json:"name"`
	IsAdmin            bool      `json:"is_admin"`
	CanCreateHackathon bool      `json:"can_create_hackathon"`
	Language           string    `json:"language"`
	Disabled           bool      `json:"disabled"`
	CreatedAt          time.Time `json:"created_at"`
	passwordHash       string
}

// ErrNotFound is returned when an account does not exist.
var ErrNotFound = fmt.Errorf("account %w", apperr.ErrNotFound)

// ErrEmailTaken is returned when an e-mail address already has an account.
var ErrEmailTaken = errors.New("an account with this e-mail address already exists")

// FieldError is the validation error accounts return.
type FieldError = apperr.FieldError

// Service stores and checks accounts.
type Service struct {
	DB     *store.DB
	Params HashParams
	Gate   *HashGate // bounds concurrent password hashing
	Now    func() time.Time
	onHash func() // test hook: called as each hash starts, inside the gate
}

// NewService returns a Service with the default hash parameters and gate.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Params: DefaultHashParams, Gate: DefaultHashGate(), Now: func() time.Time { return time.Now().UTC() }}
}

const userColumns = "id, email, name, password_hash, is_admin, can_create_hackathon, language, disabled, created_at"

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	u := &User{}
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.passwordHash, &u.IsAdmin, &u.CanCreateHackathon, &u.Language, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return u, err
}

// NormalizeEmail validates an address and returns it lower-cased.
func NormalizeEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return "", &FieldError{Field: "email", Message: "required"}
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		return "", &FieldError{Field: "email", Message: "not a valid e-mail address"}
	}
	return email, nil
}

// ByID loads a user.
func (s *Service) ByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.DB.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// ByEmail loads a user by e-mail address.
func (s *Service) ByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(s.DB.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
}

// List returns all users ordered by name.
func (s *Service) List(ctx context.Context) ([]*User, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+userColumns+" FROM users ORDER BY name, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *Service) String() string { return fmt.Sprintf("account.Service(%s)", s.DB.Dialect) }
