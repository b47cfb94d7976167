package hackathon

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// ProjectRole is the staffing of one of the seven project roles.
type ProjectRole struct {
	Role         blueprint.Role `json:"role"`
	Person       string         `json:"person"`
	UserID       int64          `json:"user_id,omitempty"`
	Organisation string         `json:"organisation"`
	HoursPerWeek string         `json:"hours_per_week"`
}

func seedProjectRoles(ctx context.Context, tx *store.Tx, id int64) error {
	for _, p := range blueprint.RoleProposals() {
		hours := strconv.Itoa(p.HoursPerWeekMin)
		if p.HoursPerWeekMax != p.HoursPerWeekMin {
			hours += "–" + strconv.Itoa(p.HoursPerWeekMax)
		}
		var orgs []string
		for _, o := range p.Organisations {
			orgs = append(orgs, o.NL)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO project_roles (hackathon_id, role, organisation, hours_per_week) VALUES (?, ?, ?, ?)",
			id, p.Role, strings.Join(orgs, " / "), hours); err != nil {
			return err
		}
	}
	return nil
}

// ProjectRoles lists the staffing in blueprint order.
func (s *Service) ProjectRoles(ctx context.Context, hackathonID int64) ([]ProjectRole, error) {
	rows, err := s.DB.Query(ctx, "SELECT role, person, user_id, organisation, hours_per_week FROM project_roles WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byRole := map[blueprint.Role]ProjectRole{}
	for rows.Next() {
		var p ProjectRole
		var uid sql.NullInt64
		if err := rows.Scan(&p.Role, &p.Person, &uid, &p.Organisation, &p.HoursPerWeek); err != nil {
			return nil, err
		}
		p.UserID = uid.Int64
		byRole[p.Role] = p
	}
	var out []ProjectRole
	for _, r := range blueprint.ProjectRoles() {
		if p, ok := byRole[r]; ok {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// SaveProjectRole updates the staffing of one project role.
func (s *Service) SaveProjectRole(ctx context.Context, hackathonID int64, p ProjectRole, by int64) error {
	if !p.Role.IsProjectRole() {
		return apperr.Field("role", fmt.Sprintf("%q is not one of the seven project roles", p.Role))
	}
	p.Person, p.Organisation, p.HoursPerWeek = strings.TrimSpace(p.Person), strings.TrimSpace(p.Organisation), strings.TrimSpace(p.HoursPerWeek)
	var v apperr.Invalid
	if len(p.Person) > 200 {
		v.TooLong("person", "200")
	}
	if len(p.Organisation) > 200 {
		v.TooLong("organisation", "200")
	}
	if len(p.HoursPerWeek) > 20 {
		v.Add("hours_per_week", "at most 20 characters, e.g. 8–16")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		// The account link (set by an invitation) stays while the person's name does.
		res, err := tx.Exec(ctx, `UPDATE project_roles SET user_id = CASE WHEN ? > 0 THEN ? WHEN person = ? THEN user_id END,
			person = ?, organisation = ?, hours_per_week = ? WHERE hackathon_id = ? AND role = ?`,
			p.UserID, p.UserID, p.Person, p.Person, p.Organisation, p.HoursPerWeek, hackathonID, p.Role)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "project_role",
			EntityID: string(p.Role), Action: "staffed", To: p.Person + " (" + p.Organisation + ", " + p.HoursPerWeek + ")"})
	})
}
