package fhirpath

import (
	"slices"

	"github.com/ketentest/ketentest/internal/fhir"
)

// checker is the strict-mode semantic check: it infers the FHIR types a
// path step can have, starting from the context type, and reports an
// element that none of them defines. A nil type set means "unknown" and
// stops checking along that path.
type checker struct {
	src string
	v   fhir.Version
}

type typeSet []string

// unordered marks the result of children() and descendants(), whose order
// is not defined: functions that depend on order are an error on it.
const unordered = "?unordered"

var orderedFuncs = map[string]bool{"first": true, "last": true, "tail": true, "skip": true, "take": true}

func isUnordered(t typeSet) bool { return len(t) == 1 && t[0] == unordered }

// abstractTypes may stand for a more specific type at run time; a member
// they do not define is not an error.
var abstractTypes = map[string]bool{"Resource": true, "DomainResource": true, "Element": true, "BackboneElement": true}

// lambdaFuncs evaluate their arguments per input item.
var lambdaFuncs = map[string]bool{
	"where": true, "select": true, "all": true, "exists": true, "repeat": true, "repeatAll": true,
	"sort": true, "aggregate": true,
}

// sameTypeFuncs return (a subset of) their input.
var sameTypeFuncs = map[string]bool{
	"where": true, "first": true, "last": true, "tail": true, "skip": true, "take": true, "single": true,
	"distinct": true, "exclude": true, "intersect": true, "trace": true, "sort": true, "defineVariable": true,
}

func systemType(k Kind) typeSet { return typeSet{"System." + systemTypeName(Item{kind: k})} }

func (c *checker) check(n *ast, in, this typeSet) (typeSet, error) {
	switch n.op {
	case opLiteral:
		return systemType(n.lit.kind), nil
	case opMember:
		return c.member(n, in)
	case opThis:
		return this, nil
	case opIndex, opTotal, opConst, opEmptyLit:
		return nil, nil
	case opInvoke:
		l, err := c.check(n.left, in, this)
		if err != nil {
			return nil, err
		}
		return c.check(n.right, l, this)
	case opIndexer:
		l, err := c.check(n.left, in, this)
		if err != nil {
			return nil, err
		}
		if isUnordered(l) {
			return nil, newSyntaxError(c.src, n.pos, "an indexer needs an ordered collection; children() and descendants() are unordered")
		}
		_, err = c.check(n.right, this, this)
		return l, err
	case opNegate:
		return c.check(n.left, in, this)
	case opIs:
		_, err := c.check(n.left, in, this)
		return systemType(KindBoolean), err
	case opAs:
		if _, err := c.check(n.left, in, this); err != nil {
			return nil, err
		}
		return c.namedType(n.tspec), nil
	case opBinary:
		l, err := c.check(n.left, in, this)
		if err != nil {
			return nil, err
		}
		r, err := c.check(n.right, in, this)
		if err != nil {
			return nil, err
		}
		switch n.name {
		case "|":
			if l == nil || r == nil {
				return nil, nil
			}
			return union2(l, r), nil
		case "and", "or", "xor", "implies", "=", "!=", "~", "!~", "<", ">", "<=", ">=", "in", "contains":
			return systemType(KindBoolean), nil
		}
		return nil, nil
	case opFunc:
		return c.function(n, in, this)
	}
	return nil, nil
}

func union2(a, b typeSet) typeSet {
	out := slices.Clone(a)
	for _, t := range b {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (c *checker) namedType(ts typeSpec) typeSet {
	if ts.ns != "System" && knownFHIRType(c.v, ts.name) {
		return typeSet{ts.name}
	}
	if name, ok := lenientComplexType(c.v, ts.name); ok && ts.ns != "System" {
		return typeSet{name}
	}
	return nil
}

func (c *checker) function(n *ast, in, this typeSet) (typeSet, error) {
	if isUnordered(in) && orderedFuncs[n.name] {
		return nil, newSyntaxError(c.src, n.pos, "%s() needs an ordered collection; children() and descendants() are unordered", n.name)
	}
	if n.name == "children" || n.name == "descendants" {
		return typeSet{unordered}, nil
	}
	for i, a := range n.args {
		if n.fn.typeArg && i == 0 {
			continue
		}
		scope := this
		if lambdaFuncs[n.name] || n.name == "iif" && !n.first {
			scope = in
		}
		t, err := c.check(a, scope, scope)
		if err != nil {
			return nil, err
		}
		if n.name == "iif" && i == 0 && len(t) == 1 && t[0] != "System.Boolean" && t[0] != "boolean" {
			return nil, newSyntaxError(c.src, a.pos, "iif() criterion must be a boolean, not %s", t[0])
		}
		if n.name == "select" {
			return t, nil
		}
	}
	switch {
	case sameTypeFuncs[n.name]:
		return in, nil
	case n.name == "ofType" || n.name == "as":
		return c.namedType(n.tspec), nil
	case n.name == "extension":
		return typeSet{"Extension"}, nil
	case n.name == "is" || n.name == "exists" || n.name == "empty" || n.name == "not" || n.name == "all":
		return systemType(KindBoolean), nil
	case n.name == "count" || n.name == "length":
		return systemType(KindInteger), nil
	}
	return nil, nil
}

func (c *checker) member(n *ast, in typeSet) (typeSet, error) {
	if in == nil || isUnordered(in) {
		return nil, nil
	}
	var out typeSet
	for _, t := range in {
		if n.first && t == n.name {
			out = append(out, t)
			continue
		}
		if e, ok := fhir.LookupDefinedElement(c.v, t, n.name); ok {
			if e.Choice {
				out = union2(out, e.Types)
			} else {
				out = union2(out, typeSet{e.Type})
			}
			continue
		}
		if e, ok := fhir.LookupDefinedElement(c.v, t, n.name+"[x]"); ok {
			out = union2(out, e.Types)
			continue
		}
		if n.name == "id" && !fhir.IsResourceType(c.v, t) {
			out = union2(out, typeSet{"string"}) // Element.id, an attribute in XML
			continue
		}
		if abstractTypes[t] || !knownFHIRType(c.v, t) && !isBackbone(t) {
			return nil, nil // cannot tell
		}
	}
	if len(out) == 0 {
		return nil, newSyntaxError(c.src, n.pos, "'%s' is not an element of %s", n.name, joinTypes(in))
	}
	return out, nil
}

func isBackbone(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] == '.' {
			return true
		}
	}
	return false
}

func joinTypes(ts typeSet) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += " or "
		}
		s += t
	}
	return s
}
