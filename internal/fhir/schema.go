package fhir

import (
	"strings"
	"sync"
)

// ElementInfo describes one element of a FHIR type, as looked up by the
// name that appears in instances (for choice elements, e.g. valueQuantity).
type ElementInfo struct {
	Name   string   // the name as defined, e.g. "value[x]" or "status"
	Type   string   // the type of this concrete name, e.g. "Quantity"
	Types  []string // all allowed types (several for a choice element)
	Many   bool     // true when the element repeats (max > 1)
	Order  int      // position in the definition order of its parent type
	Choice bool     // true for a choice element
}

// typeInfo is one row of a generated type table.
type typeInfo struct {
	name   string
	kind   byte // see internal/gen: r a c s n b x
	byName map[string]*ElementInfo
}

func (t *typeInfo) primitive() bool { return t.kind != 'r' && t.kind != 'a' && t.kind != 'c' }

// schema is the parsed type table of one FHIR version.
type schema struct {
	types     map[string]*typeInfo
	resources map[string]bool
}

var (
	stu3Schema = sync.OnceValue(func() *schema { return parseTypeTable(stu3Types) })
	r4Schema   = sync.OnceValue(func() *schema { return parseTypeTable(r4Types) })
)

// schemaFor returns the tables of v; R4 for Unknown.
func schemaFor(v Version) *schema {
	if v == STU3 {
		return stu3Schema()
	}
	return r4Schema()
}

// parseTypeTable reads the generated format: one type per line,
// "Name kind elem elem ...", each elem "name:Type1|Type2" with a trailing
// "*" when it repeats; a name ending in "[x]" is a choice, which is expanded
// here into its concrete names (valueQuantity, valueString, ...).
func parseTypeTable(src string) *schema {
	s := &schema{types: map[string]*typeInfo{}, resources: map[string]bool{}}
	for line := range strings.SplitSeq(src, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		t := &typeInfo{name: f[0], kind: f[1][0], byName: make(map[string]*ElementInfo, len(f)-2)}
		s.types[t.name] = t
		if t.kind == 'r' {
			s.resources[t.name] = true
		}
		for i, e := range f[2:] {
			name, types, _ := strings.Cut(e, ":")
			types, many := strings.CutSuffix(types, "*")
			info := &ElementInfo{Name: name, Types: strings.Split(types, "|"), Many: many, Order: i}
			base, choice := strings.CutSuffix(name, "[x]")
			if !choice {
				info.Type = info.Types[0]
				t.byName[name] = info
				continue
			}
			for _, ty := range info.Types {
				c := *info
				c.Type, c.Choice = ty, true
				t.byName[base+strings.ToUpper(ty[:1])+ty[1:]] = &c
			}
		}
	}
	return s
}

// lookup returns the element name of typ, or nil.
func (s *schema) lookup(typ, name string) *ElementInfo {
	if t := s.types[typ]; t != nil {
		return t.byName[name]
	}
	return nil
}

// LookupElement returns the definition of element name of type typ (a
// datatype, resource or backbone path such as "Observation.component") in
// FHIR version v (R4 when v is Unknown).
func LookupElement(v Version, typ, name string) (ElementInfo, bool) {
	if e := schemaFor(v).lookup(typ, name); e != nil {
		return *e, true
	}
	return ElementInfo{}, false
}

// IsResourceType reports whether name is a resource type of FHIR version v;
// for Unknown, of STU3 or R4.
func IsResourceType(v Version, name string) bool {
	switch v {
	case STU3, R4:
		return schemaFor(v).resources[name]
	}
	return stu3Schema().resources[name] || r4Schema().resources[name]
}

// internNames holds every element and type name of both versions, so that
// parsers can reuse one string per name instead of allocating.
var internNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, s := range []*schema{stu3Schema(), r4Schema()} {
		for tn, t := range s.types {
			m[tn] = tn
			for n := range t.byName {
				m[n] = n
			}
		}
	}
	for _, n := range []string{"div", "resourceType", "value", "url", "id"} {
		m[n] = n
	}
	return m
})

// intern returns b as a string, shared when it is a known name.
func intern(tab map[string]string, b []byte) string {
	if s, ok := tab[string(b)]; ok {
		return s
	}
	return string(b)
}
