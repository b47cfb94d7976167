package finding

import (
	"context"
	"slices"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// ViewerOf is who userID is when looking at the findings of a hackathon:
// staff when an administrator or holding one of StaffRoles there, and the
// organisations they act for. The web pages and the API both ask it.
func (s *Service) ViewerOf(ctx context.Context, hackathonID, userID int64, admin bool, roles []blueprint.Role) (Viewer, error) {
	v := Viewer{UserID: userID, Staff: admin, Triage: triages(admin, roles)}
	for _, role := range roles {
		if slices.Contains(StaffRoles, role) {
			v.Staff = true
		}
	}
	var err error
	if v.Orgs, err = s.OrgsOf(ctx, hackathonID, userID); err != nil {
		return v, err
	}
	v.Responsible, err = store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*int64, error) {
		var id int64
		return &id, row.Scan(&id)
	}, `SELECT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND organisation_id IS NOT NULL AND role IN (?, ?)
		UNION SELECT organisation_id FROM finding_actors WHERE hackathon_id = ? AND responsible_id = ?`,
		hackathonID, userID, string(blueprint.RoleDeelnemer), string(blueprint.RoleActor), hackathonID, userID)
	return v, err
}
