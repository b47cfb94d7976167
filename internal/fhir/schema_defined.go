package fhir

// LookupDefinedElement returns the element of type typ whose defined name
// is name, e.g. "value[x]" for a choice element or "status" (LookupElement
// looks up the names that appear in instances, such as valueQuantity). It
// is meant for tools that check paths written against the definitions,
// such as a FHIRPath compiler in strict mode; it scans the type's elements.
func LookupDefinedElement(v Version, typ, name string) (ElementInfo, bool) {
	t := schemaFor(v).types[typ]
	if t == nil {
		return ElementInfo{}, false
	}
	for _, e := range t.byName {
		if e.Name == name {
			info := *e
			if info.Choice {
				info.Type = ""
			}
			return info, true
		}
	}
	return ElementInfo{}, false
}
