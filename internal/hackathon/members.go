package hackathon

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// Member is a person's role in a hackathon.
type Member struct {
	ID             int64          `json:"id"`
	UserID         int64          `json:"user_id"`
	Name           string         `json:"name"`
	Email          string         `json:"email"`
	Role           blueprint.Role `json:"role"`
	OrganisationID int64          `json:"organisation_id,omitempty"`
	Organisation   string         `json:"organisation,omitempty"`
}

// needsOrganisation: a deelnemer and an actor act for an organisation.
func needsOrganisation(r blueprint.Role) bool {
	return r == blueprint.RoleDeelnemer || r == blueprint.RoleActor
}

// RolesOf returns the roles a user holds in a hackathon.
func (s *Service) RolesOf(ctx context.Context, hackathonID, userID int64) ([]blueprint.Role, error) {
	rows, err := s.DB.Query(ctx, "SELECT role FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", hackathonID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []blueprint.Role
	for rows.Next() {
		var r blueprint.Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// IsMember reports whether the user has any role in the hackathon.
func (s *Service) IsMember(ctx context.Context, hackathonID, userID int64) (bool, error) {
	roles, err := s.RolesOf(ctx, hackathonID, userID)
	return len(roles) > 0, err
}

// Members lists everyone with a role in the hackathon.
func (s *Service) Members(ctx context.Context, hackathonID int64) ([]Member, error) {
	rows, err := s.DB.Query(ctx, `SELECT m.id, m.user_id, u.name, u.email, m.role, m.organisation_id, COALESCE(o.name, '')
		FROM hackathon_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = m.organisation_id
		WHERE m.hackathon_id = ? ORDER BY m.role, u.name`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var org sql.NullInt64
		if err := rows.Scan(&m.ID, &m.UserID, &m.Name, &m.Email, &m.Role, &org, &m.Organisation); err != nil {
			return nil, err
		}
		m.OrganisationID = org.Int64
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMember grants a role. Deelnemer and actor need an organisation.
func (s *Service) AddMember(ctx context.Context, hackathonID, userID int64, role string, organisationID int64, by int64) error {
	r, err := blueprint.ParseRole(role)
	if err != nil || r == blueprint.RoleOpdrachtnemer {
		return apperr.Field("role", fmt.Sprintf("unknown role %q", role))
	}
	if needsOrganisation(r) && organisationID == 0 {
		return apperr.Field("organisation_id", "a "+string(r)+" acts for an organisation: choose one")
	}
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE id = ?", userID).Scan(&n); err != nil || n == 0 {
		return apperr.Field("user_id", "no such user")
	}
	if organisationID != 0 {
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", organisationID).Scan(&n); err != nil || n == 0 {
			return apperr.NoSuchOrganisation("organisation_id")
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND role = ?", hackathonID, userID, r).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("role", "this person already has this role")
		}
		if _, err := tx.Exec(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)",
			hackathonID, userID, r, store.NullID(organisationID), s.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "member",
			EntityID: strconv.FormatInt(userID, 10), Action: "role added", To: string(r)})
	})
}

// RemoveMember revokes one role grant.
func (s *Service) RemoveMember(ctx context.Context, hackathonID, memberID, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var userID int64
		var role string
		err := tx.QueryRow(ctx, "SELECT user_id, role FROM hackathon_members WHERE id = ? AND hackathon_id = ?", memberID, hackathonID).Scan(&userID, &role)
		if err != nil {
			return fmt.Errorf("member %w", apperr.ErrNotFound)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM hackathon_members WHERE id = ?", memberID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "member",
			EntityID: strconv.FormatInt(userID, 10), Action: "role removed", From: role})
	})
}

// Organisation is a party in the chain (the participants capability extends it).
type Organisation struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	ChainRole string `json:"chain_role"`
}

// Organisations lists all organisations by name.
func (s *Service) Organisations(ctx context.Context) ([]Organisation, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, name, chain_role FROM organisations ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.ChainRole); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CreateOrganisation adds an organisation, or returns the existing one of that name.
func (s *Service) CreateOrganisation(ctx context.Context, name, chainRole string) (int64, error) {
	if name == "" {
		return 0, apperr.Required("name")
	}
	var id int64
	err := s.DB.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", name).Scan(&id)
	if err == nil {
		return id, nil
	}
	return s.DB.Insert(ctx, "INSERT INTO organisations (name, chain_role, created_at) VALUES (?, ?, ?)", name, chainRole, s.Now())
}
