package dossier

import (
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Diff is the difference between two versions of a dossier.
type Diff struct {
	Added   []*fhir.Resource // in the newer version only
	Removed []*fhir.Resource // in the older version only
	Changed []Change         // in both, with different content
	Same    int              // in both, equal
}

// Change is one resource that differs, with its field-level differences.
type Change struct {
	Ref    string // Type/id
	Fields []FieldDiff
}

// FieldDiff is one element path whose value differs. Paths look like
// "code.coding[0].display", "birthDate.extension[0].valueCode" or
// "name[1]"; "@id" marks an element id.
type FieldDiff struct {
	Path     string
	Old, New string // "" when absent
	Op       string // "added", "removed" or "changed"
}

// Compare diffs two resource lists by Type/id.
func Compare(older, newer []*fhir.Resource) Diff {
	var d Diff
	old := map[string]*fhir.Resource{}
	for _, r := range older {
		old[r.Type()+"/"+r.ID()] = r
	}
	seen := map[string]bool{}
	for _, r := range newer {
		ref := r.Type() + "/" + r.ID()
		seen[ref] = true
		o, ok := old[ref]
		switch {
		case !ok:
			d.Added = append(d.Added, r)
		case o.Root.Equal(r.Root):
			d.Same++
		default:
			d.Changed = append(d.Changed, Change{Ref: ref, Fields: FieldDiffs(o, r)})
		}
	}
	for _, r := range older {
		if !seen[r.Type()+"/"+r.ID()] {
			d.Removed = append(d.Removed, r)
		}
	}
	return d
}

// FieldDiffs compares two resources leaf by leaf.
func FieldDiffs(a, b *fhir.Resource) []FieldDiff {
	fa, fb := flatten(a.Root), flatten(b.Root)
	av := make(map[string]string, len(fa))
	for _, l := range fa {
		av[l.path] = l.value
	}
	bv := make(map[string]string, len(fb))
	for _, l := range fb {
		bv[l.path] = l.value
	}
	var out []FieldDiff
	for _, l := range fb {
		o, ok := av[l.path]
		switch {
		case !ok:
			out = append(out, FieldDiff{Path: l.path, New: l.value, Op: "added"})
		case o != l.value:
			out = append(out, FieldDiff{Path: l.path, Old: o, New: l.value, Op: "changed"})
		}
	}
	for _, l := range fa {
		if _, ok := bv[l.path]; !ok {
			out = append(out, FieldDiff{Path: l.path, Old: l.value, Op: "removed"})
		}
	}
	return out
}

type leaf struct{ path, value string }

// flatten lists the values of a tree with their paths. A contained resource
// shows as contained[0] with its own elements below it.
func flatten(root *fhir.Node) []leaf {
	var out []leaf
	var walk func(n *fhir.Node, prefix string)
	walk = func(n *fhir.Node, prefix string) {
		count := map[string]int{}
		for _, c := range n.Children {
			p := c.Name
			if prefix != "" {
				p = prefix + "." + c.Name
			}
			if c.Array {
				p += "[" + strconv.Itoa(count[c.Name]) + "]"
				count[c.Name]++
			}
			if c.ID != "" {
				out = append(out, leaf{p + ".@id", c.ID})
			}
			if c.IsResource() {
				out = append(out, leaf{p + ".resourceType", c.Resource})
			}
			if c.Kind.HasValue() {
				out = append(out, leaf{p, c.Value})
			} else if len(c.Children) == 0 && !c.Kind.IsPrimitive() {
				out = append(out, leaf{p, "{}"})
			}
			walk(c, p)
		}
	}
	walk(root, "")
	return out
}

// Summary counts the resources of a set per type, per profile (zib) and per patient.
type Summary struct {
	Total    int
	Types    []Count // by resource type
	Profiles []Count // by meta.profile URL; Name is the URL's last segment
	Patients []PatientCount
}

// Count is a labelled number.
type Count struct {
	Key, Name string
	N         int
}

// PatientCount is a patient and the number of resources of their own.
type PatientCount struct {
	PatientInfo
	Resources int
}

// Summarize counts the resources of set.
func Summarize(set *Set) Summary {
	s := Summary{Total: len(set.Resources)}
	types, profiles := counter{}, counter{}
	own := map[string]int{}
	for _, r := range set.Resources {
		types.add(r.Type(), r.Type())
		ps := r.Profiles()
		if len(ps) == 0 {
			profiles.add("", "")
		}
		for _, p := range ps {
			profiles.add(p, ProfileName(p))
		}
		for _, id := range PatientRefs(r) {
			own[id]++
		}
	}
	s.Types, s.Profiles = types.list(), profiles.list()
	for _, p := range set.patients {
		s.Patients = append(s.Patients, PatientCount{PatientInfo: p, Resources: own[p.ID]})
	}
	return s
}

// ProfileName is the readable part of a profile URL, e.g. "zib-Problem".
func ProfileName(url string) string {
	url = strings.TrimSuffix(url, "/")
	if i := strings.LastIndexByte(url, '/'); i >= 0 {
		url = url[i+1:]
	}
	url, _, _ = strings.Cut(url, "|")
	return url
}

type counter struct {
	order []string
	n     map[string]*Count
}

func (c *counter) add(key, name string) {
	if c.n == nil {
		c.n = map[string]*Count{}
	}
	if x, ok := c.n[key]; ok {
		x.N++
		return
	}
	c.n[key] = &Count{Key: key, Name: name, N: 1}
	c.order = append(c.order, key)
}

func (c *counter) list() []Count {
	out := make([]Count, 0, len(c.order))
	for _, k := range c.order {
		out = append(out, *c.n[k])
	}
	return out
}

// Filter selects resources of set: of type typ, with profile, belonging to
// patient (its own or, with shared, the shared ones too). Empty criteria match all.
func Filter(set *Set, typ, profile, patient string) []*fhir.Resource {
	var out []*fhir.Resource
	for _, r := range set.Resources {
		if typ != "" && r.Type() != typ {
			continue
		}
		if profile != "" && !hasProfile(r, profile) {
			continue
		}
		if patient != "" && !belongsTo(r, patient) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func hasProfile(r *fhir.Resource, p string) bool {
	ps := r.Profiles()
	if p == "-" {
		return len(ps) == 0
	}
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

func belongsTo(r *fhir.Resource, patient string) bool {
	for _, id := range PatientRefs(r) {
		if id == patient {
			return true
		}
	}
	return false
}

// Find returns the resource Type/id of set, or nil.
func (s *Set) Find(typ, id string) *fhir.Resource {
	for _, r := range s.Resources {
		if r.Type() == typ && r.ID() == id {
			return r
		}
	}
	return nil
}

// Label is a short human description of a resource for lists: its code,
// name or type-specific text, else its status.
func Label(r *fhir.Resource) string {
	for _, p := range []string{"code.text", "code.coding.display", "vaccineCode.coding.display", "name.text", "name.family",
		"name", "category.coding.display", "type.coding.display", "description", "status"} {
		if s := r.String(p); s != "" {
			if rs := []rune(s); len(rs) > 120 {
				s = string(rs[:120]) + "…"
			}
			return s
		}
	}
	return ""
}
