package validate

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
)

// values checks fixed, pattern and binding of e on n.
func (w *walker) values(n, e *fhir.Node, d *defs, loc string) {
	if f := fixedOrPattern(e); f != nil {
		if isFamily(f.Name, "fixed") && !equalsFixed(n, f) {
			w.add(Error, "value", loc, MsgFixed, d.url)
		}
		if isFamily(f.Name, "pattern") && !matchesPattern(n, f) {
			w.add(Error, "value", loc, MsgPattern, d.url)
		}
	}
	if b := e.Child("binding"); b != nil {
		w.binding(n, b, loc)
	}
}

func (w *walker) binding(n, b *fhir.Node, loc string) {
	strength := val(b, "strength")
	var sev Severity
	switch strength {
	case "required":
		sev = Error
	case "extensible":
		sev = Warning
	case "preferred":
		sev = Information
	default:
		return
	}
	vs := val(b, "valueSet")
	if vs == "" {
		vs = val(b, "valueSetUri")
	}
	if vs == "" {
		vs = b.String("valueSetReference.reference")
	}
	if vs == "" {
		return
	}
	codings := codingsOf(n)
	if len(codings) == 0 {
		return
	}
	ex := w.v.expand(vs)
	if ex == nil {
		if sev == Error {
			w.add(Warning, "not-found", loc, MsgValueSetMissing, vs)
		}
		return
	}
	for _, c := range codings {
		if ex.contains(c) {
			return
		}
	}
	shown := codings[0].Code
	if codings[0].System != "" {
		shown = codings[0].System + "|" + shown
	}
	w.add(sev, "code-invalid", loc, MsgNotInValueSet, shown, vs, strength)
}

// codingsOf returns the codes of a code, Coding, CodeableConcept or
// Quantity element; nil when it has none.
func codingsOf(n *fhir.Node) []fhir.Coding {
	if n.Kind.HasValue() {
		return []fhir.Coding{{Code: n.Value}}
	}
	if c := n.Child("coding"); c != nil {
		var out []fhir.Coding
		for _, k := range n.ChildrenNamed("coding") {
			if code := val(k, "code"); code != "" {
				out = append(out, fhir.Coding{System: val(k, "system"), Code: code})
			}
		}
		return out
	}
	if code := val(n, "code"); code != "" {
		return []fhir.Coding{{System: val(n, "system"), Code: code}}
	}
	return nil
}

// brokenInvariants are core invariants that are not evaluated, with why.
var brokenInvariants = map[string]string{
	// its expression walks %resource.descendants() for every contained
	// resource, which is slow on large resources; contained resources
	// are validated themselves and references to them by ref-1
	"dom-3": "expensive on large resources; not evaluated",
}

// correctedInvariants replaces core invariant expressions that say
// something else than their human text (fixed in later FHIR versions).
var correctedInvariants = map[string]string{
	// que-12 (R4): "If there are more than one enableWhen, enableBehavior
	// must be specified", but the expression counts > 2.
	"enableWhen.count() > 2 implies enableBehavior.exists()": "enableWhen.count() > 1 implies enableBehavior.exists()",
	// ref-1 (STU3): a reference from one contained resource to another
	// resolves in the container, but %resource is the contained resource
	// itself; R4 uses %rootResource.
	"reference.startsWith('#').not() or (reference.substring(1).trace('url') in %resource.contained.id.trace('ids'))": "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))",
}

// constraints evaluates the invariants of e on n.
func (w *walker) constraints(n, e *fhir.Node, loc string) {
	for _, c := range e.ChildrenNamed("constraint") {
		key := val(c, "key")
		if key == "txt-1" || key == "txt-2" {
			// htmlChecks() evaluated natively
			w.narrative(n, key, val(c, "human"), loc)
			continue
		}
		if brokenInvariants[key] != "" {
			continue
		}
		dk := doneKey{n, key}
		if w.done[dk] {
			continue
		}
		w.done[dk] = true
		sev := Error
		if val(c, "severity") == "warning" {
			sev = Warning
		}
		if key == "ele-1" {
			// evaluated natively (STU3's expression misjudges primitives)
			if !n.Kind.HasValue() && len(n.Children) == 0 && !n.IsResource() {
				w.add(Error, "invariant", loc, MsgEmpty)
			}
			continue
		}
		expr := val(c, "expression")
		if fixed, ok := correctedInvariants[expr]; ok {
			expr = fixed
		}
		if expr == "" {
			continue
		}
		x, err := w.v.compile(expr, w.version)
		if err != nil {
			w.add(Information, "invariant", loc, MsgInvariantError, key, err)
			continue
		}
		env := &fhirpath.Env{Version: w.version, Resource: w.res, RootResource: w.root, Terminology: w.v}
		if !n.IsResource() {
			env.Type = typeName(e, n)
		}
		ok, has, err := x.EvaluateBool(w.ctx, n, env)
		if err != nil {
			w.add(Information, "invariant", loc, MsgInvariantError, key, err)
			continue
		}
		if has && !ok {
			w.add(sev, "invariant", loc, MsgInvariant, key, val(c, "human"))
		}
	}
}

// typeName is the FHIRPath type of n at e: its datatype, or the element
// path for backbone elements.
func typeName(e, n *fhir.Node) string {
	if t := typeOf(n, e); t != nil {
		c := typeCode(t)
		if c != "BackboneElement" && c != "Element" {
			return c
		}
	}
	return val(e, "path")
}

func (v *Validator) compile(expr string, ver fhir.Version) (*fhirpath.Expr, error) {
	k := ver.String() + " " + expr
	v.mu.Lock()
	x, ok := v.exps[k]
	v.mu.Unlock()
	if ok {
		if x == nil {
			return nil, fmt.Errorf("does not compile")
		}
		return x, nil
	}
	x, err := fhirpath.Compile(expr, fhirpath.Options{Version: ver})
	v.mu.Lock()
	v.exps[k] = x
	v.mu.Unlock()
	return x, err
}

// MemberOf serves memberOf() for invariants from the loaded ValueSets.
func (v *Validator) MemberOf(_ context.Context, vs string, codings []fhir.Coding) (bool, error) {
	ex := v.expand(vs)
	if ex == nil {
		return false, fmt.Errorf("value set %s is not loaded", vs)
	}
	for _, c := range codings {
		if ex.contains(c) {
			return true, nil
		}
	}
	return false, nil
}

var primitiveRE = map[string]*regexp.Regexp{
	"boolean":      regexp.MustCompile(`^(true|false)$`),
	"integer":      regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)$`),
	"unsignedInt":  regexp.MustCompile(`^(0|[1-9][0-9]*)$`),
	"positiveInt":  regexp.MustCompile(`^\+?[1-9][0-9]*$`),
	"decimal":      regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`),
	"date":         regexp.MustCompile(`^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`),
	"dateTime":     regexp.MustCompile(`^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`),
	"instant":      regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`),
	"time":         regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?$`),
	"code":         regexp.MustCompile(`^[^\s]+( [^\s]+)*$`),
	"id":           regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`),
	"oid":          regexp.MustCompile(`^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$`),
	"uuid":         regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`),
	"uri":          regexp.MustCompile(`^\S+$`),
	"url":          regexp.MustCompile(`^\S+$`),
	"canonical":    regexp.MustCompile(`^\S+$`),
	"base64Binary": regexp.MustCompile(`^[A-Za-z0-9+/=\s]+$`),
	"string":       regexp.MustCompile(`(?s)^.*\S.*$`),
	"markdown":     regexp.MustCompile(`(?s)^.*\S.*$`),
}

func isPrimitive(code string) bool {
	if strings.HasPrefix(code, "System.") {
		return true
	}
	return code != "" && code[0] >= 'a' && code[0] <= 'z' && code != "xhtml" || code == "xhtml"
}

// primitive checks the format of a primitive value.
func (w *walker) primitive(n *fhir.Node, code, loc string) {
	if !n.Kind.HasValue() || code == "xhtml" {
		return
	}
	if w.arrays {
		// JSON: numbers and booleans are JSON numbers and booleans,
		// everything else a string
		want := fhir.KindString
		switch code {
		case "boolean":
			want = fhir.KindBool
		case "integer", "decimal", "positiveInt", "unsignedInt":
			want = fhir.KindNumber
		}
		if n.Kind != want && !strings.HasPrefix(code, "System.") {
			w.add(Error, "structure", loc, MsgJSONKind, n.Value, code)
			return
		}
	}
	if re := primitiveRE[code]; re != nil && !re.MatchString(n.Value) {
		w.add(Error, "value", loc, MsgBadPrimitive, n.Value, code)
	}
}

// checkID checks a resource id.
func (w *walker) checkID(n *fhir.Node, loc string) {
	if n.Kind.HasValue() && !primitiveRE["id"].MatchString(n.Value) {
		w.add(Error, "value", loc, MsgBadPrimitive, n.Value, "id")
	}
}
