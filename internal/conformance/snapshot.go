package conformance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Snapshot is the full list of element definitions of a StructureDefinition.
type Snapshot struct {
	URL      string
	Type     string       // the constrained type, e.g. "Patient"
	Elements []*fhir.Node // ElementDefinition nodes, in snapshot order
	// Warnings lists differential elements that could not be placed.
	Warnings []string
}

// ErrCycle is returned for a profile that derives from itself, directly or
// through type profiles.
var ErrCycle = errors.New("cyclic profile")

// maxSnapshotElements bounds the size of one generated snapshot.
const maxSnapshotElements = 20000

type snapResult struct {
	snap *Snapshot
	err  error
	raw  []byte // a cached snapshot not parsed yet (see cache.go)

	version fhir.Version
}

// Snapshot returns the snapshot of the StructureDefinition with canonical
// url: the published one when the definition has it, otherwise one
// generated from its differential against its base (recursively). Results
// are cached in s until more resources are added.
func (s *Set) Snapshot(url string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshot(url, map[string]bool{})
}

func (s *Set) snapshot(url string, busy map[string]bool) (snap *Snapshot, err error) {
	if r, ok := s.snaps[url]; ok {
		if r.raw != nil {
			r.load()
		}
		return r.snap, r.err
	}
	if busy[url] {
		return nil, fmt.Errorf("%w: %s", ErrCycle, url)
	}
	busy[url] = true
	defer func() {
		delete(busy, url)
		if !errors.Is(err, ErrCycle) {
			s.snaps[url] = &snapResult{snap: snap, err: err}
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			snap, err = nil, fmt.Errorf("snapshot of %s: internal error: %v", url, p)
		}
	}()
	r := s.Lookup(url)
	if r == nil {
		return nil, fmt.Errorf("StructureDefinition %s is not loaded", url)
	}
	if r.Type != "StructureDefinition" {
		return nil, fmt.Errorf("%s is a %s, not a StructureDefinition", url, r.Type)
	}
	root := r.Parsed().Root
	typ := root.String("type")
	if sn := root.Child("snapshot"); sn != nil && len(sn.ChildrenNamed("element")) > 0 {
		return &Snapshot{URL: url, Type: typ, Elements: sn.ChildrenNamed("element")}, nil
	}
	diff := root.Child("differential").ChildrenNamed("element")
	baseURL := root.String("baseDefinition")
	if baseURL == "" {
		return nil, fmt.Errorf("%s (%s): no snapshot and no baseDefinition", url, r.Source)
	}
	base, err := s.snapshot(baseURL, busy)
	if err != nil {
		return nil, fmt.Errorf("%s (%s): base %s: %w", url, r.Source, baseURL, err)
	}
	g := &generator{set: s, busy: busy, url: url}
	g.elems = make([]*fhir.Node, len(base.Elements))
	oldRoot := base.Type
	for i, e := range base.Elements {
		c := e.Clone()
		if oldRoot != typ && typ != "" {
			// a specialization (e.g. a logical model or a new resource)
			// re-roots the paths.
			rebase(c, oldRoot, typ)
		}
		g.elems[i] = c
	}
	for _, d := range diff {
		if err := g.apply(d); err != nil {
			g.warnings = append(g.warnings, err.Error())
		}
		if len(g.elems) > maxSnapshotElements {
			return nil, fmt.Errorf("%s: snapshot grows beyond %d elements", url, maxSnapshotElements)
		}
	}
	return &Snapshot{URL: url, Type: typ, Elements: g.elems, Warnings: g.warnings}, nil
}

type generator struct {
	set      *Set
	busy     map[string]bool
	url      string
	elems    []*fhir.Node
	warnings []string
}

// elemID returns the element id, derived from path when missing.
func elemID(e *fhir.Node) string {
	if e.ID != "" {
		return e.ID
	}
	p := e.String("path")
	if sn := e.String("sliceName"); sn != "" {
		return p + ":" + sn
	}
	return p
}

func (g *generator) find(id string) int {
	for i, e := range g.elems {
		if elemID(e) == id {
			return i
		}
	}
	return -1
}

// end returns the index after the element at i and all its descendants
// (including its slices when withSlices).
func (g *generator) end(i int, withSlices bool) int {
	id := elemID(g.elems[i])
	j := i + 1
	for j < len(g.elems) {
		c := elemID(g.elems[j])
		if strings.HasPrefix(c, id+".") || withSlices && (strings.HasPrefix(c, id+":") || strings.HasPrefix(c, id+"/")) {
			j++
			continue
		}
		break
	}
	return j
}

// parentID splits an element id into its parent id and last step
// ("Patient.name:official.given" → "Patient.name:official", "given").
func parentID(id string) (string, string) {
	depth := 0
	for i := len(id) - 1; i >= 0; i-- {
		switch id[i] {
		case ']':
			depth++
		case '[':
			depth--
		case '.':
			if depth == 0 {
				return id[:i], id[i+1:]
			}
		}
	}
	return "", id
}

func (g *generator) apply(d *fhir.Node) error {
	id := elemID(d)
	if !strings.Contains(id, ".") && strings.Contains(d.String("path"), ".") {
		id = d.String("path")
	}
	i, err := g.locate(id, 0)
	if err != nil {
		return err
	}
	merge(g.elems[i], d)
	return nil
}

// locate finds the element with id, creating it from the base when it is a
// new slice or a child of an element that is not yet expanded.
func (g *generator) locate(id string, depth int) (int, error) {
	if depth > 50 {
		return -1, fmt.Errorf("element %s: nesting too deep", id)
	}
	if i := g.find(id); i >= 0 {
		return i, nil
	}
	parent, last := parentID(id)
	if parent == "" {
		return -1, fmt.Errorf("element %s not found in the base", id)
	}
	name, slice, isSlice := strings.Cut(last, ":")
	if isSlice {
		// a new slice (or re-slice) of parent.name[:slice...]
		pi, err := g.locate(parent, depth+1)
		if err != nil {
			return -1, err
		}
		baseID := elemID(g.elems[pi]) + "." + name
		if k := strings.LastIndex(slice, "/"); k >= 0 {
			baseID += ":" + slice[:k]
		}
		bi, err := g.locate(baseID, depth+1)
		if err != nil {
			return -1, err
		}
		end := g.end(bi, true)
		copies := make([]*fhir.Node, 0, end-bi)
		bend := g.end(bi, false)
		for _, e := range g.elems[bi:bend] {
			c := e.Clone()
			c.ID = id + strings.TrimPrefix(elemID(e), baseID)
			copies = append(copies, c)
		}
		removeChildren(copies[0], "slicing")
		setString(copies[0], "sliceName", slice)
		// a slice is optional unless its differential says otherwise
		replace(copies[0], "min", []*fhir.Node{fhir.NewNumber("min", "0")})
		if stem, ok := strings.CutSuffix(name, "[x]"); ok {
			narrow(copies[0], strings.TrimPrefix(slice, stem))
		}
		g.insert(end, copies)
		return end, nil
	}
	pi, err := g.locate(parent, depth+1)
	if err != nil {
		return -1, err
	}
	want := elemID(g.elems[pi]) + "." + name
	if i := g.find(want); i >= 0 {
		return i, nil
	}
	if i := g.findChoice(elemID(g.elems[pi]), name); i >= 0 {
		return g.locate(elemID(g.elems[i])+":"+name, depth+1)
	}
	if g.end(pi, false) > pi+1 {
		return -1, fmt.Errorf("element %s not found in the base", id)
	}
	if err := g.expand(pi); err != nil {
		return -1, fmt.Errorf("element %s: %w", id, err)
	}
	if i := g.find(want); i >= 0 {
		return i, nil
	}
	if i := g.findChoice(elemID(g.elems[pi]), name); i >= 0 {
		return g.locate(elemID(g.elems[i])+":"+name, depth+1)
	}
	return -1, fmt.Errorf("element %s not found in the base", id)
}

// findChoice finds parent.name as the choice element it names
// (valueQuantity → value[x]).
func (g *generator) findChoice(parent, name string) int {
	for i, e := range g.elems {
		id := elemID(e)
		p, last := parentID(id)
		if p != parent || !strings.HasSuffix(last, "[x]") {
			continue
		}
		stem := strings.TrimSuffix(last, "[x]")
		if strings.HasPrefix(name, stem) && len(name) > len(stem) && name[len(stem)] >= 'A' && name[len(stem)] <= 'Z' {
			narrow(e, name[len(stem):])
			return i
		}
	}
	return -1
}

// narrow keeps only the type of e whose code is suffix (Quantity,
// String for string, ...), when e allows it among others.
func narrow(e *fhir.Node, suffix string) {
	types := e.ChildrenNamed("type")
	if len(types) < 2 {
		return
	}
	for _, t := range types {
		code := t.String("code")
		if code != "" && strings.EqualFold(code, suffix) && strings.ToUpper(code[:1]) == suffix[:1] {
			replace(e, "type", []*fhir.Node{t})
			return
		}
	}
}

func (g *generator) insert(at int, es []*fhir.Node) {
	g.elems = append(g.elems[:at], append(es, g.elems[at:]...)...)
}

// expand inserts the children of the element at i from its type (or type
// profile, or contentReference).
func (g *generator) expand(i int) error {
	e := g.elems[i]
	id, path := elemID(e), e.String("path")
	var src *Snapshot
	srcRoot := ""
	if ref := e.String("contentReference"); ref != "" {
		target := ref[strings.Index(ref, "#")+1:]
		var kids []*fhir.Node
		for _, c := range g.elems {
			if p := c.String("path"); strings.HasPrefix(p, target+".") && !strings.Contains(elemID(c), ":") {
				kids = append(kids, c)
			}
		}
		if len(kids) == 0 {
			return fmt.Errorf("contentReference %s has no elements", ref)
		}
		src, srcRoot = &Snapshot{Elements: append([]*fhir.Node{nil}, kids...)}, target
	} else {
		types := e.ChildrenNamed("type")
		if len(types) != 1 {
			return fmt.Errorf("cannot expand %s: it has %d types", id, len(types))
		}
		url := types[0].String("profile")
		if url == "" {
			url = "http://hl7.org/fhir/StructureDefinition/" + types[0].String("code")
		}
		var err error
		src, err = g.set.snapshot(url, g.busy)
		if err != nil {
			return err
		}
		if len(src.Elements) == 0 {
			return fmt.Errorf("type %s has no elements", url)
		}
		srcRoot = src.Elements[0].String("path")
	}
	kids := make([]*fhir.Node, 0, len(src.Elements)-1)
	for _, k := range src.Elements[1:] {
		c := k.Clone()
		kp := c.String("path")
		setString(c, "path", path+strings.TrimPrefix(kp, srcRoot))
		c.ID = id + strings.TrimPrefix(elemID(k), srcRoot)
		kids = append(kids, c)
	}
	g.insert(i+1, kids)
	return nil
}

// rebase rewrites the path and id of e from root old to root new.
func rebase(e *fhir.Node, old, new string) {
	if p := e.String("path"); p == old || strings.HasPrefix(p, old+".") {
		setString(e, "path", new+strings.TrimPrefix(p, old))
	}
	if id := e.ID; id == old || strings.HasPrefix(id, old+".") || strings.HasPrefix(id, old+":") {
		e.ID = new + strings.TrimPrefix(id, old)
	}
}

// additive elements of ElementDefinition are added to the base's; all
// others replace it.
var additive = map[string]bool{"constraint": true, "mapping": true, "condition": true, "alias": true, "code": false}

// merge applies differential element d onto snapshot element e.
func merge(e, d *fhir.Node) {
	var names []string
	seen := map[string]bool{}
	for _, c := range d.Children {
		if c.Name == "path" || c.Name == "id" || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		names = append(names, c.Name)
	}
	for _, name := range names {
		add := d.ChildrenNamed(name)
		clones := make([]*fhir.Node, len(add))
		for i, a := range add {
			clones[i] = a.Clone()
		}
		if additive[name] {
			e.Children = append(e.Children, clones...)
			continue
		}
		if isChoiceFamily(name, "fixed") || isChoiceFamily(name, "pattern") || isChoiceFamily(name, "defaultValue") {
			removeFamily(e, choiceStem(name))
		}
		if name == "binding" && e.Child("binding") != nil {
			mergeInto(e.Child("binding"), add[0])
			continue
		}
		if name == "slicing" && e.Child("slicing") != nil {
			mergeInto(e.Child("slicing"), add[0])
			continue
		}
		replace(e, name, clones)
	}
}

// mergeInto overrides the children of e by those of d, by name.
func mergeInto(e, d *fhir.Node) {
	seen := map[string]bool{}
	for _, c := range d.Children {
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		var clones []*fhir.Node
		for _, a := range d.ChildrenNamed(c.Name) {
			clones = append(clones, a.Clone())
		}
		replace(e, c.Name, clones)
	}
}

func choiceStem(name string) string {
	for _, s := range []string{"fixed", "pattern", "defaultValue", "minValue", "maxValue"} {
		if strings.HasPrefix(name, s) {
			return s
		}
	}
	return name
}

func isChoiceFamily(name, stem string) bool {
	return strings.HasPrefix(name, stem) && len(name) > len(stem) && name[len(stem)] >= 'A' && name[len(stem)] <= 'Z'
}

func removeFamily(e *fhir.Node, stem string) {
	kept := e.Children[:0]
	for _, c := range e.Children {
		if !isChoiceFamily(c.Name, stem) {
			kept = append(kept, c)
		}
	}
	e.Children = kept
}

// replace puts nodes in place of e's children called name.
func replace(e *fhir.Node, name string, nodes []*fhir.Node) {
	out := make([]*fhir.Node, 0, len(e.Children)+len(nodes))
	done := false
	for _, c := range e.Children {
		if c.Name == name {
			if !done {
				out = append(out, nodes...)
				done = true
			}
			continue
		}
		out = append(out, c)
	}
	if !done {
		out = append(out, nodes...)
	}
	e.Children = out
}

func removeChildren(e *fhir.Node, name string) { replace(e, name, nil) }

func setString(e *fhir.Node, name, value string) {
	replace(e, name, []*fhir.Node{fhir.NewString(name, value)})
}
