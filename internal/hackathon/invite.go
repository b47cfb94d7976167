package hackathon

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/store"
)

// Membership is by e-mail invitation only: an organiser names a person by
// e-mail address, never by account id, so nobody can list accounts by
// trying ids. An address with an account gets the role and a mail saying
// so; an address without one gets a new account without a password and
// the invitation mail with the one-time set-password link that accounts for
// registrations use too. Both are one transaction with the audit entry and
// the mail in the outbox. A project role (one of the seven) that has no
// account linked yet is linked to the invited account.

// Invitation grants a role to a person named by e-mail address.
type Invitation struct {
	Email          string `json:"email"`
	Name           string `json:"name"` // for a new account; the address's local part when empty
	Role           string `json:"role"`
	OrganisationID int64  `json:"organisation_id"`
	Language       string `json:"language"` // of a new account: nl (default) or en
}

// Invitee is whom an invitation mail goes to.
type Invitee struct {
	UserID   int64
	Name     string
	Email    string
	Language string
	Role     blueprint.Role
	// Link is the one-time set-password link of a new account; empty when
	// the account existed and only got the role.
	Link string
}

// Inviting is what an invitation needs besides the hackathon's data.
type Inviting struct {
	Accounts *account.Service
	Outbox   *comms.Outbox
	// LinkPrefix is the set-password link without its token, e.g.
	// "https://ketentest.example.nl/account/set-password/".
	LinkPrefix string
	// Mail composes the mail to the invitee.
	Mail func(Invitee) (comms.Message, error)
}

// InviteResult is what an invitation did.
type InviteResult struct {
	Member     Member `json:"member"`
	NewAccount bool   `json:"new_account"` // an account was made and the set-password link mailed
}

// Invite grants in.Role to the person with in.Email (see above).
func (s *Service) Invite(ctx context.Context, hackathonID int64, in Invitation, via Inviting, by int64) (InviteResult, error) {
	var res InviteResult
	if via.Accounts == nil || via.Outbox == nil || via.Mail == nil {
		return res, errors.New("hackathon: Invite needs accounts, an outbox and a mail")
	}
	var inv apperr.Invalid
	email, err := account.NormalizeEmail(in.Email)
	if err != nil {
		inv.Add("email", "a valid e-mail address")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if len(name) > 200 {
		inv.TooLong("name", "200")
	}
	role, rerr := blueprint.ParseRole(in.Role)
	if rerr != nil || role == blueprint.RoleOpdrachtnemer {
		inv.Add("role", fmt.Sprintf("unknown role %q", in.Role))
	} else if needsOrganisation(role) && in.OrganisationID == 0 {
		inv.Add("organisation_id", "a "+string(role)+" acts for an organisation: choose one")
	}
	if err := inv.Err(); err != nil {
		return res, err
	}
	lang := in.Language
	if lang != "en" {
		lang = "nl"
	}
	now := s.Now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if in.OrganisationID != 0 {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", in.OrganisationID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.NoSuchOrganisation("organisation_id")
			}
		}
		var userID int64
		var userName, userLang string
		err := tx.QueryRow(ctx, "SELECT id, name, language FROM users WHERE email = ?", email).Scan(&userID, &userName, &userLang)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if userID, err = via.Accounts.CreateInvited(ctx, tx, email, name, lang); err != nil {
				return err
			}
			userName, userLang, res.NewAccount = name, lang, true
		case err != nil:
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND role = ?", hackathonID, userID, role).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("role", "this person already has this role")
		}
		memberID, err := tx.Insert(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)",
			hackathonID, userID, role, store.NullID(in.OrganisationID), now)
		if err != nil {
			return err
		}
		if role.IsProjectRole() {
			// The staffing table names the person; link it to the account when nobody is linked yet.
			if _, err := tx.Exec(ctx, `UPDATE project_roles SET user_id = ?, person = CASE WHEN person = '' THEN ? ELSE person END
				WHERE hackathon_id = ? AND role = ? AND user_id IS NULL`, userID, userName, hackathonID, role); err != nil {
				return err
			}
		}
		who := Invitee{UserID: userID, Name: userName, Email: email, Language: userLang, Role: role}
		if res.NewAccount {
			token, err := via.Accounts.NewSetPasswordToken(ctx, tx, userID)
			if err != nil {
				return err
			}
			who.Link = via.LinkPrefix + token
		}
		msg, err := via.Mail(who)
		if err != nil {
			return err
		}
		msg.HackathonID, msg.To = hackathonID, email
		if _, err := via.Outbox.Queue(ctx, tx, msg); err != nil {
			return err
		}
		action := "role added by invitation"
		if res.NewAccount {
			action = "invited with a new account"
		}
		res.Member = Member{ID: memberID, UserID: userID, Name: userName, Email: email, Role: role, OrganisationID: in.OrganisationID}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "member",
			EntityID: strconv.FormatInt(userID, 10), Action: action, To: string(role) + " " + email})
	})
	if err != nil {
		return InviteResult{}, err
	}
	return res, nil
}
