package main

import (
	"fmt"
	"sort"
	"strings"
)

// Kind letters used in the generated table (see ../../schema.go).
const (
	kindResource  = 'r' // concrete resource type
	kindAbstract  = 'a' // abstract base (Resource, DomainResource)
	kindComplex   = 'c' // complex datatype or backbone element
	kindString    = 's' // primitive with a JSON string value
	kindNumber    = 'n' // primitive with a JSON number value
	kindBool      = 'b' // primitive with a JSON boolean value
	kindXHTML     = 'x' // the narrative xhtml type
	resourceAlias = "Resource"
)

// elemDef is one element of a type, in definition order. A choice element
// has a name ending in "[x]" and several types.
type elemDef struct {
	Name  string
	Types []string
	Many  bool
}

// typeDef is a datatype, resource or backbone element.
type typeDef struct {
	Name  string
	Kind  byte
	Elems []elemDef
}

// table collects the type definitions of one FHIR version.
type table struct {
	types map[string]*typeDef
}

func newTable() *table { return &table{types: map[string]*typeDef{}} }

func (t *table) add(d *typeDef) error {
	if _, dup := t.types[d.Name]; dup {
		return fmt.Errorf("duplicate type %s", d.Name)
	}
	t.types[d.Name] = d
	return nil
}

// primitiveKind maps a FHIR primitive type name to its JSON representation.
func primitiveKind(name string) byte {
	switch name {
	case "boolean":
		return kindBool
	case "decimal", "integer", "positiveInt", "unsignedInt", "integer64":
		return kindNumber
	case "xhtml":
		return kindXHTML
	}
	return kindString
}

// check verifies that every referenced type is defined.
func (t *table) check() error {
	for _, d := range t.types {
		for _, e := range d.Elems {
			for _, ty := range e.Types {
				if _, ok := t.types[ty]; !ok {
					return fmt.Errorf("%s.%s: undefined type %q", d.Name, e.Name, ty)
				}
			}
		}
	}
	return nil
}

// emit renders the table as lines "Name kind elem elem...", sorted by name,
// where elem is "name:Type1|Type2" with a trailing "*" when it repeats.
func (t *table) emit() string {
	names := make([]string, 0, len(t.types))
	for n := range t.types {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		d := t.types[n]
		b.WriteString(d.Name)
		b.WriteByte(' ')
		b.WriteByte(d.Kind)
		for _, e := range d.Elems {
			b.WriteByte(' ')
			b.WriteString(e.Name)
			b.WriteByte(':')
			b.WriteString(strings.Join(e.Types, "|"))
			if e.Many {
				b.WriteByte('*')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
