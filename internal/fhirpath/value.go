package fhirpath

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Kind says what an Item holds.
type Kind uint8

// Item kinds. A KindNode item is an element of a resource (complex or
// primitive); the others are FHIRPath System values.
const (
	KindNode     Kind = iota // a FHIR element or resource (Item.Node)
	KindBoolean              // System.Boolean
	KindInteger              // System.Integer (also System.Long)
	KindDecimal              // System.Decimal
	KindString               // System.String
	KindDate                 // System.Date
	KindDateTime             // System.DateTime
	KindTime                 // System.Time
	KindQuantity             // System.Quantity
	KindTypeInfo             // the result of type()
)

// Item is one value of a FHIRPath collection.
type Item struct {
	node *fhir.Node
	// s is the FHIR type of a node ("HumanName", "code", "Patient.contact"),
	// the value of a String, the unit of a Quantity, and "Namespace.Name"
	// for a TypeInfo.
	s     string
	num   int64 // Integer value; Boolean (0/1)
	dec   *big.Rat
	tm    *temporal
	scale int32 // digits after the decimal point of a Decimal / Quantity value
	kind  Kind
	long  bool
}

// Collection is an ordered FHIRPath collection.
type Collection []Item

// Kind returns what the item holds.
func (it Item) Kind() Kind { return it.kind }

// Node returns the FHIR element of a KindNode item, or nil.
func (it Item) Node() *fhir.Node { return it.node }

// FHIRType returns the FHIR type name of a KindNode item (e.g. "HumanName",
// "code", or a backbone path such as "Patient.contact"), "" when unknown.
func (it Item) FHIRType() string {
	if it.kind == KindNode {
		return it.s
	}
	return ""
}

// Bool returns the value of a Boolean item (or a FHIR boolean element).
func (it Item) Bool() (bool, bool) {
	v, ok := systemValue(it)
	if !ok || v.kind != KindBoolean {
		return false, false
	}
	return v.num != 0, true
}

// String returns the item as FHIRPath's toString() would, and for complex
// elements a short description.
func (it Item) String() string {
	if s, ok := toStringValue(it); ok {
		return s
	}
	if it.kind == KindNode {
		return it.s + "{" + it.node.Name + "}"
	}
	if it.kind == KindTypeInfo {
		return it.s
	}
	return fmt.Sprint(it.kind)
}

func boolItem(b bool) Item {
	if b {
		return Item{kind: KindBoolean, num: 1}
	}
	return Item{kind: KindBoolean}
}

func intItem(i int64) Item     { return Item{kind: KindInteger, num: i} }
func stringItem(s string) Item { return Item{kind: KindString, s: s} }

func decItem(r *big.Rat, scale int) Item {
	return Item{kind: KindDecimal, dec: r, scale: int32(scale)}
}

// decimalValue pairs a rational value with its written precision.
type decimalValue struct {
	r     *big.Rat
	scale int
}

func (it Item) decOf() decimalValue {
	if it.kind == KindInteger || it.kind == KindBoolean {
		return decimalValue{new(big.Rat).SetInt64(it.num), 0}
	}
	return decimalValue{it.dec, int(it.scale)}
}

func quantityItem(d decimalValue, unit string) Item {
	return Item{kind: KindQuantity, dec: d.r, scale: int32(d.scale), s: unit}
}

// numberLiteral parses an integer or decimal literal.
func numberLiteral(text string) (Item, error) {
	if !strings.Contains(text, ".") {
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return Item{}, fmt.Errorf("integer %s out of range", text)
		}
		return intItem(i), nil
	}
	return parseDecimal(text)
}

func parseDecimal(text string) (Item, error) {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return Item{}, fmt.Errorf("invalid decimal %q", text)
	}
	scale := 0
	if i := strings.IndexByte(text, '.'); i >= 0 {
		scale = len(text) - i - 1
		if j := strings.IndexAny(text, "eE"); j > i {
			scale = j - i - 1
		}
	}
	return decItem(r, scale), nil
}

// negateLiteral negates a number or quantity literal.
func negateLiteral(it Item) (Item, bool) {
	switch it.kind {
	case KindInteger:
		it.num = -it.num
		return it, true
	case KindDecimal, KindQuantity:
		it.dec = new(big.Rat).Neg(it.dec)
		return it, true
	}
	return it, false
}

// formatDecimal writes r with at least scale digits after the point (and
// no more than needed, up to 8 for inexact values).
func formatDecimal(r *big.Rat, scale int) string {
	if r.IsInt() && scale == 0 {
		return r.Num().String()
	}
	s := r.FloatString(max(scale, 8))
	if i := strings.IndexByte(s, '.'); i >= 0 {
		keep := i + 1 + scale
		j := len(s)
		for j > keep && s[j-1] == '0' {
			j--
		}
		s = s[:j]
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// fhirPrimitiveKind maps FHIR primitive type names to System kinds.
var fhirPrimitiveKind = map[string]Kind{
	"boolean": KindBoolean, "integer": KindInteger, "positiveInt": KindInteger, "unsignedInt": KindInteger,
	"integer64": KindInteger, "decimal": KindDecimal,
	"string": KindString, "code": KindString, "id": KindString, "uri": KindString, "url": KindString,
	"canonical": KindString, "oid": KindString, "uuid": KindString, "markdown": KindString,
	"base64Binary": KindString, "xhtml": KindString,
	"date": KindDate, "dateTime": KindDateTime, "instant": KindDateTime, "time": KindTime,
}

// quantityTypes are the FHIR types that are (or specialise) Quantity.
var quantityTypes = map[string]bool{
	"Quantity": true, "Age": true, "Distance": true, "Duration": true, "Count": true,
	"SimpleQuantity": true, "MoneyQuantity": true,
}

// systemValue converts a FHIR primitive node (or Quantity element) to the
// System value it carries; System values are returned as they are.
func systemValue(it Item) (Item, bool) {
	if it.kind != KindNode {
		return it, true
	}
	n := it.node
	if n.Kind == fhir.KindComplex {
		if quantityTypes[it.s] {
			return quantityOfNode(n)
		}
		return it, false
	}
	if !n.Kind.HasValue() {
		return it, false
	}
	k, ok := fhirPrimitiveKind[it.s]
	if !ok {
		switch n.Kind {
		case fhir.KindBool:
			k = KindBoolean
		case fhir.KindNumber:
			k = KindDecimal
			if !strings.ContainsAny(n.Value, ".eE") {
				k = KindInteger
			}
		default:
			k = KindString
		}
	}
	switch k {
	case KindBoolean:
		return boolItem(n.Value == "true"), true
	case KindInteger:
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil {
			return it, false
		}
		return intItem(i), true
	case KindDecimal:
		d, err := parseDecimal(n.Value)
		if err != nil {
			return it, false
		}
		return d, true
	case KindDate, KindDateTime, KindTime:
		t, err := parseTemporal(n.Value, k)
		if err != nil {
			return stringItem(n.Value), true
		}
		return Item{kind: t.kind(), tm: t}, true
	}
	return stringItem(n.Value), true
}

// quantityOfNode reads a FHIR Quantity element.
func quantityOfNode(n *fhir.Node) (Item, bool) {
	v := n.Child("value")
	if v == nil || !v.Kind.HasValue() {
		return Item{}, false
	}
	d, err := parseDecimal(v.Value)
	if err != nil {
		return Item{}, false
	}
	unit := n.String("code")
	if unit == "" || n.String("system") != "" && n.String("system") != "http://unitsofmeasure.org" {
		if u := n.String("unit"); u != "" && unit == "" {
			unit = u
		}
	}
	if cu, ok := ucumToCalendar[unit]; ok && n.String("code") == "" {
		unit = cu
	}
	return quantityItem(d.decOf(), unit), true
}

// toStringValue converts a primitive to its FHIRPath string form.
func toStringValue(it Item) (string, bool) {
	v, ok := systemValue(it)
	if !ok {
		return "", false
	}
	switch v.kind {
	case KindBoolean:
		if v.num != 0 {
			return "true", true
		}
		return "false", true
	case KindInteger:
		return strconv.FormatInt(v.num, 10), true
	case KindDecimal:
		return formatDecimal(v.dec, int(v.scale)), true
	case KindString:
		return v.s, true
	case KindDate, KindDateTime, KindTime:
		return v.tm.String(), true
	case KindQuantity:
		u := v.s
		if _, cal := calendarUnitDays[u]; cal {
			return formatDecimal(v.dec, int(v.scale)) + " " + u, true
		}
		return formatDecimal(v.dec, int(v.scale)) + " '" + u + "'", true
	}
	return "", false
}
