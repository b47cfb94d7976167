package validate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
)

const coreSD = "http://hl7.org/fhir/StructureDefinition/"

// Validator validates resources against the definitions of one Set. It is
// safe for concurrent use once built; the Set must not change afterwards.
type Validator struct {
	// UnknownExtension is the severity of an extension whose definition
	// is not loaded: Warning by default (the spec examples use many
	// extensions nobody publishes); the HL7 Java validator's default is
	// Error. Set it before the first validation.
	UnknownExtension Severity

	set  *conformance.Set
	mu   sync.Mutex
	defs map[string]*defs
	exps map[string]*fhirpath.Expr
	vss  map[string]*expansion
}

// New returns a validator over set.
func New(set *conformance.Set) *Validator {
	return &Validator{UnknownExtension: Warning, set: set, defs: map[string]*defs{}, exps: map[string]*fhirpath.Expr{}, vss: map[string]*expansion{}}
}

// defs indexes one snapshot by element id.
type defs struct {
	url   string
	elems []*fhir.Node
	byID  map[string]*fhir.Node
	kids  map[string][]*fhir.Node // parent id → child elements (no slices)
	slice map[string][]*fhir.Node // element id → its direct slices
	err   error
}

func (v *Validator) load(url string) *defs {
	v.mu.Lock()
	defer v.mu.Unlock()
	if d, ok := v.defs[url]; ok {
		return d
	}
	d := &defs{url: url, byID: map[string]*fhir.Node{}, kids: map[string][]*fhir.Node{}, slice: map[string][]*fhir.Node{}}
	v.defs[url] = d
	snap, err := v.set.Snapshot(url)
	if err != nil {
		d.err = err
		return d
	}
	d.elems = snap.Elements
	for _, e := range snap.Elements {
		id := e.ID
		if id == "" {
			id = val(e, "path")
			if s := val(e, "sliceName"); s != "" {
				id += ":" + s
			}
		}
		d.byID[id] = e
		parent, last := splitID(id)
		if parent == "" {
			continue
		}
		if name, _, ok := strings.Cut(last, ":"); ok {
			base := parent + "." + name
			if !strings.Contains(last[len(name)+1:], "/") {
				d.slice[base] = append(d.slice[base], e)
			}
			continue
		}
		d.kids[parent] = append(d.kids[parent], e)
	}
	return d
}

func splitID(id string) (string, string) {
	if i := strings.LastIndexByte(id, '.'); i >= 0 {
		return id[:i], id[i+1:]
	}
	return "", id
}

func idOf(e *fhir.Node) string {
	if e.ID != "" {
		return e.ID
	}
	return val(e, "path")
}

// walker carries one validation.
type walker struct {
	v       *Validator
	ctx     context.Context
	version fhir.Version
	issues  []Issue
	done    map[doneKey]bool
	res     *fhir.Node // the resource being walked (for %resource)
	resLoc  string     // the location of res
	root    *fhir.Node // the resource that is not contained (for %rootResource)
	bundle  *fhir.Node // the innermost Bundle around res, or nil
	arrays  bool       // the source was JSON: check array shape and primitive kinds
	xhtml   map[*fhir.Node]*xhtmlResult
}

type doneKey struct {
	n   *fhir.Node
	key string
}

func (w *walker) add(sev Severity, code string, loc string, msg MsgID, args ...any) {
	w.issues = append(w.issues, Issue{Severity: sev, Code: code, Msg: msg, Args: args, Location: loc})
}

// Validate checks r against the core definition of its type, every
// meta.profile that is loaded (one that is not gives a warning) and the
// extra profiles (which must be loaded). Nested resources (contained,
// Bundle entries) are validated the same way.
func (v *Validator) Validate(ctx context.Context, r *fhir.Resource, profiles ...string) []Issue {
	return v.validate(ctx, r, false, profiles)
}

func (v *Validator) validate(ctx context.Context, r *fhir.Resource, arrays bool, profiles []string) []Issue {
	w := &walker{v: v, ctx: ctx, version: r.Version, done: map[doneKey]bool{}, root: r.Root, arrays: arrays}
	w.resource(r.Root, r.Root.Resource, profiles, true)
	return dedupe(w.issues)
}

// dedupe drops repeated issues (a base definition and a profile often
// report the same problem at the same place).
func dedupe(issues []Issue) []Issue {
	seen := map[string]bool{}
	out := issues[:0]
	for _, i := range issues {
		k := fmt.Sprintf("%d|%s|%s|%s", i.Severity, i.Location, i.Msg, i.Message("en"))
		if !seen[k] {
			seen[k] = true
			out = append(out, i)
		}
	}
	return out
}

// resource validates a resource node against its type and profiles.
func (w *walker) resource(n *fhir.Node, loc string, extra []string, explicit bool) {
	prev, prevRoot, prevBundle, prevLoc := w.res, w.root, w.bundle, w.resLoc
	w.res, w.resLoc = n, loc
	if n.Name != "contained" {
		// a Bundle entry or a Parameters resource is a root of its own
		w.root = n
	}
	defer func() { w.res, w.root, w.bundle, w.resLoc = prev, prevRoot, prevBundle, prevLoc }()
	typ := n.Resource
	if typ == "Bundle" {
		w.bundle = n
		w.bundleChecks(n, loc)
	}
	urls := []string{coreSD + typ}
	for _, p := range n.Strings("meta.profile") {
		urls = append(urls, p)
	}
	urls = append(urls, extra...)
	seen := map[string]bool{}
	for i, u := range urls {
		u, _, _ = strings.Cut(u, "|")
		if seen[u] {
			continue
		}
		seen[u] = true
		d := w.v.load(u)
		if d.err != nil {
			switch {
			case i == 0 && w.version == fhir.STU3 && fhir.IsResourceType(fhir.STU3, typ):
				w.tableWalk(n, typ, loc, 0)
			case i == 0:
				w.add(Warning, "not-supported", loc, MsgNoDefinition, w.version, typ)
			case i > len(urls)-len(extra)-1 && explicit:
				w.add(Error, "not-found", loc, MsgProfileMissing, u, d.err)
			default:
				w.add(Warning, "not-found", loc, MsgProfileMissing, u, d.err)
			}
			continue
		}
		if len(d.elems) == 0 {
			continue
		}
		w.element(n, d, idOf(d.elems[0]), loc)
	}
}

// element validates instance node n against element id of d.
func (w *walker) element(n *fhir.Node, d *defs, id, loc string) {
	if w.ctx.Err() != nil {
		return
	}
	e := d.byID[id]
	if e == nil {
		return
	}
	w.values(n, e, d, loc)
	w.constraints(n, e, loc)
	kids := d.kids[id]
	if len(kids) == 0 {
		if strings.Contains(id, ".") || !n.IsResource() {
			w.byType(n, e, d, loc)
		}
		return
	}
	w.children(n, d, id, kids, loc)
}

// byType continues into the definition of n's type (or type profile) when
// the snapshot does not list the children.
func (w *walker) byType(n *fhir.Node, e *fhir.Node, d *defs, loc string) {
	if n.IsResource() {
		w.resource(n, loc, nil, false)
		return
	}
	if ref := val(e, "contentReference"); ref != "" {
		target := ref[strings.IndexByte(ref, '#')+1:]
		if d.byID[target] != nil {
			w.children(n, d, target, d.kids[target], loc)
		}
		return
	}
	t := typeOf(n, e)
	if t == nil {
		return
	}
	code := typeCode(t)
	if isPrimitive(code) {
		w.primitive(n, code, loc)
		for i, x := range n.ChildrenNamed("extension") {
			w.extension(x, nil, fmt.Sprintf("%s.extension[%d]", loc, i), false)
		}
		return
	}
	url := coreSD + code
	if ps := t.Strings("profile"); len(ps) > 0 && code != "Extension" {
		url = ps[0]
	}
	if code == "Extension" && idOf(e) != "Extension" {
		// a sub-extension of a complex extension has a relative url, which
		// must be one of the extension's slices
		nested := strings.HasPrefix(idOf(e), "Extension.")
		if url := val(n, "url"); nested && url != "" && !absoluteURL.MatchString(url) &&
			idOf(e) == "Extension.extension" && len(d.slice["Extension.extension"]) > 0 {
			w.add(Error, "structure", loc, MsgSubExtension, url, d.url)
			return
		}
		w.extension(n, t, loc, nested)
		return
	}
	switch code {
	case "Reference":
		w.reference(n, referenceType(e, t), loc)
	case "Attachment":
		w.attachmentSize(n, loc)
	}
	if code == "Element" || code == "BackboneElement" || code == "Resource" {
		return
	}
	td := w.v.load(url)
	if td.err != nil || len(td.elems) == 0 {
		return
	}
	w.element(n, td, idOf(td.elems[0]), loc)
}

// extension validates an extension against the definition its url names.
func (w *walker) extension(n *fhir.Node, t *fhir.Node, loc string, nested bool) {
	url := val(n, "url")
	if t != nil {
		if ps := t.Strings("profile"); len(ps) > 0 {
			url = ps[0]
		}
	}
	if nested && url != "" && !absoluteURL.MatchString(url) {
		return // checked by the slice of the complex extension it belongs to
	}
	if !w.extensionURL(n, url, loc) {
		return
	}
	base, version, versioned := strings.Cut(url, "|")
	if versioned {
		w.add(Error, "value", loc, MsgExtensionVersion, url, version)
		url = base
	}
	if w.v.set.Lookup(url) == nil {
		sev := w.v.UnknownExtension
		if isExampleURL(url) {
			sev = Warning // example.org & co. are for examples only
		}
		w.add(sev, "structure", loc, MsgUnknownExtension, url)
		return
	}
	d := w.v.load(url)
	if d.err != nil || len(d.elems) == 0 {
		w.add(Warning, "structure", loc, MsgProfileMissing, url, d.err)
		return
	}
	w.extensionContext(url, loc)
	w.element(n, d, idOf(d.elems[0]), loc)
}

// typeOf picks the type of e that n has (by its choice suffix).
func typeOf(n *fhir.Node, e *fhir.Node) *fhir.Node {
	types := e.ChildrenNamed("type")
	if len(types) == 1 {
		return types[0]
	}
	_, last := splitID(val(e, "path"))
	stem, ok := strings.CutSuffix(last, "[x]")
	if !ok {
		return nil
	}
	suffix := strings.TrimPrefix(n.Name, stem)
	for _, t := range types {
		c := typeCode(t)
		if c != "" && strings.EqualFold(c, suffix) && strings.ToUpper(c[:1]) == suffix[:1] {
			return t
		}
	}
	return nil
}

// typeCode returns the FHIR type code of a type (R4's System.String etc.
// map to their fhir-type extension or to string).
func typeCode(t *fhir.Node) string {
	c := val(t, "code")
	if c == "" {
		// STU3 XML may carry the code in extensions only
		for _, x := range t.ChildrenNamed("extension") {
			if strings.HasSuffix(val(x, "url"), "structuredefinition-fhir-type") {
				return val(x, "valueUrl")
			}
		}
		return ""
	}
	if strings.HasPrefix(c, "http://hl7.org/fhirpath/System.") {
		for _, x := range t.ChildrenNamed("extension") {
			if strings.HasSuffix(val(x, "url"), "structuredefinition-fhir-type") {
				if u := val(x, "valueUrl"); u != "" {
					return u
				}
				return val(x, "valueUri")
			}
		}
		return "System." + strings.TrimPrefix(c, "http://hl7.org/fhirpath/System.")
	}
	return c
}

// children matches the children of n to the element definitions kids.
func (w *walker) children(n *fhir.Node, d *defs, id string, kids []*fhir.Node, loc string) {
	matched := make([][]*fhir.Node, len(kids))
	index := map[string]int{}
	var shaped map[string]bool
	if w.arrays {
		shaped = map[string]bool{}
	}
	for _, c := range n.Children {
		k := match(c.Name, kids)
		if n.Kind.IsPrimitive() && c.Name == "value" {
			k = -1 // the value of a primitive is not a child
		}
		if k < 0 {
			if n.Kind.IsPrimitive() && c.Name == "extension" {
				continue
			}
			w.add(Error, "structure", fmt.Sprintf("%s.%s", loc, c.Name), MsgUnknownElement, c.Name)
			continue
		}
		matched[k] = append(matched[k], c)
		w.jsonShape(c, kids[k], loc, shaped)
		if len(c.ID) > maxPrimitive {
			w.add(Error, "value", loc+"."+c.Name+".id", MsgTooLong, maxPrimitive)
		}
		if c.Name == "id" && n.IsResource() {
			w.checkID(c, loc+".id")
		}
	}
	for k, e := range kids {
		nodes := matched[k]
		kid := idOf(e)
		_, name := splitID(val(e, "path"))
		w.cardinality(e, len(nodes), loc, name)
		slices := d.slice[kid]
		var assigned [][]*fhir.Node
		if len(slices) > 0 {
			assigned = make([][]*fhir.Node, len(slices))
		}
		for _, c := range nodes {
			cloc := loc + "." + c.Name
			if c.Array || val(e, "max") != "1" {
				cloc = fmt.Sprintf("%s[%d]", cloc, index[c.Name])
			}
			index[c.Name]++
			s := -1
			if len(slices) > 0 {
				s = w.sliceOf(c, e, slices, d)
			}
			if s >= 0 {
				assigned[s] = append(assigned[s], c)
				w.element(c, d, idOf(slices[s]), cloc)
				continue
			}
			if len(slices) > 0 && e.String("slicing.rules") == "closed" {
				w.add(Error, "structure", cloc, MsgClosedSlicing, kid)
			}
			w.element(c, d, kid, cloc)
		}
		for s, se := range slices {
			w.cardinality(se, len(assigned[s]), loc, name+":"+val(se, "sliceName"))
		}
	}
}

// match finds the definition of an instance child name among kids.
func match(name string, kids []*fhir.Node) int {
	for i, e := range kids {
		_, last := splitID(val(e, "path"))
		if last == name {
			return i
		}
		if stem, ok := strings.CutSuffix(last, "[x]"); ok && strings.HasPrefix(name, stem) && len(name) > len(stem) {
			suffix := name[len(stem):]
			for _, t := range e.ChildrenNamed("type") {
				c := typeCode(t)
				if c != "" && strings.EqualFold(c, suffix) && strings.ToUpper(c[:1]) == suffix[:1] {
					return i
				}
			}
		}
	}
	return -1
}

func (w *walker) cardinality(e *fhir.Node, count int, loc, name string) {
	min, _ := strconv.Atoi(val(e, "min"))
	max := val(e, "max")
	if count < min {
		w.add(Error, "required", loc, MsgTooFew, name, count, min)
	}
	if max != "" && max != "*" {
		m, _ := strconv.Atoi(max)
		if count > m {
			w.add(Error, "structure", loc, MsgTooMany, name, count, max)
		}
	}
}

// val returns the value of n's first child called name, or "" (Node.String
// without the path parsing; the walk calls it very often).
func val(n *fhir.Node, name string) string {
	if c := n.Child(name); c != nil {
		return c.Value
	}
	return ""
}
