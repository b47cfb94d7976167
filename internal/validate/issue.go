package validate

import (
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Severity of an issue, ordered: a larger value is worse.
type Severity uint8

// The severities of an OperationOutcome issue.
const (
	Information Severity = iota
	Warning
	Error
	Fatal
)

func (s Severity) String() string {
	return [...]string{"information", "warning", "error", "fatal"}[s]
}

// Issue is one finding.
type Issue struct {
	Severity Severity
	Code     string // OperationOutcome issue type: structure, required, value, code-invalid, invariant, ...
	Msg      MsgID
	Args     []any
	Location string // FHIRPath, e.g. Patient.name[0].given[1]
	// Line and Column locate the issue in the source text when known
	// (see [Locate]); 0 otherwise.
	Line, Column int
}

// Message returns the text of the issue in lang ("nl" or "en").
func (i Issue) Message(lang string) string {
	m := messages[i.Msg]
	t := m.en
	if lang == "nl" {
		t = m.nl
	}
	return fmt.Sprintf(t, i.Args...)
}

// MsgID names a message.
type MsgID string

// The messages.
const (
	MsgUnknownElement   MsgID = "unknown-element"
	MsgTooFew           MsgID = "too-few"
	MsgTooMany          MsgID = "too-many"
	MsgBadPrimitive     MsgID = "bad-primitive"
	MsgFixed            MsgID = "fixed"
	MsgPattern          MsgID = "pattern"
	MsgNotInValueSet    MsgID = "not-in-valueset"
	MsgValueSetMissing  MsgID = "valueset-missing"
	MsgInvariant        MsgID = "invariant"
	MsgInvariantError   MsgID = "invariant-error"
	MsgProfileMissing   MsgID = "profile-missing"
	MsgNoDefinition     MsgID = "no-definition"
	MsgUnknownExtension MsgID = "unknown-extension"
	MsgClosedSlicing    MsgID = "closed-slicing"
	MsgEmpty            MsgID = "empty"
	MsgWrongType        MsgID = "wrong-type"
	MsgRefUnresolved    MsgID = "ref-unresolved"
	MsgRefType          MsgID = "ref-type"
)

var messages = map[MsgID]struct{ en, nl string }{
	MsgUnknownElement:   {"unknown element %q", "onbekend element %q"},
	MsgTooFew:           {"%s occurs %d times, at least %d required", "%s komt %d keer voor, minstens %d nodig"},
	MsgTooMany:          {"%s occurs %d times, at most %s allowed", "%s komt %d keer voor, hoogstens %s toegestaan"},
	MsgBadPrimitive:     {"%q is not a valid %s", "%q is geen geldige %s"},
	MsgFixed:            {"value differs from the fixed value required by %s", "waarde wijkt af van de vaste waarde die %s eist"},
	MsgPattern:          {"value does not match the pattern required by %s", "waarde past niet in het patroon dat %s eist"},
	MsgNotInValueSet:    {"code %s is not in value set %s (binding %s)", "code %s zit niet in waardelijst %s (binding %s)"},
	MsgValueSetMissing:  {"value set %s is not loaded; binding not checked", "waardelijst %s is niet geladen; binding niet gecontroleerd"},
	MsgInvariant:        {"constraint %s failed: %s", "voorwaarde %s niet vervuld: %s"},
	MsgInvariantError:   {"constraint %s could not be evaluated: %v", "voorwaarde %s kon niet worden uitgerekend: %v"},
	MsgProfileMissing:   {"profile %s: %v", "profiel %s: %v"},
	MsgNoDefinition:     {"no StructureDefinition for %s %s is loaded; structure not checked", "geen StructureDefinition voor %s %s geladen; structuur niet gecontroleerd"},
	MsgUnknownExtension: {"extension %s is not known", "extensie %s is onbekend"},
	MsgClosedSlicing:    {"element matches none of the slices of %s, and the slicing is closed", "element past in geen van de slices van %s en de slicing is gesloten"},
	MsgEmpty:            {"element has neither a value nor children", "element heeft geen waarde en geen kinderen"},
	MsgRefUnresolved:    {"reference %s does not resolve inside the Bundle", "verwijzing %s wijst naar niets in de Bundle"},
	MsgRefType:          {"reference %s points to a %s, allowed: %s", "verwijzing %s wijst naar een %s, toegestaan: %s"},
	MsgWrongType:        {"element is a %s, allowed: %s", "element is een %s, toegestaan: %s"},
}

// Worst returns the worst severity among issues, and false when there are
// none.
func Worst(issues []Issue) (Severity, bool) {
	var w Severity
	for _, i := range issues {
		w = max(w, i.Severity)
	}
	return w, len(issues) > 0
}

// Outcome returns issues as an OperationOutcome (R4 shape) with the
// messages in lang and the FHIRPath locations in issue.expression.
func Outcome(issues []Issue, lang string) *fhir.Resource {
	r := fhir.NewResource(fhir.R4, "OperationOutcome")
	if len(issues) == 0 {
		issues = []Issue{{Severity: Information, Code: "informational", Msg: "ok"}}
	}
	for _, i := range issues {
		text := i.Message(lang)
		if i.Msg == "ok" {
			text = map[bool]string{true: "geen problemen gevonden", false: "no issues found"}[lang == "nl"]
		}
		n := fhir.NewElement("issue", fhir.NewString("severity", i.Severity.String()), fhir.NewString("code", i.Code),
			fhir.NewElement("details", fhir.NewString("text", text)))
		n.Append(fhir.NewString("diagnostics", string(i.Msg)))
		if i.Location != "" {
			if i.Line > 0 {
				n.Append(fhir.NewString("location", fmt.Sprintf("%s, line %d, column %d", i.Location, i.Line, i.Column)).InArray())
			}
			n.Append(fhir.NewString("expression", i.Location).InArray())
		}
		r.Root.Append(n.InArray())
	}
	return r
}
