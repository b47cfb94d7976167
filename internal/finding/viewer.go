package finding

import (
	"context"
	"slices"

	"github.com/ketentest/ketentest/internal/blueprint"
)

// ViewerOf is who userID is when looking at the findings of a hackathon:
// staff when an administrator or holding one of StaffRoles there, and the
// organisations they act for. The web pages and the API both ask it.
func (s *Service) ViewerOf(ctx context.Context, hackathonID, userID int64, admin bool, roles []blueprint.Role) (Viewer, error) {
	v := Viewer{UserID: userID, Staff: admin}
	for _, role := range roles {
		if slices.Contains(StaffRoles, role) {
			v.Staff = true
		}
	}
	var err error
	v.Orgs, err = s.OrgsOf(ctx, hackathonID, userID)
	return v, err
}
