package fhirsearch

import (
	"slices"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Elements returns r reduced to the top-level elements named (the
// _elements parameter), plus id and meta as the spec requires, with the
// SUBSETTED tag in meta. The children are shared with r, not copied.
func Elements(r *fhir.Resource, names []string) *fhir.Resource {
	if len(names) == 0 {
		return r
	}
	root := *r.Root
	root.Children = nil
	var meta *fhir.Node
	for _, c := range r.Root.Children {
		switch {
		case c.Name == "meta":
			m := *c
			m.Children = slices.Clone(c.Children)
			meta = &m
			root.Children = append(root.Children, meta)
		case c.Name == "id" || c.Name == "resourceType" || slices.Contains(names, c.Name):
			root.Children = append(root.Children, c)
		}
	}
	tag := fhir.NewElement("tag",
		fhir.NewString("system", "http://hl7.org/fhir/v3/ObservationValue"),
		fhir.NewString("code", "SUBSETTED"),
		fhir.NewString("display", "subsetted")).InArray()
	if r.Version == fhir.R4 {
		tag.Children[0].Value = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
	}
	if meta == nil {
		meta = fhir.NewElement("meta")
		// meta follows id (and implicitRules/language) in document order
		at := 0
		for i, c := range root.Children {
			if c.Name == "id" {
				at = i + 1
			}
		}
		root.Children = slices.Insert(root.Children, at, meta)
	}
	at := len(meta.Children)
	for i, c := range meta.Children {
		if c.Name == "security" || c.Name == "tag" {
			at = i + 1
		}
	}
	meta.Children = slices.Insert(meta.Children, at, tag)
	return &fhir.Resource{Root: &root, Version: r.Version}
}
