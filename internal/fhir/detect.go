package fhir

import (
	"strings"
	"sync"
)

// detectVersion guesses the FHIR version of a parsed resource, trying in
// turn:
//  1. the resource type, when only one version defines it;
//  2. which version's definitions know more of its elements (and, for
//     JSON, agree more on which are arrays);
//  3. Nictiz profile and extension URLs (meta.profile, extension.url)
//     that belong to only zib2017 (STU3) or zib2020 (R4);
//  4. a fhirVersion element (CapabilityStatement, StructureDefinition...);
//  5. code system URLs: http://hl7.org/fhir/v2/..., /v3/... are STU3,
//     http://terminology.hl7.org/... R4.
//
// It returns Unknown when nothing tells the versions apart.
func detectVersion(root *Node, fromJSON bool) Version {
	s3, s4 := stu3Schema(), r4Schema()
	in3, in4 := s3.resources[root.Resource], s4.resources[root.Resource]
	switch {
	case in3 && !in4:
		return STU3
	case in4 && !in3:
		return R4
	}
	// Fewer mismatches with a version's definitions count for that version.
	if v := pick(mismatches(s4, root, root.Resource, fromJSON), mismatches(s3, root, root.Resource, fromJSON)); v != Unknown {
		return v
	}
	var h hints
	h.scan(root, onlyProfiles())
	if v := pick(h.profiles3, h.profiles4); v != Unknown {
		return v
	}
	if v := ParseVersion(root.String("fhirVersion")); v != Unknown {
		return v
	}
	return pick(h.systems3, h.systems4)
}

// pick returns STU3 when score3 is higher, R4 when score4 is.
func pick(score3, score4 int) Version {
	switch {
	case score3 > score4:
		return STU3
	case score4 > score3:
		return R4
	}
	return Unknown
}

// mismatches counts the nodes below n that the definitions s do not know,
// or (for JSON) whose array-ness disagrees with them.
func mismatches(s *schema, n *Node, typ string, fromJSON bool) int {
	t := s.types[typ]
	count := 0
	for _, c := range n.Children {
		if c.Resource != "" {
			if !s.resources[c.Resource] {
				count++
				continue
			}
			count += mismatches(s, c, c.Resource, fromJSON)
			continue
		}
		var e *ElementInfo
		if t != nil {
			e = t.byName[c.Name]
		}
		if e == nil {
			count++
			continue
		}
		if fromJSON && c.Array != e.Many {
			count++
		}
		if len(c.Children) > 0 {
			count += mismatches(s, c, e.Type, fromJSON)
		}
	}
	return count
}

// versionURLs maps version-specific Nictiz URLs to their version.
type versionURLs map[string]Version

var onlyProfiles = sync.OnceValue(func() versionURLs {
	m := versionURLs{}
	for _, u := range strings.Fields(stu3OnlyProfiles) {
		m[u] = STU3
	}
	for _, u := range strings.Fields(r4OnlyProfiles) {
		m[u] = R4
	}
	return m
})

// hints counts version-specific URLs in a resource.
type hints struct {
	profiles3, profiles4 int
	systems3, systems4   int
}

func (h *hints) scan(n *Node, urls versionURLs) {
	for _, c := range n.Children {
		if c.Kind == KindString {
			switch c.Name {
			case "profile", "url":
				switch urls[c.Value] {
				case STU3:
					h.profiles3++
				case R4:
					h.profiles4++
				}
			case "system":
				switch {
				case strings.HasPrefix(c.Value, "http://hl7.org/fhir/v2/"), strings.HasPrefix(c.Value, "http://hl7.org/fhir/v3/"):
					h.systems3++
				case strings.HasPrefix(c.Value, "http://terminology.hl7.org/"):
					h.systems4++
				}
			}
		}
		if len(c.Children) > 0 {
			h.scan(c, urls)
		}
	}
}
