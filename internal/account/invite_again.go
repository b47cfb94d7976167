package account

import (
	"context"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// ErrPasswordAlreadySet is returned when a fresh set-password link is
// asked for an account that has set its password: it logs in (or uses
// "forgot password"), it needs no invitation link.
var ErrPasswordAlreadySet = &apperr.Conflict{Message: "account.password_already_set"}

// FreshLink is a new one-time set-password link secret for an account.
// Token is shown once to whoever asked for it and is stored nowhere but
// as its hash.
type FreshLink struct {
	User    *User
	Token   string
	Expires time.Time
}

// NewSetPasswordLinkFor makes a fresh set-password token for the invited
// account with address email, for an organiser who hands it over when no
// mail can be sent. It goes through NewSetPasswordToken, so every earlier
// unused link of the account (the one in a queued invitation among them)
// stops working. An account that has set its password gets none
// (ErrPasswordAlreadySet); an unknown or disabled account is not found.
// The audit entry (hackathon hackathonID, by, reason in its To) never holds
// the token.
func (s *Service) NewSetPasswordLinkFor(ctx context.Context, email string, hackathonID, by int64, reason string) (*FreshLink, error) {
	var out *FreshLink
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := scanUser(tx.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", normalizedOrRaw(email)))
		if err != nil {
			return err
		}
		if u.Disabled {
			return ErrNotFound
		}
		if u.HasPassword() {
			return ErrPasswordAlreadySet
		}
		token, err := s.NewSetPasswordToken(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		now := s.Now()
		out = &FreshLink{User: u, Token: token, Expires: now.Add(SetPasswordLifetime)}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "user",
			EntityID: strconv.FormatInt(u.ID, 10), Action: "set-password link issued", To: reason})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func normalizedOrRaw(email string) string {
	if e, err := NormalizeEmail(email); err == nil {
		return e
	}
	return email
}
