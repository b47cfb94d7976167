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
	MsgExtensionNoURL   MsgID = "extension-no-url"
	MsgExtensionURL     MsgID = "extension-url"
	MsgJSONArray        MsgID = "json-array"
	MsgJSONNotArray     MsgID = "json-not-array"
	MsgFullURL          MsgID = "full-url"
	MsgLinkTwice        MsgID = "link-twice"
	MsgRefWrongEntry    MsgID = "ref-wrong-entry"
	MsgXHTMLSyntax      MsgID = "xhtml-syntax"
	MsgXHTMLElement     MsgID = "xhtml-element"
	MsgXHTMLAttribute   MsgID = "xhtml-attribute"
	MsgTooLong          MsgID = "too-long"
	MsgExtensionVersion MsgID = "extension-version"
	MsgFullURLNoID      MsgID = "full-url-no-id"
	MsgFullURLMismatch  MsgID = "full-url-mismatch"
	MsgAttachmentSize   MsgID = "attachment-size"
	MsgContainedMissing MsgID = "contained-missing"
	MsgExtensionContext MsgID = "extension-context"
	MsgRefNotInDocument MsgID = "ref-not-in-document"
	MsgJSONKind         MsgID = "json-kind"
	MsgSubExtension     MsgID = "sub-extension"
	MsgCustom           MsgID = "custom" // Args: English text, Dutch text (see Custom)
	MsgNotReachable     MsgID = "not-reachable"
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
	MsgExtensionNoURL:   {"extension has no url, so it cannot be identified or checked", "extensie heeft geen url, dus kan niet worden herkend of gecontroleerd"},
	MsgExtensionURL:     {"extension url %q is not an absolute URL", "extensie-url %q is geen absolute URL"},
	MsgJSONArray:        {"%s must be a JSON array", "%s moet een JSON-array zijn"},
	MsgJSONNotArray:     {"%s must not be a JSON array (it occurs at most once)", "%s mag geen JSON-array zijn (komt hoogstens één keer voor)"},
	MsgFullURL:          {"fullUrl %q is not an absolute URL", "fullUrl %q is geen absolute URL"},
	MsgLinkTwice:        {"link relation %q occurs more than once", "link-relatie %q komt meer dan één keer voor"},
	MsgRefWrongEntry:    {"reference %s matches a Bundle entry of type %s", "verwijzing %s past bij een Bundle-entry van type %s"},
	MsgXHTMLSyntax:      {"narrative is not well-formed XHTML: %v", "narratief is geen welgevormde XHTML: %v"},
	MsgXHTMLElement:     {"element <%s> is not allowed in the narrative", "element <%s> is niet toegestaan in het narratief"},
	MsgXHTMLAttribute:   {"attribute %s is not allowed in the narrative", "attribuut %s is niet toegestaan in het narratief"},
	MsgExtensionVersion: {"extension url %s must not contain a version (|%s)", "extensie-url %s mag geen versie bevatten (|%s)"},
	MsgFullURLNoID:      {"fullUrl %s looks like a RESTful URL, but the resource has no id", "fullUrl %s lijkt een RESTful URL, maar de resource heeft geen id"},
	MsgFullURLMismatch:  {"fullUrl %s does not end with the resource's type and id (%s)", "fullUrl %s eindigt niet op type en id van de resource (%s)"},
	MsgAttachmentSize:   {"size %d differs from the size of the data (%d bytes)", "size %d wijkt af van de grootte van data (%d bytes)"},
	MsgContainedMissing: {"reference %s: no contained resource has this id", "verwijzing %s: geen contained resource heeft dit id"},
	MsgExtensionContext: {"extension %s is not allowed on %s (allowed: %s)", "extensie %s is niet toegestaan op %s (toegestaan: %s)"},
	MsgRefNotInDocument: {"reference %s does not resolve inside the %s Bundle (by the fullUrl rules)", "verwijzing %s wijst naar niets in de %s-Bundle (volgens de fullUrl-regels)"},
	MsgNotReachable:     {"entry %s cannot be reached from the Composition by following references", "entry %s is vanuit de Composition niet via verwijzingen te bereiken"},
	MsgJSONKind:         {"%s has the wrong JSON type for a %s", "%s heeft het verkeerde JSON-type voor een %s"},
	MsgSubExtension:     {"sub-extension url %q is not defined by extension %s", "sub-extensie-url %q komt niet voor in extensie %s"},
	MsgCustom:           {"%[1]s", "%[2]s"},
	MsgTooLong:          {"value is longer than the maximum of %d bytes", "waarde is langer dan het maximum van %d bytes"},
}

// Custom returns an issue with its own text in English and Dutch, for
// checks outside this package (e.g. MedMij rules that profiles cannot
// express).
func Custom(sev Severity, code, location, en, nl string) Issue {
	return Issue{Severity: sev, Code: code, Msg: MsgCustom, Args: []any{en, nl}, Location: location}
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
