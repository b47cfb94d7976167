package validate

import (
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// sliceOf returns the index of the slice that c belongs to, or -1. The
// discriminators of the sliced element e decide; without discriminators
// (or with ones this package cannot evaluate) c belongs to no slice.
func (w *walker) sliceOf(c *fhir.Node, e *fhir.Node, slices []*fhir.Node, d *defs) int {
	if strings.HasSuffix(val(e, "path"), "[x]") {
		// type slices of a choice element are named after the concrete
		// element (value[x]:valueQuantity)
		for i, s := range slices {
			if val(s, "sliceName") == c.Name {
				return i
			}
		}
	}
	discs := e.Get("slicing.discriminator")
	if len(discs) == 0 {
		if c.Name == "extension" || c.Name == "modifierExtension" {
			discs = []*fhir.Node{fhir.NewElement("discriminator", fhir.NewString("type", "value"), fhir.NewString("path", "url"))}
		} else {
			return -1
		}
	}
	for i, s := range slices {
		ok := true
		for _, disc := range discs {
			if !w.discriminates(c, s, val(disc, "type"), val(disc, "path"), d) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

func (w *walker) discriminates(c, slice *fhir.Node, typ, path string, d *defs) bool {
	sid := idOf(slice)
	path = strings.TrimPrefix(path, "$this")
	path = strings.TrimPrefix(path, ".")
	var target *fhir.Node // the slice's definition at path
	if path == "" {
		target = slice
	} else {
		target = d.byID[sid+"."+path]
	}
	insts := []*fhir.Node{c}
	if path != "" {
		insts = c.Get(path)
	}
	switch typ {
	case "value", "pattern":
		if path == "url" && (c.Name == "extension" || c.Name == "modifierExtension") {
			for _, t := range slice.ChildrenNamed("type") {
				for _, p := range t.Strings("profile") {
					if p == val(c, "url") {
						return true
					}
				}
			}
		}
		if target == nil {
			return false
		}
		want := fixedOrPattern(target)
		if want == nil {
			// a required binding discriminates by membership
			b := target.Child("binding")
			if b == nil || val(b, "strength") != "required" {
				return false
			}
			vs := val(b, "valueSet") + val(b, "valueSetUri") + b.String("valueSetReference.reference")
			ex := w.v.expand(vs)
			if ex == nil {
				return false
			}
			for _, n := range insts {
				for _, c := range codingsOf(n) {
					if ex.contains(c) {
						return true
					}
				}
			}
			return false
		}
		for _, n := range insts {
			if matchesPattern(n, want) {
				return true
			}
		}
		return false
	case "exists":
		if target == nil {
			return false
		}
		return (len(insts) > 0) == (val(target, "min") != "0")
	case "profile":
		if target == nil {
			return false
		}
		for _, t := range target.ChildrenNamed("type") {
			for _, p := range t.Strings("profile") {
				for _, n := range insts {
					if w.conforms(n, p) {
						return true
					}
				}
			}
		}
		return false
	case "type":
		if target == nil {
			return false
		}
		for _, n := range insts {
			got := n.Resource
			if got == "" {
				if tt := typeOf(n, target); tt != nil {
					return true
				}
				continue
			}
			for _, t := range target.ChildrenNamed("type") {
				if typeCode(t) == got {
					return true
				}
			}
		}
	}
	return false
}

// fixedOrPattern returns the fixed[x] or pattern[x] child of an element
// definition.
func fixedOrPattern(e *fhir.Node) *fhir.Node {
	for _, c := range e.Children {
		if isFamily(c.Name, "fixed") || isFamily(c.Name, "pattern") {
			return c
		}
	}
	return nil
}

func isFamily(name, stem string) bool {
	return strings.HasPrefix(name, stem) && len(name) > len(stem) && name[len(stem)] >= 'A' && name[len(stem)] <= 'Z'
}

// matchesPattern reports whether n has every value and child of pattern p.
func matchesPattern(n, p *fhir.Node) bool {
	if p.Kind.HasValue() && n.Value != p.Value {
		return false
	}
	for _, pc := range p.Children {
		found := false
		for _, nc := range n.ChildrenNamed(pc.Name) {
			if matchesPattern(nc, pc) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// equalsFixed reports whether n is exactly fixed value f (names of the
// roots aside).
func equalsFixed(n, f *fhir.Node) bool {
	if n.Value != f.Value || len(n.Children) != len(f.Children) {
		return false
	}
	for i, c := range f.Children {
		if n.Children[i].Name != c.Name || !equalsFixed(n.Children[i], c) {
			return false
		}
	}
	return true
}

// conforms reports whether n validates against profile url without errors.
func (w *walker) conforms(n *fhir.Node, url string) bool {
	d := w.v.load(url)
	if d.err != nil || len(d.elems) == 0 {
		return false
	}
	sub := &walker{v: w.v, ctx: w.ctx, version: w.version, done: map[doneKey]bool{}, res: w.res, resLoc: w.resLoc, root: w.root, bundle: w.bundle, arrays: w.arrays}
	if n.IsResource() {
		sub.resource(n, "", []string{url}, true)
	} else {
		sub.element(n, d, idOf(d.elems[0]), "")
	}
	for _, i := range sub.issues {
		if i.Severity >= Error {
			return false
		}
	}
	return true
}
