package testday

import (
	"context"

	"github.com/ketentest/ketentest/internal/blueprint"
)

// MatrixRow is one participant with its items and decision.
type MatrixRow struct {
	Participant Participant      `json:"participant"`
	Checks      map[int64]*Check `json:"checks"` // by item id
	Verified    int              `json:"verified"`
	Total       int              `json:"total"`
	Decision    *Decision        `json:"decision,omitempty"`
}

// MatrixRole is the part of the matrix of one chain role: its items as
// columns and its participants as rows.
type MatrixRole struct {
	Role  blueprint.ChainRole `json:"chain_role"`
	Items []Item              `json:"items"`
	Rows  []MatrixRow         `json:"rows"`
}

// Matrix is the coordinator's overview: participants × items per role,
// with decisions and the warnings.
type Matrix struct {
	Roles    []MatrixRole `json:"roles"`
	Warnings []Warning    `json:"warnings"`
	Decided  int          `json:"decided"`
	Told     int          `json:"told"`
	Total    int          `json:"participants"`
}

// Matrix builds the overview.
func (s *Service) Matrix(ctx context.Context, hackathonID int64) (*Matrix, error) {
	lists, err := s.Checklists(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	checks, err := s.AllChecks(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64][]*Check{}
	for i := range checks {
		byOrg[checks[i].OrgID] = append(byOrg[checks[i].OrgID], &checks[i])
	}
	m := &Matrix{Warnings: warnings(parts, ds), Total: len(parts)}
	for _, l := range lists {
		mr := MatrixRole{Role: l.ChainRole, Items: l.Items}
		for _, p := range parts {
			if p.ChainRole != l.ChainRole {
				continue
			}
			row := MatrixRow{Participant: p, Checks: map[int64]*Check{}, Decision: ds[p.OrgID]}
			for _, c := range byOrg[p.OrgID] {
				row.Checks[c.Item.ID] = c
				row.Total++
				if c.Status == StatusVerified {
					row.Verified++
				}
			}
			mr.Rows = append(mr.Rows, row)
		}
		m.Roles = append(m.Roles, mr)
	}
	for _, p := range parts {
		if d := ds[p.OrgID]; d != nil {
			m.Decided++
			if d.Told() {
				m.Told++
			}
		}
	}
	return m, nil
}

// OrgOfMember is the organisation a user takes part for in the hackathon
// (its membership's organisation), 0 when none.
func (s *Service) OrgOfMember(ctx context.Context, hackathonID, userID int64) (int64, error) {
	var org int64
	err := s.DB.QueryRow(ctx, `SELECT COALESCE(MAX(organisation_id), 0) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND organisation_id IS NOT NULL`,
		hackathonID, userID).Scan(&org)
	return org, err
}
