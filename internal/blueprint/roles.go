package blueprint

import (
	"errors"
	"fmt"
)

// Role is a role someone holds within one hackathon.
type Role string

// The project team (box 2 of the blueprint), the commissioning parties,
// the issue teams and the people taking part.
const (
	RoleProjectleider        Role = "projectleider"
	RoleCommunicatieExpert   Role = "communicatie"
	RoleTechnischCoordinator Role = "technisch"
	RoleTestcoordinator      Role = "test"
	RoleIssuecoordinator     Role = "issue"
	RoleRelatiemanager       Role = "relatiemanager"
	RoleEventplanner         Role = "eventplanner"

	RoleOpdrachtgever Role = "opdrachtgever"
	RoleOpdrachtnemer Role = "opdrachtnemer"
	RoleLoggingteam   Role = "loggingteam"
	RoleTriageteam    Role = "triageteam"
	RoleDeelnemer     Role = "deelnemer"
	RoleActor         Role = "actor"
	RoleObserver      Role = "observer"
)

// ErrUnknownRole is wrapped by ParseRole's error.
var ErrUnknownRole = errors.New("blueprint: unknown role")

// ProjectRoles returns the seven project-team roles in blueprint order.
func ProjectRoles() []Role {
	return []Role{
		RoleProjectleider, RoleCommunicatieExpert, RoleTechnischCoordinator,
		RoleTestcoordinator, RoleIssuecoordinator, RoleRelatiemanager, RoleEventplanner,
	}
}

// AllHackathonRoles returns every role that can be held within a hackathon:
// the project team, then client, contractor, the issue teams, participants,
// actors (parties that own issues) and observers.
func AllHackathonRoles() []Role {
	return append(ProjectRoles(),
		RoleOpdrachtgever, RoleOpdrachtnemer, RoleLoggingteam, RoleTriageteam,
		RoleDeelnemer, RoleActor, RoleObserver)
}

var roleLabels = map[Role]Text{
	RoleProjectleider:        txt("Projectleider", "Project lead"),
	RoleCommunicatieExpert:   txt("Communicatie-expert", "Communication expert"),
	RoleTechnischCoordinator: txt("Technisch coördinator", "Technical coordinator"),
	RoleTestcoordinator:      txt("Testcoördinator", "Test coordinator"),
	RoleIssuecoordinator:     txt("Issuecoördinator", "Issue coordinator"),
	RoleRelatiemanager:       txt("Relatiemanager", "Relationship manager"),
	RoleEventplanner:         txt("Eventplanner", "Event planner"),
	RoleOpdrachtgever:        txt("Opdrachtgever", "Client"),
	RoleOpdrachtnemer:        txt("Opdrachtnemer", "Contractor"),
	RoleLoggingteam:          txt("Loggingteam", "Logging team"),
	RoleTriageteam:           txt("Triageteam", "Triage team"),
	RoleDeelnemer:            txt("Deelnemer", "Participant"),
	RoleActor:                txt("Actor", "Actor"),
	RoleObserver:             txt("Observer", "Observer"),
}

var roleDescriptions = map[Role]Text{
	RoleProjectleider: txt(
		"Leidt het projectteam en is eindverantwoordelijk voor een goede uitvoering van de Hackathon.",
		"Leads the project team and is ultimately responsible for running the hackathon well."),
	RoleCommunicatieExpert: txt(
		"Communicatie met deelnemers en externen, aanmeldingen, draaiboek, website en berichtgeving.",
		"Communication with participants and outsiders, registrations, runbook, website and messaging."),
	RoleTechnischCoordinator: txt(
		"Bereidt deelnemers voor op de eisen en sluit hen aan op de testomgeving.",
		"Prepares participants for the requirements and connects them to the test environment."),
	RoleTestcoordinator: txt(
		"Bereidt testomgeving, testdossiers en testscenario's voor.",
		"Prepares the test environment, test dossiers and test scenarios."),
	RoleIssuecoordinator: txt(
		"Bemenst, traint en stuurt het logging- en triageteam aan; registratie en opvolging van issues.",
		"Staffs, trains and leads the logging and triage teams; issue registration and follow-up."),
	RoleRelatiemanager: txt(
		"Werft deelnemers en houdt doorlopend contact met hen.",
		"Recruits participants and keeps in continuous contact with them."),
	RoleEventplanner: txt(
		"Planning en logistiek van kick-off en Hackathon-dag(en).",
		"Planning and logistics of the kick-off and hackathon day(s)."),
	RoleOpdrachtgever: txt(
		"Geeft akkoord op de startnotitie (go/no-go) en ontvangt de eindrapportage.",
		"Approves the start note (go/no-go) and receives the final report."),
	RoleOpdrachtnemer: txt(
		"Zorgt dat de opdracht naar behoren wordt uitgevoerd en stelt hiervoor een projectleider aan.",
		"Makes sure the assignment is carried out properly and appoints a project lead for it."),
	RoleLoggingteam: txt(
		"Helpt deelnemers tijdens de Hackathon-dag issues te registreren in het issuemanagementsysteem.",
		"Helps participants register issues in the issue management system during the hackathon day."),
	RoleTriageteam: txt(
		"Analyseert issues en wijst ze toe aan de juiste actor.",
		"Analyses issues and assigns them to the right actor."),
	RoleDeelnemer: txt(
		"Neemt deel aan de uitwisseling: PGO-leverancier (DVP), DVA, bronsysteem of zorgaanbieder.",
		"Takes part in the exchange: PGO vendor (DVP), DVA, source system or care provider."),
	RoleActor: txt(
		"Partij die issues toegewezen krijgt en oplost (bijv. Nictiz, MedMij, VZVZ, leverancier).",
		"Party that is assigned issues and solves them (e.g. Nictiz, MedMij, VZVZ, a vendor)."),
	RoleObserver: txt(
		"Kijkt mee zonder zelf uit te wisselen.",
		"Watches without exchanging data."),
}

// RoleLabel returns the display name of a role; an unknown role is shown as is.
func RoleLabel(r Role) Text {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return Text{NL: string(r), EN: string(r)}
}

// RoleDescription returns a one-line description of a role (zero Text if unknown).
func RoleDescription(r Role) Text { return roleDescriptions[r] }

// Label is RoleLabel(r), for templates.
func (r Role) Label() Text { return RoleLabel(r) }

// Valid reports whether r is one of AllHackathonRoles.
func (r Role) Valid() bool {
	_, ok := roleLabels[r]
	return ok
}

// IsProjectRole reports whether r is one of the seven project-team roles.
func (r Role) IsProjectRole() bool {
	for _, p := range ProjectRoles() {
		if p == r {
			return true
		}
	}
	return false
}

// ParseRole accepts a role key ("test") or its Dutch or English label
// ("Testcoördinator", "test coordinator"), case-insensitively.
func ParseRole(s string) (Role, error) {
	if r, ok := parseKey(s, AllHackathonRoles(), RoleLabel); ok {
		return r, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownRole, s)
}

// RoleProposal is the blueprint's proposal (box 2) for staffing a project role.
type RoleProposal struct {
	Role            Role
	Tasks           Text   // the tasks on one line
	TaskList        []Text // the tasks one by one, as in the blueprint
	HoursPerWeekMin int
	HoursPerWeekMax int
	Organisations   []Text // proposed organisations that can fill the role
}

var (
	orgVZVZ          = txt("VZVZ", "VZVZ")
	orgNictiz        = txt("Nictiz", "Nictiz")
	orgMedMij        = txt("MedMij", "MedMij")
	orgOpdrachtgever = txt("Opdrachtgever", "Client")
)

// RoleProposals returns the proposals for the seven project roles, in
// ProjectRoles order.
func RoleProposals() []RoleProposal {
	return []RoleProposal{
		{
			Role:  RoleProjectleider,
			Tasks: txt("Monitoren voortgang, rapportage, escalatie", "Monitoring progress, reporting, escalation"),
			TaskList: []Text{
				txt("Monitoren voortgang", "Monitoring progress"),
				txt("Rapportage", "Reporting"),
				txt("Escalatie", "Escalation"),
			},
			HoursPerWeekMin: 20, HoursPerWeekMax: 20,
			Organisations: []Text{orgVZVZ, orgNictiz},
		},
		{
			Role: RoleCommunicatieExpert,
			Tasks: txt("Communicatie deelnemers en externen, aanmeldingen deelnemers, draaiboek Hackathon-dag(en), website, berichtgeving",
				"Communication with participants and outsiders, participant registrations, runbook of the hackathon day(s), website, messaging"),
			TaskList: []Text{
				txt("Communicatie deelnemers en externen", "Communication with participants and outsiders"),
				txt("Aanmeldingen deelnemers", "Participant registrations"),
				txt("Draaiboek Hackathon-dag(en)", "Runbook of the hackathon day(s)"),
				txt("Website", "Website"),
				txt("Berichtgeving", "Messaging"),
			},
			HoursPerWeekMin: 8, HoursPerWeekMax: 16,
			Organisations: []Text{orgVZVZ, orgNictiz, orgOpdrachtgever},
		},
		{
			Role: RoleTechnischCoordinator,
			Tasks: txt("Deelnemers voorbereiden op basis van eisen, deelnemers aansluiten op testomgeving",
				"Preparing participants on the requirements, connecting participants to the test environment"),
			TaskList: []Text{
				txt("Deelnemers voorbereiden op basis van eisen", "Preparing participants on the requirements"),
				txt("Deelnemers aansluiten op testomgeving", "Connecting participants to the test environment"),
			},
			HoursPerWeekMin: 20, HoursPerWeekMax: 20,
			Organisations: []Text{orgVZVZ, orgNictiz},
		},
		{
			Role: RoleTestcoordinator,
			Tasks: txt("Voorbereiden testomgeving, testdossier(s), testscenario's",
				"Preparing the test environment, test dossier(s), test scenarios"),
			TaskList: []Text{
				txt("Voorbereiden testomgeving", "Preparing the test environment"),
				txt("Testdossier(s)", "Test dossier(s)"),
				txt("Testscenario's", "Test scenarios"),
			},
			HoursPerWeekMin: 16, HoursPerWeekMax: 16,
			Organisations: []Text{orgVZVZ, orgNictiz},
		},
		{
			Role: RoleIssuecoordinator,
			Tasks: txt("Triage- en loggingsteam bemensen, trainen en aansturen; issueregistratie; issueopvolging",
				"Staffing, training and leading the triage and logging teams; issue registration; issue follow-up"),
			TaskList: []Text{
				txt("Triage- en loggingsteam bemensen, trainen en aansturen", "Staffing, training and leading the triage and logging teams"),
				txt("Issueregistratie", "Issue registration"),
				txt("Issueopvolging", "Issue follow-up"),
			},
			HoursPerWeekMin: 8, HoursPerWeekMax: 80,
			Organisations: []Text{orgVZVZ, orgNictiz},
		},
		{
			Role:  RoleRelatiemanager,
			Tasks: txt("Werving deelnemers, doorlopend contact deelnemers", "Recruiting participants, continuous contact with participants"),
			TaskList: []Text{
				txt("Werving deelnemers", "Recruiting participants"),
				txt("Doorlopend contact deelnemers", "Continuous contact with participants"),
			},
			HoursPerWeekMin: 16, HoursPerWeekMax: 24,
			Organisations: []Text{orgVZVZ, orgNictiz, orgMedMij},
		},
		{
			Role: RoleEventplanner,
			Tasks: txt("Planning en logistiek kick-off en Hackathon-dag(en)",
				"Planning and logistics of the kick-off and hackathon day(s)"),
			TaskList: []Text{
				txt("Planning en logistiek kick-off en Hackathon-dag(en)", "Planning and logistics of the kick-off and hackathon day(s)"),
			},
			HoursPerWeekMin: 8, HoursPerWeekMax: 16,
			Organisations: []Text{orgVZVZ, orgNictiz, orgOpdrachtgever},
		},
	}
}

// ProposalFor returns the staffing proposal of a project role.
func ProposalFor(r Role) (RoleProposal, bool) {
	for _, p := range RoleProposals() {
		if p.Role == r {
			return p, true
		}
	}
	return RoleProposal{}, false
}
