package fhirpath

import (
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// typeSpec is a type named in an expression: is / as / ofType.
type typeSpec struct {
	ns   string // "FHIR", "System" or "" (resolved at evaluation)
	name string
}

func newTypeSpec(parts []string) typeSpec {
	if len(parts) == 2 {
		return typeSpec{ns: parts[0], name: parts[1]}
	}
	return typeSpec{name: parts[0]}
}

func (t typeSpec) String() string {
	if t.ns != "" {
		return t.ns + "." + t.name
	}
	return t.name
}

var systemTypeNames = map[string]Kind{
	"Boolean": KindBoolean, "Integer": KindInteger, "Long": KindInteger, "Decimal": KindDecimal,
	"String": KindString, "Date": KindDate, "DateTime": KindDateTime, "Time": KindTime,
	"Quantity": KindQuantity,
}

func systemTypeName(it Item) string {
	switch it.kind {
	case KindBoolean:
		return "Boolean"
	case KindInteger:
		if it.long {
			return "Long"
		}
		return "Integer"
	case KindDecimal:
		return "Decimal"
	case KindString:
		return "String"
	case KindDate:
		return "Date"
	case KindDateTime:
		return "DateTime"
	case KindTime:
		return "Time"
	case KindQuantity:
		return "Quantity"
	}
	return ""
}

// knownFHIRType reports whether name is a FHIR type of version v.
func knownFHIRType(v fhir.Version, name string) bool {
	switch name {
	case "Element", "BackboneElement", "Resource", "DomainResource", "xhtml":
		return true
	}
	if fhir.IsResourceType(v, name) {
		return true
	}
	_, ok := fhir.LookupElement(v, name, "extension")
	return ok
}

// fhirBaseType returns the base type of a FHIR type, "" at the top.
func fhirBaseType(v fhir.Version, name string) string {
	switch name {
	case "code", "id", "markdown":
		return "string"
	case "url", "canonical", "oid", "uuid":
		return "uri"
	case "positiveInt", "unsignedInt":
		return "integer"
	case "Age", "Distance", "Duration", "Count", "SimpleQuantity", "MoneyQuantity":
		return "Quantity"
	case "Money":
		if v == fhir.STU3 {
			return "Quantity"
		}
		return "Element"
	case "Resource", "Element":
		return ""
	case "DomainResource":
		return "Resource"
	case "BackboneElement":
		return "Element"
	case "Bundle", "Binary", "Parameters":
		return "Resource"
	}
	if strings.Contains(name, ".") {
		return "BackboneElement"
	}
	if fhir.IsResourceType(v, name) {
		if _, ok := fhir.LookupElement(v, name, "text"); ok {
			return "DomainResource"
		}
		return "Resource"
	}
	return "Element"
}

// resolveType decides whether a type spec names a System or a FHIR type;
// ok is false for an unknown type.
func (ec *evalCtx) resolveType(ts typeSpec) (ns, name string, ok bool) {
	switch ts.ns {
	case "System":
		// an unknown System type matches nothing (System.Patient)
		return "System", ts.name, true
	case "FHIR":
		if knownFHIRType(ec.version, ts.name) {
			return "FHIR", ts.name, true
		}
		if name, ok := lenientComplexType(ec.version, ts.name); ok {
			return "FHIR", name, true
		}
	case "":
		if knownFHIRType(ec.version, ts.name) {
			return "FHIR", ts.name, true
		}
		if _, ok := systemTypeNames[ts.name]; ok {
			return "System", ts.name, true
		}
		if name, ok := lenientComplexType(ec.version, ts.name); ok {
			return "FHIR", name, true
		}
	}
	return "", "", false
}

// lenientComplexType resolves a type name that is not a FHIR type as
// written but names a FHIR complex datatype once its first letter is
// upper case (coding -> Coding), as Touchstone and HAPI do; the Nictiz
// qualification scripts rely on it (where($this.is(coding))). Resource
// types and primitive types are not folded, and a name that is already a
// known type never reaches here, so strict FHIRPath results are unchanged
// for every expression that was valid before.
func lenientComplexType(v fhir.Version, name string) (string, bool) {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return "", false
	}
	up := string(name[0]-'a'+'A') + name[1:]
	switch up {
	case "Element", "BackboneElement", "Resource", "DomainResource":
		return "", false
	}
	if fhir.IsResourceType(v, up) || !knownFHIRType(v, up) {
		return "", false
	}
	return up, true
}

// isOfType reports whether it is of type ts; exact disables inheritance
// (as / ofType match the type itself only).
func (ec *evalCtx) isOfType(it Item, ts typeSpec, exact bool) (bool, error) {
	ns, name, ok := ec.resolveType(ts)
	if !ok {
		return false, evalErrorf("unknown type %s", ts)
	}
	if it.kind != KindNode {
		if ns != "System" && !(ts.ns == "" && name == "Quantity") {
			return false, nil
		}
		return systemTypeName(it) == name || name == "Integer" && it.kind == KindInteger, nil
	}
	if ns != "FHIR" {
		return false, nil
	}
	t := it.s
	if t == "" {
		return false, nil
	}
	if exact {
		return t == name, nil
	}
	for i := 0; t != "" && i < 10; i++ {
		if t == name {
			return true, nil
		}
		t = fhirBaseType(ec.version, t)
	}
	return false, nil
}

// typeInfo returns the type() of an item.
func typeInfoOf(it Item) Item {
	if it.kind == KindNode {
		name := it.s
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = "BackboneElement"
		}
		return Item{kind: KindTypeInfo, s: "FHIR." + name}
	}
	return Item{kind: KindTypeInfo, s: "System." + systemTypeName(it)}
}
