package finding

import (
	"context"
	"slices"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
)

// CanFollowUp is the one rule for who may follow up a finding (change its
// status along the workflow, set its term, tracker and root cause): the
// triage team, the issue coordinator and administrators on every finding,
// and everyone responsible for the finding's actor organisation on that
// finding. Responsibility for an actor (being made its responsible person
// in the finding configuration, or a membership of the hackathon as
// participant or actor for that organisation, as a vendor's participant
// account has) is enough; no separate role is needed. The web pages, the API and the service itself
// all ask this.
func CanFollowUp(v Viewer, f *Finding) bool {
	return v.Triage || (f.ActorOrgID != 0 && slices.Contains(v.Responsible, f.ActorOrgID))
}

// CanFollowUp reports whether the viewer may follow up f (see the package
// function CanFollowUp).
func (v Viewer) CanFollowUp(f *Finding) bool { return CanFollowUp(v, f) }

// AllowedFor lists the statuses the viewer may move f to: none when it may
// not follow f up, an actor's steps for the actor, every step for triage.
func AllowedFor(v Viewer, f *Finding) []Status {
	if !CanFollowUp(v, f) {
		return nil
	}
	return Allowed(f.Status, !v.Triage)
}

// triages reports whether a user with these platform flags and roles
// triages findings, by the authorization table.
func triages(admin bool, roles []blueprint.Role) bool {
	return authz.Allowed(authz.FindingTriage, authz.Subject{LoggedIn: true, IsAdmin: admin, Roles: roles})
}

// viewerByID is ViewerOf for a user the service looks up itself: its
// administrator flag and its roles in the hackathon come from the database,
// never from the caller.
func (s *Service) viewerByID(ctx context.Context, hackathonID, userID int64) (Viewer, error) {
	var admin bool
	if err := s.DB.QueryRow(ctx, "SELECT is_admin FROM users WHERE id = ?", userID).Scan(&admin); err != nil {
		return Viewer{}, apperr.ErrForbidden
	}
	rows, err := s.DB.Query(ctx, "SELECT role FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", hackathonID, userID)
	if err != nil {
		return Viewer{}, err
	}
	defer rows.Close()
	var roles []blueprint.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return Viewer{}, err
		}
		roles = append(roles, blueprint.Role(r))
	}
	if err := rows.Err(); err != nil {
		return Viewer{}, err
	}
	return s.ViewerOf(ctx, hackathonID, userID, admin, roles)
}

// mayFollowUp loads who by is and refuses when by may not follow f up.
func (s *Service) mayFollowUp(ctx context.Context, f *Finding, by int64) (Viewer, error) {
	vw, err := s.viewerByID(ctx, f.HackathonID, by)
	if err != nil {
		return vw, err
	}
	if !CanFollowUp(vw, f) {
		return vw, apperr.ErrForbidden
	}
	return vw, nil
}
