package dossier

import "github.com/ketentest/ketentest/internal/fhir"

// With returns a new Dossier holding d's resources plus extra (appended in
// order; one with the "Type/id" of an existing resource replaces it in the
// index). d itself is not changed, so a new *Dossier is a new version for
// the caches keyed by it.
func (d *Dossier) With(extra ...*fhir.Resource) *Dossier {
	n := &Dossier{Patient: d.Patient, FHIRVersion: d.FHIRVersion,
		byType: make(map[string][]*fhir.Resource, len(d.byType)+1), byRef: make(map[string]*fhir.Resource, len(d.byRef)+len(extra))}
	for t, rs := range d.byType {
		n.byType[t] = rs[:len(rs):len(rs)] // appends below copy
	}
	for k, r := range d.byRef {
		n.byRef[k] = r
	}
	for _, r := range extra {
		ref := r.Type() + "/" + r.ID()
		if old := n.byRef[ref]; old != nil {
			rs := n.byType[r.Type()]
			for i, x := range rs {
				if x == old {
					rs = append(rs[:i:i], rs[i+1:]...)
					break
				}
			}
			n.byType[r.Type()] = rs
		}
		n.byType[r.Type()] = append(n.byType[r.Type()], r)
		n.byRef[ref] = r
	}
	return n
}
