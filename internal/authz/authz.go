// Package authz is the one authorization mechanism: every route names a
// Permission, and Allowed decides from the user's platform flags and roles in
// the hackathon whether it is granted. What is not granted here is denied.
package authz

import (
	"sort"

	"github.com/ketentest/ketentest/internal/blueprint"
)

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

	// Findings (bevindingen); which findings a user sees is decided by the
	// finding capability's visibility rules on top of FindingView, and who
	// follows a finding up by its one rule finding.CanFollowUp.
	FindingView   Permission = "finding.view"   // list and read findings
	FindingCreate Permission = "finding.create" // log a finding
	FindingTriage Permission = "finding.triage" // classify, assign, merge, verify
	FindingConfig Permission = "finding.config" // labels, categories, visibility defaults

	// Participants and communication.
	ParticipantView   Permission = "participant.view"   // organisations, people, registrations
	ParticipantManage Permission = "participant.manage" // edit, import, contact log, accounts
	CommsManage       Permission = "comms.manage"       // plan, calendar, templates, outbox

	// Test environment.
	SandboxView   Permission = "sandbox.view"   // participant page: base URLs, clients, test patients
	SandboxManage Permission = "sandbox.manage" // dossiers, clients, settings
	TrafficView   Permission = "traffic.view"   // recorded exchanges

	// Reference PGO client and self-service sandbox clients.
	PGORun                Permission = "pgo.run"                 // run the reference PGO against a DVA, see one's runs
	SandboxClientRegister Permission = "sandbox.client.register" // register an OAuth client at the reference DVA

	// The test itself (internal/testday): the snelcheck.
	SnelcheckView   Permission = "snelcheck.view"   // the matrix of participants × items, the lists
	SnelcheckEdit   Permission = "snelcheck.edit"   // draw up the lists (2G), apply them, run the automated checks
	SnelcheckDecide Permission = "snelcheck.decide" // verify items, go / no-go / eigen risico per participant (5A)
	SnelcheckNotify Permission = "snelcheck.notify" // send each participant its own result (5B)
	SnelcheckOwn    Permission = "snelcheck.own"    // a participant's own list: declare, re-run, own schedule

	// Test rounds, pairs and table layout (2S, 4A).
	ScheduleView Permission = "schedule.view" // rounds, pairs, table layout
	ScheduleEdit Permission = "schedule.edit" // add rounds, generate and edit pairs, publish the layout

	// Test scenarios (2J, 4D) and results.
	ScenarioEdit Permission = "scenario.edit" // write, review and finalise scenarios
	ResultRecord Permission = "result.record" // record a step's result for a pair (participants: their own pairs)
	ResultReview Permission = "result.review" // verify or dispute results, fill them from reference runs

	// Evaluation (2L, 6A) and the final report (9D).
	EvaluationView   Permission = "evaluation.view"   // questionnaires and their results
	EvaluationManage Permission = "evaluation.manage" // draw up, edit, send, remind, close
	ReportView       Permission = "report.view"       // the final report and draaiboek, and comment on them
	ReportEdit       Permission = "report.edit"       // edit texts, new version, status
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

	FindingView:   blueprint.AllHackathonRoles(),
	FindingCreate: append(roles(blueprint.RoleLoggingteam, blueprint.RoleTriageteam, blueprint.RoleDeelnemer), projectTeam...),
	FindingTriage: roles(blueprint.RoleTriageteam, blueprint.RoleIssuecoordinator),
	FindingConfig: roles(blueprint.RoleIssuecoordinator, blueprint.RoleProjectleider),

	ParticipantView:   append(roles(blueprint.RoleObserver, blueprint.RoleOpdrachtgever), projectTeam...),
	ParticipantManage: roles(blueprint.RoleRelatiemanager, blueprint.RoleCommunicatieExpert, blueprint.RoleEventplanner, blueprint.RoleProjectleider, blueprint.RoleIssuecoordinator),
	CommsManage:       roles(blueprint.RoleCommunicatieExpert, blueprint.RoleProjectleider),

	SandboxView:   blueprint.AllHackathonRoles(),
	SandboxManage: roles(blueprint.RoleTechnischCoordinator, blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	TrafficView:   append(roles(blueprint.RoleLoggingteam, blueprint.RoleTriageteam), projectTeam...),

	PGORun:                append(roles(blueprint.RoleDeelnemer, blueprint.RoleLoggingteam, blueprint.RoleTriageteam), projectTeam...),
	SandboxClientRegister: roles(blueprint.RoleDeelnemer, blueprint.RoleActor, blueprint.RoleTechnischCoordinator, blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),

	SnelcheckView:   append(roles(blueprint.RoleObserver), projectTeam...),
	SnelcheckEdit:   roles(blueprint.RoleTechnischCoordinator, blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	SnelcheckDecide: roles(blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	SnelcheckNotify: roles(blueprint.RoleRelatiemanager, blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	SnelcheckOwn:    roles(blueprint.RoleDeelnemer),

	ScheduleView: append(roles(blueprint.RoleObserver, blueprint.RoleLoggingteam, blueprint.RoleTriageteam), projectTeam...),
	ScheduleEdit: roles(blueprint.RoleTestcoordinator, blueprint.RoleEventplanner, blueprint.RoleProjectleider),

	ScenarioEdit: roles(blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	ResultRecord: roles(blueprint.RoleDeelnemer, blueprint.RoleLoggingteam, blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),
	ResultReview: roles(blueprint.RoleTestcoordinator, blueprint.RoleProjectleider),

	EvaluationView:   append(roles(blueprint.RoleOpdrachtgever, blueprint.RoleOpdrachtnemer, blueprint.RoleObserver), projectTeam...),
	EvaluationManage: roles(blueprint.RoleTestcoordinator, blueprint.RoleCommunicatieExpert, blueprint.RoleProjectleider),
	ReportView:       append(roles(blueprint.RoleOpdrachtgever, blueprint.RoleOpdrachtnemer, blueprint.RoleObserver), projectTeam...),
	ReportEdit:       roles(blueprint.RoleProjectleider, blueprint.RoleOpdrachtnemer, blueprint.RoleCommunicatieExpert),
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
	for p := range grants {
		out = append(out, p)
	}
	sort.Slice(out[4:], func(i, j int) bool { return out[4+i] < out[4+j] })
	return out
}
