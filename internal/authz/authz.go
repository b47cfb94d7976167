// Package authz is the one authorization mechanism: every route names a
// Permission, and Allowed decides from the user's platform flags and roles in
// the hackathon whether it is granted. What is not granted here is denied.
package authz

import "github.com/ketentest/ketentest/internal/blueprint"

// Permission is what a route requires.
type Permission string

const (
	// Public routes need no login (login page, health checks, static files).
	Public Permission = "public"
	// Authenticated routes need any logged-in user.
	Authenticated Permission = "authenticated"
	// PlatformAdmin routes are for platform administrators only.
	PlatformAdmin Permission = "platform.admin"
	// HackathonCreate lets a user start a new hackathon.
	HackathonCreate Permission = "hackathon.create"

	// Per-hackathon permissions.
	HackathonView  Permission = "hackathon.view"  // basic facts: name, dates, services
	HackathonEdit  Permission = "hackathon.edit"  // edit basic facts, add days
	PlanView       Permission = "plan.view"       // phases, milestones, canvas, start note, organisation
	MilestoneEdit  Permission = "milestone.edit"  // status, owner, due date, note, evidence
	CanvasEdit     Permission = "canvas.edit"     // fill in the canvas
	DecisionRecord Permission = "decision.record" // the client's go/no-go
	MembersManage  Permission = "members.manage"  // grant roles in the hackathon
	OrgEdit        Permission = "org.edit"        // project organisation staffing and parties
)

// Subject is who asks: platform flags plus roles in the hackathon at hand.
type Subject struct {
	LoggedIn           bool
	IsAdmin            bool
	CanCreateHackathon bool
	Roles              []blueprint.Role
}

var projectTeam = blueprint.ProjectRoles()

func roles(rs ...blueprint.Role) []blueprint.Role { return rs }

// grants says which hackathon roles hold each per-hackathon permission.
var grants = map[Permission][]blueprint.Role{
	HackathonView:  blueprint.AllHackathonRoles(),
	HackathonEdit:  roles(blueprint.RoleProjectleider),
	PlanView:       append(roles(blueprint.RoleOpdrachtgever, blueprint.RoleOpdrachtnemer, blueprint.RoleObserver), projectTeam...),
	MilestoneEdit:  projectTeam,
	CanvasEdit:     roles(blueprint.RoleProjectleider, blueprint.RoleOpdrachtnemer),
	DecisionRecord: roles(blueprint.RoleOpdrachtgever),
	MembersManage:  roles(blueprint.RoleProjectleider),
	OrgEdit:        roles(blueprint.RoleProjectleider),
}

// Known reports whether p is a permission this package decides on.
func Known(p Permission) bool {
	switch p {
	case Public, Authenticated, PlatformAdmin, HackathonCreate:
		return true
	}
	_, ok := grants[p]
	return ok
}

// HackathonScoped reports whether p is decided by roles in a hackathon.
func HackathonScoped(p Permission) bool {
	_, ok := grants[p]
	return ok
}

// Allowed decides. Unknown permissions are denied.
func Allowed(p Permission, s Subject) bool {
	switch p {
	case Public:
		return true
	case Authenticated:
		return s.LoggedIn
	case PlatformAdmin:
		return s.LoggedIn && s.IsAdmin
	case HackathonCreate:
		return s.LoggedIn && (s.IsAdmin || s.CanCreateHackathon)
	}
	granted, ok := grants[p]
	if !ok || !s.LoggedIn {
		return false
	}
	if s.IsAdmin {
		return true
	}
	for _, have := range s.Roles {
		for _, g := range granted {
			if have == g {
				return true
			}
		}
	}
	return false
}

// Permissions lists every permission, for tests and documentation.
func Permissions() []Permission {
	out := []Permission{Public, Authenticated, PlatformAdmin, HackathonCreate}
	for _, p := range []Permission{HackathonView, HackathonEdit, PlanView, MilestoneEdit, CanvasEdit, DecisionRecord, MembersManage, OrgEdit} {
		out = append(out, p)
	}
	return out
}
