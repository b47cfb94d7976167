package twiin

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Issue is one finding on a Notification Task.
type Issue struct {
	Severity   string // "error" or "warning"
	Code       string // OperationOutcome issue type: required, value, invalid, not-supported
	Expression string // e.g. "Task.owner.identifier"
	Message    string // Dutch, naming the element
}

// Issues is a list of findings.
type Issues []Issue

// Errors reports whether any issue is an error.
func (is Issues) Errors() bool {
	for _, i := range is {
		if i.Severity == "error" {
			return true
		}
	}
	return false
}

var (
	typeRE = regexp.MustCompile(`^[A-Z][A-Za-z]{1,63}$`)
	idRE   = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	uuidRE = regexp.MustCompile(`^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	bsnRE  = regexp.MustCompile(`^[0-9]{9}$`)
	orgRE  = regexp.MustCompile(`^[0-9]{8}$`)
	pctRE  = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)
)

// Validate checks a Notification Task against the TA rules the test bed
// applies (brief §5, sender): STU3 shape, code, status, intent, owner,
// requester.onBehalfOf, an authorization-base input, valid relative
// queries and reads, no clinical content; a missing restriction.period is
// a warning. now judges restriction.period.end.
func Validate(t *Task, now time.Time) Issues {
	var is Issues
	add := func(sev, code, expr, format string, args ...any) {
		is = append(is, Issue{Severity: sev, Code: code, Expression: expr, Message: fmt.Sprintf(format, args...)})
	}
	if t.ResourceType != "Task" {
		add("error", "invalid", "Task.resourceType", "resourceType moet Task zijn")
	}
	switch {
	case len(t.Identifier) == 0 || t.Identifier[0].Value == "":
		add("error", "required", "Task.identifier", "Task.identifier ontbreekt (uniek per notificatie, urn:uuid)")
	case !uuidRE.MatchString(t.Identifier[0].Value):
		add("warning", "value", "Task.identifier[0].value", "Task.identifier is geen urn:uuid")
	}
	if t.GroupIdentifier == nil || t.GroupIdentifier.Value == "" {
		add("warning", "required", "Task.groupIdentifier", "Task.groupIdentifier ontbreekt (gelijk voor alle updates van één set)")
	}
	switch t.Status {
	case "requested", "cancelled":
	case "":
		add("error", "required", "Task.status", "Task.status ontbreekt (requested, of cancelled bij intrekken)")
	default:
		add("error", "value", "Task.status", "Task.status %q: requested of cancelled verwacht", t.Status)
	}
	if t.Intent != "proposal" {
		add("error", "value", "Task.intent", "Task.intent moet proposal zijn (is %q)", t.Intent)
	}
	if !t.Code.Has(SystemTaskCode, CodePullNotification) {
		add("error", "value", "Task.code", "Task.code moet %s|%s zijn", SystemTaskCode, CodePullNotification)
	}
	if t.For == nil || t.For.Identifier == nil || t.For.Identifier.Value == "" {
		add("error", "required", "Task.for.identifier", "Task.for.identifier (BSN van de patiënt) ontbreekt")
	} else if t.For.Identifier.System == SystemBSN && !bsnRE.MatchString(t.For.Identifier.Value) {
		add("error", "value", "Task.for.identifier.value", "BSN moet 9 cijfers zijn")
	}
	orgID := func(r *Reference, expr, what string) {
		if r == nil || r.Identifier == nil || r.Identifier.Value == "" {
			add("error", "required", expr, "%s ontbreekt (%s)", expr, what)
			return
		}
		switch r.Identifier.System {
		case SystemURA, SystemAGB, "urn:oid:2.16.528.1.1007.3.3", "urn:oid:2.16.840.1.113883.2.4.6.1":
		default:
			add("error", "value", expr+".system", "%s.system moet URA (%s) of AGB zijn", expr, SystemURA)
			return
		}
		if r.Identifier.System == SystemURA && !orgRE.MatchString(r.Identifier.Value) {
			add("error", "value", expr+".value", "URA moet 8 cijfers zijn")
		}
	}
	orgID(t.Owner, "Task.owner.identifier", "ontvangende organisatie")
	if t.Requester == nil {
		add("error", "required", "Task.requester", "Task.requester ontbreekt (agent en onBehalfOf)")
	} else {
		orgID(t.Requester.OnBehalfOf, "Task.requester.onBehalfOf.identifier", "verzendende organisatie")
		if t.Requester.Agent == nil {
			add("warning", "required", "Task.requester.agent", "Task.requester.agent (verzendend knooppunt) ontbreekt")
		}
	}
	if t.Restriction == nil || t.Restriction.Period == nil || t.Restriction.Period.End == "" {
		add("warning", "required", "Task.restriction.period.end", "Task.restriction.period.end ontbreekt: tot wanneer mag worden opgehaald?")
	} else if end, err := time.Parse(time.RFC3339, t.Restriction.Period.End); err != nil {
		add("error", "value", "Task.restriction.period.end", "Task.restriction.period.end is geen dateTime met tijdzone")
	} else if t.Status == "requested" && !end.After(now) {
		add("error", "value", "Task.restriction.period.end", "Task.restriction.period.end ligt in het verleden")
	}
	if len(t.Contained) > 0 {
		add("error", "invalid", "Task.contained", "de Notification Task bevat geen klinische inhoud (contained niet toegestaan)")
	}
	bases := t.Inputs(InputAuthorizationBase)
	switch {
	case len(bases) == 0 || bases[0] == "":
		add("error", "required", "Task.input", "input authorization-base (valueString) ontbreekt")
	case len(bases) > 1:
		add("error", "invalid", "Task.input", "meer dan één authorization-base")
	case len(bases[0]) > 4096:
		add("error", "value", "Task.input", "authorization-base is te lang")
	}
	for i, in := range t.Input {
		expr := fmt.Sprintf("Task.input[%d]", i)
		if len(in.Type.Coding) == 0 {
			add("error", "required", expr+".type", "%s.type ontbreekt", expr)
			continue
		}
		switch {
		case in.Type.Has(SystemTaskParameter, InputAuthorizationBase):
			if in.ValueString == nil {
				add("error", "value", expr, "authorization-base hoort in valueString")
			}
		case in.Type.Has(SystemTaskParameter, InputQuery), in.Type.Has(SystemTaskParameter, InputQueryTA12):
			if in.ValueString == nil {
				add("error", "value", expr, "query hoort in valueString")
			} else if msg := CheckQuery(*in.ValueString); msg != "" {
				add("error", "value", expr+".valueString", "query %q: %s", *in.ValueString, msg)
			}
		case in.Type.Has(SystemTaskParameter, InputRead), in.Type.Has(SystemTaskParameter, InputReadTA12):
			if in.ValueReference == nil || !validRead(in.ValueReference.Reference) {
				add("error", "value", expr+".valueReference", "read hoort in valueReference als Type/id")
			}
		case in.Type.Has(SystemTaskParameter, InputGetWorkflowTask):
			if in.ValueBoolean == nil {
				add("error", "value", expr, "get-workflow-task hoort in valueBoolean")
			} else if *in.ValueBoolean && len(t.BasedOn) == 0 {
				add("error", "required", "Task.basedOn", "get-workflow-task is true maar basedOn (de Workflow Task) ontbreekt")
			}
		}
	}
	if len(t.Queries()) == 0 && len(t.Reads()) == 0 && len(t.BasedOn) == 0 {
		add("error", "required", "Task.input", "geen query-, read- of Workflow Task-verwijzing: wat moet er worden opgehaald?")
	}
	return is
}

func validRead(ref string) bool {
	typ, id, ok := strings.Cut(ref, "/")
	return ok && typeRE.MatchString(typ) && idRE.MatchString(id)
}

// CheckQuery checks a relative search as a Notification carries it:
// "Type", "Type?params" or "Type/$op?params", appended to the sender's
// base, reserved characters percent-encoded. It returns "" when fine.
func CheckQuery(q string) string {
	if q == "" {
		return "leeg"
	}
	if len(q) > 2048 {
		return "te lang"
	}
	path, query, _ := strings.Cut(q, "?")
	if strings.HasPrefix(q, "/") || strings.Contains(path, ":") {
		return "moet relatief zijn (Type?…), zonder basis-URL of leidende /"
	}
	typ, op, hasOp := strings.Cut(path, "/")
	if !typeRE.MatchString(typ) {
		return "begint niet met een resourcetype"
	}
	if hasOp && !regexp.MustCompile(`^\$[a-z][a-z-]*$`).MatchString(op) {
		return "na het type mag alleen een operatie ($lastn) volgen"
	}
	rest := pctRE.ReplaceAllString(query, "")
	for i := 0; i < len(rest); i++ {
		if !queryCharOK(rest[i]) {
			if rest[i] == '%' {
				return "ongeldige %-codering"
			}
			return fmt.Sprintf("teken %q moet procent-gecodeerd zijn", rest[i])
		}
	}
	for _, p := range strings.Split(query, "&") {
		if p == "" {
			continue
		}
		if k, _, ok := strings.Cut(p, "="); !ok || k == "" {
			return fmt.Sprintf("parameter %q heeft geen naam=waarde", p)
		}
	}
	return ""
}
