// Package finding is the finding (bevinding) capability: one central system
// in which all findings of a hackathon are logged, triaged, assigned to an
// actor and followed up (milestones 2M, 2N, 4E, 4F, 6D, 7B, 7C, 9A–9C).
// Every change is audited in the transaction of the change.
package finding

import (
	"fmt"
	"slices"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
)

// Status is a step in the finding workflow.
type Status string

const (
	StatusNieuw        Status = "nieuw"
	StatusInTriage     Status = "in_triage"
	StatusToegewezen   Status = "toegewezen"
	StatusInAnalyse    Status = "in_analyse"
	StatusOpgelost     Status = "opgelost"
	StatusGeverifieerd Status = "geverifieerd"
	StatusNietOplossen Status = "niet_oplossen"
	StatusDuplicaat    Status = "duplicaat"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusNieuw, StatusInTriage, StatusToegewezen, StatusInAnalyse, StatusOpgelost,
	StatusGeverifieerd, StatusNietOplossen, StatusDuplicaat}

// transitions is the workflow. Duplicaat is reached only by merging.
var transitions = map[Status][]Status{
	StatusNieuw:        {StatusInTriage, StatusToegewezen, StatusNietOplossen},
	StatusInTriage:     {StatusToegewezen, StatusNietOplossen},
	StatusToegewezen:   {StatusInAnalyse, StatusOpgelost, StatusInTriage, StatusNietOplossen},
	StatusInAnalyse:    {StatusOpgelost, StatusToegewezen, StatusNietOplossen},
	StatusOpgelost:     {StatusGeverifieerd, StatusInAnalyse},
	StatusGeverifieerd: {StatusInAnalyse},
	StatusNietOplossen: {StatusInTriage},
	StatusDuplicaat:    {StatusInTriage},
}

// actorTransitions are the changes an actor may make on its own findings.
var actorTransitions = map[Status][]Status{
	StatusToegewezen: {StatusInAnalyse, StatusOpgelost},
	StatusInAnalyse:  {StatusOpgelost},
}

// Allowed lists the statuses reachable from s (for triage), or for an actor.
func Allowed(from Status, actorOnly bool) []Status {
	if actorOnly {
		return actorTransitions[from]
	}
	return transitions[from]
}

// Open reports whether a finding in status s still needs work.
func (s Status) Open() bool {
	switch s {
	case StatusOpgelost, StatusGeverifieerd, StatusNietOplossen, StatusDuplicaat:
		return false
	}
	return true
}

// Solved reports whether s counts as solved (opgelost or geverifieerd).
func (s Status) Solved() bool { return s == StatusOpgelost || s == StatusGeverifieerd }

func conflict(from Status, allowed []Status) error {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return &apperr.Conflict{Message: fmt.Sprintf("status %s does not allow this change", from), Allowed: names}
}

// ChainLinks are the links in the chain where a finding can occur.
var ChainLinks = []string{"pgo", "dva", "xis", "zorgaanbieder", "afsprakenstelsel", "informatiestandaard", "testomgeving", "overig"}

// Kinds of finding.
var Kinds = []string{"technisch", "functioneel"}

// Severities, most severe first.
var Severities = []string{"blokkerend", "hoog", "midden", "laag"}

// Visibility of a finding: to all participants, or only to the
// organisations involved and the project team.
const (
	VisibleAll      = "all"
	VisibleInvolved = "involved"
)

// Option kinds configured per hackathon.
const (
	OptLabel    = "label"
	OptCategory = "category"
	OptTheme    = "theme"
	OptElement  = "element"
)

// OptionKinds lists the configurable pick lists.
var OptionKinds = []string{OptLabel, OptCategory, OptTheme, OptElement}

// Org is an organisation as a finding refers to it.
type Org struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Finding is one logged finding.
type Finding struct {
	ID           int64    `json:"id"`
	HackathonID  int64    `json:"hackathon_id"`
	Number       int      `json:"number"`
	Key          string   `json:"key"` // e.g. PZP-42
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	LoggedBy     int64    `json:"logged_by,omitempty"`
	LoggedByName string   `json:"logged_by_name"`
	ReportedBy   string   `json:"reported_by"`
	Orgs         []Org    `json:"organisations"`
	ChainLink    string   `json:"chain_link"`
	DataService  string   `json:"data_service"`
	Kind         string   `json:"kind"`
	Severity     string   `json:"severity"`
	Status       Status   `json:"status"`
	Labels       []string `json:"labels"`
	// Comments are filled only by Service.Stream, for exports.
	Comments         []Comment `json:"-"`
	Category         string    `json:"category"`
	Theme            string    `json:"theme"`
	Element          string    `json:"element"`
	ActorOrgID       int64     `json:"actor_organisation_id,omitempty"`
	ActorName        string    `json:"actor"`
	ActorResponsible string    `json:"actor_responsible"`
	Visibility       string    `json:"visibility"`
	Due              date.Date `json:"resolution_due"`
	TrackerKey       string    `json:"tracker_key"`
	TrackerURL       string    `json:"tracker_url"`
	DuplicateOf      int64     `json:"duplicate_of,omitempty"`
	TestRoundID      int64     `json:"test_round_id,omitempty"`
	ScenarioStepID   int64     `json:"scenario_step_id,omitempty"`
	ExchangeID       int64     `json:"exchange_id,omitempty"`
	PGOExchangeID    int64     `json:"pgo_exchange_id,omitempty"` // an exchange of the reference PGO client
	RootCause        string    `json:"root_cause"`
	RootChainLink    string    `json:"root_chain_link"`
	RootEvidence     string    `json:"root_evidence"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Overdue reports whether the resolution term has passed while the finding is still open.
func (f *Finding) Overdue(today date.Date) bool {
	return !f.Due.IsZero() && f.Due.Before(today) && f.Status.Open()
}

// InvolvesOrg reports whether org is the actor or one of the organisations involved.
func (f *Finding) InvolvesOrg(org int64) bool {
	if org != 0 && f.ActorOrgID == org {
		return true
	}
	return slices.ContainsFunc(f.Orgs, func(o Org) bool { return o.ID == org })
}

// Comment is a comment or an actor's update.
type Comment struct {
	ID       int64     `json:"id"`
	UserName string    `json:"user_name"`
	Body     string    `json:"body"`
	At       time.Time `json:"at"`
}

// Attachment is a file attached to a finding.
type Attachment struct {
	ID          int64     `json:"id"`
	FindingID   int64     `json:"finding_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	StoredName  string    `json:"-"`
	At          time.Time `json:"at"`
}

// Actor is an organisation that follows up findings, with one responsible person.
type Actor struct {
	OrganisationID int64  `json:"organisation_id"`
	Name           string `json:"name"`
	ResponsibleID  int64  `json:"responsible_id,omitempty"`
	Responsible    string `json:"responsible"`
}
