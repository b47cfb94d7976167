package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// AccountsResult tells what "create accounts for all confirmed
// registrations" did.
type AccountsResult struct {
	Created int `json:"created"` // new accounts, each with an invitation to set a password
	Granted int `json:"granted"` // existing accounts that got the deelnemer role
	Skipped int `json:"skipped"` // registrations handled by an earlier run
	// Confirmed registrations whose link to their organisation waits for
	// approval: they get no account until an organiser approves them.
	Awaiting int `json:"awaiting_approval"`
}

// AccountInvitePath is the public page of a set-password link.
const AccountInvitePath = "/account/set-password/"

// Inviter composes the invitation mail of a new account for a
// registration, with link its one-time set-password link. The
// communication plan provides it from the hackathon's editable
// accountuitnodiging template (commplan.Service.AccountInviter).
type Inviter func(r Registration, link string) (comms.Message, error)

// CreateAccounts makes an account for every confirmed registration of the
// hackathon (4E), in one transaction: a new account (without a password)
// with an invitation mail holding a one-time set-password link, or, for an
// address that already has an account, only the role. Everyone gets the
// deelnemer role bound to their organisation. A registration handled before
// is skipped, so running it again creates no accounts and sends no mail.
func (s *Service) CreateAccounts(ctx context.Context, h *hackathon.Hackathon, accounts *account.Service, linkBase string, invite Inviter, by int64) (AccountsResult, error) {
	var res AccountsResult
	if invite == nil {
		return res, errors.New("participant: CreateAccounts needs an Inviter")
	}
	regs, err := s.List(ctx, h.ID)
	if err != nil {
		return res, err
	}
	now := s.Now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range regs {
			if r.Status != StatusConfirmed {
				continue
			}
			if r.Approval != ApprovalApproved {
				res.Awaiting++
				continue
			}
			var done int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM registration_accounts WHERE registration_id = ?", r.ID).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				res.Skipped++
				continue
			}
			var userID int64
			err := tx.QueryRow(ctx, "SELECT id FROM users WHERE email = ?", r.Email).Scan(&userID)
			created := false
			switch {
			case err == nil:
				res.Granted++
			case errors.Is(err, sql.ErrNoRows):
				if userID, err = accounts.CreateInvited(ctx, tx, r.Email, r.Name, r.Language); err != nil {
					return fmt.Errorf("account for registration %d: %w", r.ID, err)
				}
				created = true
				res.Created++
			default:
				return err
			}
			if err := grantDeelnemer(ctx, tx, h.ID, userID, r.OrganisationID, now); err != nil {
				return err
			}
			if created {
				token, err := accounts.NewSetPasswordToken(ctx, tx, userID)
				if err != nil {
					return err
				}
				msg, err := invite(r, linkBase+AccountInvitePath+token)
				if err != nil {
					return err
				}
				msg.HackathonID, msg.To = h.ID, r.Email
				msg.Secrets = []string{token} // stored apart, deleted once sent
				if _, err := s.Outbox.Queue(ctx, tx, msg); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "INSERT INTO registration_accounts (registration_id, user_id, created_account, invited_at) VALUES (?, ?, ?, ?)",
				r.ID, userID, created, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "registration", EntityID: "accounts",
			Action: "accounts created", To: fmt.Sprintf("created=%d granted=%d skipped=%d awaiting_approval=%d", res.Created, res.Granted, res.Skipped, res.Awaiting)})
	})
	if err != nil {
		return AccountsResult{}, err
	}
	return res, nil
}

// grantDeelnemer gives the deelnemer role for the organisation, unless held.
func grantDeelnemer(ctx context.Context, tx *store.Tx, hackathonID, userID, orgID int64, now time.Time) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND role = ?",
		hackathonID, userID, blueprint.RoleDeelnemer).Scan(&n); err != nil || n > 0 {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)",
		hackathonID, userID, blueprint.RoleDeelnemer, store.NullID(orgID), now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, At: now, Entity: "member",
		EntityID: strconv.FormatInt(userID, 10), Action: "role added", To: string(blueprint.RoleDeelnemer)})
}
