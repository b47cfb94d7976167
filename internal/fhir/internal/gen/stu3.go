package main

import (
	"fmt"
	"strings"
)

// addXSDResources adds the STU3 resources (and their backbone elements)
// described by the official XSDs; datatypes must already be in t.
func addXSDResources(t *table, s *xsdSchema) error {
	c := &xsdConv{t: t, s: s, renamed: map[string]string{}}
	for _, base := range []string{"Resource", "DomainResource"} {
		if err := c.define(base, base, kindAbstract); err != nil {
			return err
		}
	}
	for _, r := range s.resources {
		if !c.isResource(r) || t.types[r] != nil {
			continue
		}
		if err := c.define(r, r, kindResource); err != nil {
			return err
		}
	}
	return nil
}

type xsdConv struct {
	t       *table
	s       *xsdSchema
	renamed map[string]string // XSD backbone type -> path-style name
}

func (c *xsdConv) isResource(name string) bool {
	for x := c.s.types[name]; x != nil; x = c.s.types[x.base] {
		if x.name == "Resource" {
			return true
		}
	}
	return false
}

// define adds the XSD complex type xsdName to the table as name.
func (c *xsdConv) define(xsdName, name string, kind byte) error {
	x := c.s.types[xsdName]
	if x == nil {
		return fmt.Errorf("xsd type %s not found", xsdName)
	}
	var chain []*xsdType
	for ; x != nil; x = c.s.types[x.base] {
		chain = append([]*xsdType{x}, chain...)
	}
	d := &typeDef{Name: name, Kind: kind}
	if err := c.t.add(d); err != nil {
		return err
	}
	for _, x := range chain {
		for _, e := range x.elems {
			e2 := elemDef{Name: e.Name, Many: e.Many}
			for _, ty := range e.Types {
				r, err := c.resolve(ty, name+"."+strings.TrimSuffix(e.Name, "[x]"))
				if err != nil {
					return fmt.Errorf("%s.%s: %w", name, e.Name, err)
				}
				e2.Types = append(e2.Types, r)
			}
			d.Elems = append(d.Elems, e2)
		}
	}
	return nil
}

// resolve maps an XSD type reference to a table type name; path names a
// backbone element that is seen for the first time.
func (c *xsdConv) resolve(ty, path string) (string, error) {
	switch {
	case ty == "ResourceContainer":
		return resourceAlias, nil
	case c.t.types[ty] != nil:
		return ty, nil
	case c.renamed[ty] != "":
		return c.renamed[ty], nil
	}
	x := c.s.types[ty]
	if x == nil {
		return "", fmt.Errorf("unknown type %s", ty)
	}
	if x.valueType != "" { // an enumerated code or another primitive
		v := x.valueType
		for !strings.HasSuffix(v, "-primitive") {
			b, ok := c.s.simple[v]
			if !ok {
				return "", fmt.Errorf("cannot resolve simple type %s", v)
			}
			v = b
		}
		return strings.TrimSuffix(v, "-primitive"), nil
	}
	if !strings.Contains(ty, ".") {
		return "", fmt.Errorf("type %s is neither datatype nor backbone", ty)
	}
	c.renamed[ty] = path
	return path, c.define(ty, path, kindComplex)
}
