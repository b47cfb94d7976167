package sandbox

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// MaxQueryParams bounds the number of query parameters of one request.
const MaxQueryParams = 64

// Token is one alternative of a token search value: "system|code",
// "|code" (no system), "system|" (any code) or "code" (any system).
type Token struct {
	System    string
	HasSystem bool
	Code      string
}

// Param is one search parameter with its comma-separated alternatives.
type Param struct {
	Name   string
	Tokens []Token
	Raw    string // "name=value" as sent, for the self link
}

// Include is one _include value "Source:param[:Target]".
type Include struct {
	Source, Param, Target string
}

// Query is a parsed FHIR search query string.
type Query struct {
	Params   []Param   // filters, in order
	Includes []Include // _include values
	Format   string    // _format value, "" when absent
	Max      int       // $lastn max (default 1)
	Handled  []string  // raw "name=value" pairs that were handled, in order
	Ignored  []string  // names of parameters that were ignored
}

// QueryError is a query the server refuses (400).
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

func queryErr(format string, args ...any) error {
	return &QueryError{Msg: fmt.Sprintf(format, args...)}
}

// ParseQuery parses the raw query string of a search on resource type typ.
// Parameters it cannot use are listed in Ignored (lenient handling); those
// that would identify the patient (patient, subject) are refused, because
// the patient comes from the token only.
func ParseQuery(v fhir.Version, typ, raw string) (*Query, error) {
	q := &Query{Max: 1}
	if raw == "" {
		return q, nil
	}
	pairs := strings.Split(raw, "&")
	if len(pairs) > MaxQueryParams {
		return nil, queryErr("too many query parameters (%d, at most %d)", len(pairs), MaxQueryParams)
	}
	for _, pair := range pairs {
		if pair == "" {
			continue
		}
		rk, rv, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rk)
		if err != nil {
			return nil, queryErr("query parameter %q is not well encoded", rk)
		}
		value, err := url.QueryUnescape(rv)
		if err != nil {
			return nil, queryErr("value of query parameter %q is not well encoded", name)
		}
		base, modifier, _ := strings.Cut(name, ":")
		switch base {
		case "patient", "subject", "patient.identifier", "subject.identifier":
			return nil, queryErr("search parameter %q is not allowed: the patient is identified by the access token only", name)
		}
		switch {
		case name == "_format":
			q.Format = value
		case name == "_include":
			inc, err := parseInclude(value)
			if err != nil {
				return nil, err
			}
			if inc.Source != typ {
				q.Ignored = append(q.Ignored, name)
				continue
			}
			q.Includes = append(q.Includes, inc)
		case name == "max":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > 1000 {
				return nil, queryErr("max must be a number from 1 to 1000")
			}
			q.Max = n
		case modifier == "" && searchPath(v, typ, name) != "":
			if value == "" {
				return nil, queryErr("search parameter %q has no value", name)
			}
			toks, err := parseTokens(value)
			if err != nil {
				return nil, err
			}
			q.Params = append(q.Params, Param{Name: name, Tokens: toks, Raw: pair})
		default:
			q.Ignored = append(q.Ignored, name)
			continue
		}
		q.Handled = append(q.Handled, pair)
	}
	return q, nil
}

func parseInclude(v string) (Include, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return Include{}, queryErr("_include %q must be Type:parameter[:TargetType]", v)
	}
	inc := Include{Source: parts[0], Param: parts[1]}
	if len(parts) == 3 {
		if parts[2] == "" {
			return Include{}, queryErr("_include %q has an empty target type", v)
		}
		inc.Target = parts[2]
	}
	return inc, nil
}

// parseTokens splits a token value on unescaped commas and each alternative
// on its first unescaped '|'; "\," "\|" and "\\" are escapes.
func parseTokens(v string) ([]Token, error) {
	var out []Token
	var cur strings.Builder
	var sys string
	hasSys := false
	flush := func() error {
		code := cur.String()
		if !hasSys && code == "" {
			return queryErr("empty token in %q", v)
		}
		out = append(out, Token{System: sys, HasSystem: hasSys, Code: code})
		cur.Reset()
		sys, hasSys = "", false
		return nil
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\':
			if i+1 >= len(v) {
				return nil, queryErr("token %q ends in a lone backslash", v)
			}
			i++
			cur.WriteByte(v[i])
		case c == '|' && !hasSys:
			sys, hasSys = cur.String(), true
			cur.Reset()
		case c == ',':
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			cur.WriteByte(c)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) > 50 {
		return nil, queryErr("too many alternatives in %q", v)
	}
	return out, nil
}

// searchPath maps a search parameter of typ to the element it searches, or
// "" when the parameter is not supported.
func searchPath(v fhir.Version, typ, name string) string {
	switch name {
	case "_id":
		return "id"
	case "code":
		switch typ {
		case "MedicationStatement", "MedicationRequest", "MedicationDispense", "MedicationAdministration":
			return "medicationCodeableConcept"
		}
	}
	if strings.HasPrefix(name, "_") {
		return ""
	}
	el := camel(name)
	if info, ok := fhir.LookupElement(v, typ, el); ok {
		switch info.Type {
		case "code", "Coding", "CodeableConcept", "Identifier", "string", "id", "uri", "boolean":
			return el
		}
	}
	return ""
}

// camel turns a search parameter name into an element name:
// "general-practitioner" -> "generalPractitioner".
func camel(s string) string {
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// includePaths maps Source:param to the reference elements it follows.
var includePaths = map[string][]string{
	"DeviceRequest:device":         {"codeReference"},
	"Observation:related-target":   {"related.target"},
	"Patient:general-practitioner": {"generalPractitioner"},
	"Coverage:payor":               {"payor"},
	"Coverage:beneficiary":         {"beneficiary"},
	"Coverage:policy-holder":       {"policyHolder"},
	"Coverage:subscriber":          {"subscriber"},
	// R4 (vaccinations, proactive care planning); STU3 paths where they differ.
	"Immunization:performer":   {"performer.actor", "practitioner.actor"},
	"Consent:actor":            {"provision.actor.reference", "actor.reference"},
	"Consent:source-reference": {"sourceReference"},
	"Consent:consentor":        {"performer", "consentingParty"},
	"Procedure:performer":      {"performer.actor"},
	"Goal:subject":             {"subject"},
}

func includeRefs(r *fhir.Resource, inc Include) []string {
	paths, ok := includePaths[inc.Source+":"+inc.Param]
	if !ok {
		p := camel(inc.Param)
		paths = []string{p, p + "Reference"}
	}
	var out []string
	for _, p := range paths {
		out = append(out, r.References(p)...)
	}
	return out
}

// matches reports whether r satisfies every parameter of q.
func (q *Query) matches(v fhir.Version, r *fhir.Resource) bool {
	for _, p := range q.Params {
		path := searchPath(v, r.Type(), p.Name)
		if path == "" {
			return false
		}
		var nodes []*fhir.Node
		if path == "id" {
			nodes = []*fhir.Node{fhir.NewString("id", r.ID())}
		} else {
			nodes = r.Get(path)
		}
		if !slices.ContainsFunc(p.Tokens, func(t Token) bool { return tokenMatches(nodes, t) }) {
			return false
		}
	}
	return true
}

func tokenMatches(nodes []*fhir.Node, t Token) bool {
	for _, n := range nodes {
		if n.Kind.HasValue() {
			if t.Code != "" && n.Value == t.Code {
				return true
			}
			continue
		}
		if cs := n.ChildrenNamed("coding"); len(cs) > 0 {
			for _, c := range cs {
				if codeMatches(c.String("system"), c.String("code"), t) {
					return true
				}
			}
			continue
		}
		if n.Child("value") != nil && n.Child("code") == nil { // Identifier
			if codeMatches(n.String("system"), n.String("value"), t) {
				return true
			}
			continue
		}
		if codeMatches(n.String("system"), n.String("code"), t) {
			return true
		}
	}
	return false
}

func codeMatches(system, code string, t Token) bool {
	if t.HasSystem && system != t.System {
		return false
	}
	return t.Code == "" || code == t.Code
}

// result is the outcome of a search: matches, then includes.
type result struct {
	matches  []*fhir.Resource
	includes []*fhir.Resource
}

// search runs q on the resources of typ in the patient's dossier.
func search(d *dossier.Dossier, typ string, q *Query, lastn bool) *result {
	res := &result{}
	for _, r := range d.OfType(typ) {
		if !inCompartment(d, r) {
			continue
		}
		if q.matches(d.FHIRVersion, r) {
			res.matches = append(res.matches, r)
		}
	}
	if lastn {
		res.matches = lastN(res.matches, q.Max)
	}
	seen := map[string]bool{}
	for _, r := range res.matches {
		seen[r.Type()+"/"+r.ID()] = true
	}
	for _, inc := range q.Includes {
		for _, m := range res.matches {
			for _, ref := range includeRefs(m, inc) {
				t := d.Lookup(ref)
				if t == nil || (inc.Target != "" && t.Type() != inc.Target) {
					continue
				}
				k := t.Type() + "/" + t.ID()
				if !seen[k] {
					seen[k] = true
					res.includes = append(res.includes, t)
				}
			}
		}
	}
	return res
}

// inCompartment: a Patient search returns only the token's patient; other
// types return what the dossier holds for this patient.
func inCompartment(d *dossier.Dossier, r *fhir.Resource) bool {
	if r.Type() == "Patient" {
		return r.ID() == d.Patient.ID
	}
	return true
}

// lastN keeps the newest max observations per code.
func lastN(obs []*fhir.Resource, max int) []*fhir.Resource {
	groups := map[string][]*fhir.Resource{}
	var order []string
	for _, o := range obs {
		k := ""
		if cs := o.Codings("code"); len(cs) > 0 {
			k = cs[0].System + "|" + cs[0].Code
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], o)
	}
	var out []*fhir.Resource
	for _, k := range order {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return effective(g[i]) > effective(g[j]) })
		if len(g) > max {
			g = g[:max]
		}
		out = append(out, g...)
	}
	return out
}

func effective(o *fhir.Resource) string {
	for _, p := range []string{"effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued"} {
		if v := o.String(p); v != "" {
			return v
		}
	}
	return ""
}

var errFormat = errors.New("unsupported _format")
