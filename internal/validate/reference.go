package validate

import (
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// reference checks a Reference n against the allowed targets of type t:
// the type of what it points to (from the resolved Bundle entry or
// contained resource, or from a Type/id string), and, inside a Bundle,
// that it resolves.
func (w *walker) reference(n, t *fhir.Node, loc string) {
	ref := val(n, "reference")
	if ref == "" || strings.HasPrefix(ref, "urn:") && w.bundle == nil {
		return
	}
	var got string
	if strings.HasPrefix(ref, "#") {
		if w.root != nil && len(ref) > 1 {
			for _, c := range w.root.ChildrenNamed("contained") {
				if val(c, "id") == ref[1:] {
					got = c.Resource
				}
			}
			if got == "" {
				w.add(Error, "not-found", loc, MsgContainedMissing, ref)
				return
			}
		}
	} else if w.bundle != nil && isDocument(w.bundle) {
		found := resolveStrict(w.bundle, entryBase(w.bundle, w.root), ref)
		if len(found) == 0 {
			w.add(Error, "not-found", loc, MsgRefNotInDocument, ref, val(w.bundle, "type"))
			return
		}
		if res := w.bundle.ChildrenNamed("entry")[found[0]].Child("resource"); res != nil {
			got = res.Resource
		}
	} else if w.bundle != nil {
		target := resolveInBundle(w.bundle, ref)
		if target == nil {
			if other := wrongEntry(w.bundle, ref); other != "" {
				w.add(Error, "structure", loc, MsgRefWrongEntry, ref, other)
				return
			}
			w.add(Information, "not-found", loc, MsgRefUnresolved, ref)
		} else {
			got = target.Resource
		}
	}
	if got == "" {
		got = typeFromReference(w.version, ref)
	}
	if got == "" {
		return
	}
	var allowed []string
	for _, p := range append(t.Strings("targetProfile"), t.Strings("profile")...) {
		if typ := w.v.sdType(p); typ != "" {
			if typ == "Resource" || typ == got {
				return
			}
			allowed = append(allowed, typ)
		}
	}
	if len(allowed) > 0 {
		w.add(Error, "structure", loc, MsgRefType, ref, got, strings.Join(allowed, ", "))
	}
}

// sdType returns the type a StructureDefinition constrains.
func (v *Validator) sdType(url string) string {
	url, _, _ = strings.Cut(url, "|")
	if r := v.set.Lookup(url); r != nil && r.Type == "StructureDefinition" {
		return val(r.Parsed().Root, "type")
	}
	if rest, ok := strings.CutPrefix(url, coreSD); ok {
		return rest
	}
	return ""
}

// typeFromReference returns Type of a literal reference [base/]Type/id[/_history/v].
func typeFromReference(v fhir.Version, ref string) string {
	parts := strings.Split(ref, "/")
	if len(parts) >= 4 && parts[len(parts)-2] == "_history" {
		parts = parts[:len(parts)-2]
	}
	if len(parts) < 2 {
		return ""
	}
	typ := parts[len(parts)-2]
	if _, ok := fhir.LookupDefinedElement(v, typ, "id"); ok && typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		return typ
	}
	return ""
}

// resolveInBundle finds the entry a reference points to: by fullUrl, or by
// Type/id at the end of a fullUrl or of the resource's type and id.
func resolveInBundle(bundle *fhir.Node, ref string) *fhir.Node {
	for _, e := range bundle.ChildrenNamed("entry") {
		res := e.Child("resource")
		if res == nil {
			continue
		}
		full := val(e, "fullUrl")
		if full == ref || full != "" && strings.HasSuffix(full, "/"+ref) {
			return res
		}
		if res.Resource+"/"+val(res, "id") == ref {
			return res
		}
	}
	return nil
}

// referenceType merges the target profiles of every Reference type of e:
// STU3 lists one type entry per target (code Reference with one
// targetProfile each), so the type the walk picked names one target only.
func referenceType(e, t *fhir.Node) *fhir.Node {
	var refs []*fhir.Node
	for _, x := range e.ChildrenNamed("type") {
		if typeCode(x) == "Reference" {
			refs = append(refs, x)
		}
	}
	if len(refs) < 2 {
		return t
	}
	m := &fhir.Node{Name: "type"}
	for _, x := range refs {
		for _, c := range x.Children {
			if c.Name == "targetProfile" || c.Name == "profile" {
				m.Children = append(m.Children, c)
			}
		}
	}
	return m
}
