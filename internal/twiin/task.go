// Package twiin owns the Twiin notified-pull exchange (TA 10.2.3.1,
// Twiin-01/04/05): building, parsing and validating the STU3 Notification
// Task (code pull-notification: authorization base, queries and reads,
// group identifier, updates with a new identifier, cancellation by
// conditional update); a receiver endpoint that accepts Notification Tasks
// idempotently per identifier; a sender that POSTs them to a participant's
// notification endpoint; a resource-server wrapper that lets through only
// what an authorization base covers until its period ends; and a puller
// that replays the base at the sender's authorization server and runs the
// listed queries. Tokens come from package orgauth, certificates from
// package testca. Bad requests are answered with an OperationOutcome.
package twiin

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Systems and codes of the Notification Task.
const (
	SystemTaskCode       = "http://fhir.nl/fhir/NamingSystem/TaskCode"
	SystemTaskParameter  = "http://fhir.nl/fhir/NamingSystem/TaskParameter"
	SystemURA            = "http://fhir.nl/fhir/NamingSystem/ura"
	SystemAGB            = "http://fhir.nl/fhir/NamingSystem/agb-z"
	SystemBSN            = "http://fhir.nl/fhir/NamingSystem/bsn"
	SystemRFC3986        = "urn:ietf:rfc:3986"
	CodePullNotification = "pull-notification"

	InputAuthorizationBase = "authorization-base"
	InputGetWorkflowTask   = "get-workflow-task"
	InputQuery             = "query-available-resources"
	InputRead              = "read-available-resource"
	// TA 1.2 names of the query and read inputs, accepted too.
	InputQueryTA12 = "search-resource"
	InputReadTA12  = "read-resource"

	// MaxTaskBytes bounds a Notification Task body.
	MaxTaskBytes = 256 << 10
)

// Identifier is a FHIR Identifier.
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Reference is a FHIR Reference (STU3).
type Reference struct {
	Reference  string      `json:"reference,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Coding is a FHIR Coding.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a FHIR CodeableConcept.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Has reports whether the concept has a coding system|code.
func (c *CodeableConcept) Has(system, code string) bool {
	if c == nil {
		return false
	}
	for _, cd := range c.Coding {
		if cd.System == system && cd.Code == code {
			return true
		}
	}
	return false
}

// Requester is the STU3 Task.requester backbone.
type Requester struct {
	Agent      *Reference `json:"agent,omitempty"`
	OnBehalfOf *Reference `json:"onBehalfOf,omitempty"`
}

// Period is a FHIR Period.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Restriction is Task.restriction.
type Restriction struct {
	Period *Period `json:"period,omitempty"`
}

// Input is Task.input.
type Input struct {
	Type           CodeableConcept `json:"type"`
	ValueString    *string         `json:"valueString,omitempty"`
	ValueBoolean   *bool           `json:"valueBoolean,omitempty"`
	ValueReference *Reference      `json:"valueReference,omitempty"`
}

// Task is the part of an STU3 Task the Notification uses.
type Task struct {
	ResourceType    string            `json:"resourceType"`
	ID              string            `json:"id,omitempty"`
	Meta            json.RawMessage   `json:"meta,omitempty"`
	Contained       []json.RawMessage `json:"contained,omitempty"`
	Identifier      []Identifier      `json:"identifier,omitempty"`
	BasedOn         []Reference       `json:"basedOn,omitempty"`
	GroupIdentifier *Identifier       `json:"groupIdentifier,omitempty"`
	Status          string            `json:"status"`
	Intent          string            `json:"intent"`
	Code            *CodeableConcept  `json:"code,omitempty"`
	For             *Reference        `json:"for,omitempty"`
	AuthoredOn      string            `json:"authoredOn,omitempty"`
	Requester       *Requester        `json:"requester,omitempty"`
	Owner           *Reference        `json:"owner,omitempty"`
	Restriction     *Restriction      `json:"restriction,omitempty"`
	Input           []Input           `json:"input,omitempty"`
}

// Notification describes a notification to build.
type Notification struct {
	Identifier   string // urn:uuid:…; "" makes one
	Group        string // urn:uuid:… shared by updates; "" makes one
	WorkflowTask string // "Task/{id}" at the sender, optional
	GetWorkflow  bool
	PatientBSN   string
	SenderURA    string
	SenderDevice string // sending GtK/device identifier (urn:uuid:…)
	ReceiverURA  string
	Base         string // authorization base
	Queries      []string
	Reads        []string
	NotAfter     time.Time
	AuthoredOn   time.Time
}

// NewUUID returns a random urn:uuid.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "urn:uuid:" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func param(code string) CodeableConcept {
	return CodeableConcept{Coding: []Coding{{System: SystemTaskParameter, Code: code}}}
}

// Build makes the Notification Task for n (queries are percent-encoded
// with EncodeQuery).
func (n Notification) Build() *Task {
	if n.Identifier == "" {
		n.Identifier = NewUUID()
	}
	if n.Group == "" {
		n.Group = NewUUID()
	}
	if n.SenderDevice == "" {
		n.SenderDevice = NewUUID()
	}
	t := &Task{
		ResourceType:    "Task",
		Identifier:      []Identifier{{System: SystemRFC3986, Value: n.Identifier}},
		GroupIdentifier: &Identifier{System: SystemRFC3986, Value: n.Group},
		Status:          "requested",
		Intent:          "proposal",
		Code:            &CodeableConcept{Coding: []Coding{{System: SystemTaskCode, Code: CodePullNotification}}},
		For:             &Reference{Identifier: &Identifier{System: SystemBSN, Value: n.PatientBSN}},
		Requester: &Requester{
			Agent:      &Reference{Identifier: &Identifier{System: SystemRFC3986, Value: n.SenderDevice}},
			OnBehalfOf: &Reference{Identifier: &Identifier{System: SystemURA, Value: n.SenderURA}},
		},
		Owner: &Reference{Identifier: &Identifier{System: SystemURA, Value: n.ReceiverURA}},
	}
	if !n.AuthoredOn.IsZero() {
		t.AuthoredOn = n.AuthoredOn.Format(time.RFC3339)
	}
	if n.WorkflowTask != "" {
		t.BasedOn = []Reference{{Reference: n.WorkflowTask}}
	}
	if !n.NotAfter.IsZero() {
		t.Restriction = &Restriction{Period: &Period{End: n.NotAfter.Format(time.RFC3339)}}
	}
	base := n.Base
	t.Input = append(t.Input, Input{Type: param(InputAuthorizationBase), ValueString: &base})
	if n.GetWorkflow {
		v := true
		t.Input = append(t.Input, Input{Type: param(InputGetWorkflowTask), ValueBoolean: &v})
	}
	for _, q := range n.Queries {
		v := EncodeQuery(q)
		t.Input = append(t.Input, Input{Type: param(InputQuery), ValueString: &v})
	}
	for _, r := range n.Reads {
		t.Input = append(t.Input, Input{Type: param(InputRead), ValueReference: &Reference{Reference: r}})
	}
	return t
}

// Update makes the Notification of a changed data set: same group, new
// identifier, the new base and queries.
func (t *Task) Update(n Notification) *Task {
	n.Identifier = ""
	if t.GroupIdentifier != nil {
		n.Group = t.GroupIdentifier.Value
	}
	return n.Build()
}

// Cancelled returns a copy of t with status cancelled (for the
// conditional update that withdraws it).
func (t *Task) Cancelled() *Task {
	c := *t
	c.Status = "cancelled"
	return &c
}

// IdentifierValue returns the first identifier's value ("" if none).
func (t *Task) IdentifierValue() string {
	if len(t.Identifier) == 0 {
		return ""
	}
	return t.Identifier[0].Value
}

// IdentifierToken is "system|value" of the first identifier, for a
// conditional update's search.
func (t *Task) IdentifierToken() string {
	if len(t.Identifier) == 0 {
		return ""
	}
	return t.Identifier[0].System + "|" + t.Identifier[0].Value
}

// Inputs returns the values of the inputs named code (strings, or the
// reference of valueReference inputs).
func (t *Task) Inputs(codes ...string) []string {
	var out []string
	for _, in := range t.Input {
		for _, c := range codes {
			if !in.Type.Has(SystemTaskParameter, c) {
				continue
			}
			switch {
			case in.ValueString != nil:
				out = append(out, *in.ValueString)
			case in.ValueReference != nil:
				out = append(out, in.ValueReference.Reference)
			}
		}
	}
	return out
}

// Base returns the authorization-base input ("" if absent).
func (t *Task) Base() string {
	if v := t.Inputs(InputAuthorizationBase); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Queries returns the query inputs (TA 1.4 and TA 1.2 names).
func (t *Task) Queries() []string { return t.Inputs(InputQuery, InputQueryTA12) }

// Reads returns the read inputs.
func (t *Task) Reads() []string { return t.Inputs(InputRead, InputReadTA12) }

// JSON encodes the Task.
func (t *Task) JSON() []byte {
	b, _ := json.Marshal(t)
	return b
}

// r4Only are Task elements that exist in R4 but not in STU3: their
// presence means the sender used the wrong FHIR version.
var r4Only = []string{"instantiatesCanonical", "instantiatesUri", "statusReason", "reasonCode", "reasonReference", "location", "insurance", "relevantHistory"}

// ErrNotTask is wrapped by ParseTask for a body that is not a Task.
var ErrNotTask = errors.New("geen Task")

// ParseTask reads a JSON Task. It refuses bodies that are not a JSON
// object, not a Task, or R4-shaped (STU3 is required).
func ParseTask(data []byte) (*Task, error) {
	if len(data) > MaxTaskBytes {
		return nil, fmt.Errorf("Task groter dan %d bytes", MaxTaskBytes)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, errors.New("body is geen JSON-object (alleen application/fhir+json)")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("ongeldige JSON: %v", err)
	}
	var rt string
	if err := json.Unmarshal(raw["resourceType"], &rt); err != nil || rt != "Task" {
		return nil, fmt.Errorf("%w: resourceType is %q", ErrNotTask, rt)
	}
	for _, k := range r4Only {
		if _, ok := raw[k]; ok {
			return nil, fmt.Errorf("Task.%s bestaat alleen in R4: de Notification Task is FHIR STU3 (3.0.2)", k)
		}
	}
	if rq, ok := raw["requester"]; ok {
		var m map[string]json.RawMessage
		if json.Unmarshal(rq, &m) == nil {
			if _, agent := m["agent"]; !agent {
				if _, r4 := m["reference"]; r4 {
					return nil, errors.New("Task.requester is een R4-Reference: in STU3 is het requester.agent / requester.onBehalfOf")
				}
				if _, r4 := m["identifier"]; r4 {
					return nil, errors.New("Task.requester is een R4-Reference: in STU3 is het requester.agent / requester.onBehalfOf")
				}
			}
		}
	}
	var t Task
	if err := json.Unmarshal(data, &t); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("Task.%s heeft het verkeerde type", te.Field)
		}
		return nil, fmt.Errorf("ongeldige Task: %v", err)
	}
	return &t, nil
}

// EncodeQuery percent-encodes the characters a relative search may not
// carry raw (space, |, ", <, >, \, ^, `, {, }, #, non-ASCII), keeping the
// FHIR syntax characters (/ ? & = , : $ …).
func EncodeQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if queryCharOK(c) || c == '%' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// queryCharOK: unreserved, sub-delims, ":", "@", "/", "?" (RFC 3986 query).
func queryCharOK(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0
}
