package fhirsearch

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
)

// Source is what an Index searches: the resources of each type and a
// lookup of "Type/id" (package dossier's Dossier is one).
type Source interface {
	OfType(typ string) []*fhir.Resource
	Lookup(ref string) *fhir.Resource
}

// Value is one value a search parameter extracted from a resource.
type Value struct {
	System, Code string  // token (Coding, Identifier, code), quantity system and code
	Text         string  // token display/text, normalised (for :text)
	Str          string  // string (normalised), uri, reference "Type/id", raw primitive value
	Exact        string  // string as written (for :exact)
	Date         Range   // date
	Num          float64 // number, quantity
	HasNum       bool
	Unit         string // quantity unit as written
	Comp         [][]Value
}

// Index searches one Source. Each parameter's values are extracted per
// resource the first time the parameter is searched and kept: a Source
// must not change while its Index is in use.
type Index struct {
	Version fhir.Version
	reg     *Registry
	src     Source
	mu      sync.Mutex
	vals    map[*Param][][]Value // parallel to src.OfType(p.Base)
	types   map[string]bool      // types asked about, for _revinclude
}

// NewIndex returns an index over src, whose resources are of release v.
func NewIndex(v fhir.Version, src Source) *Index {
	return &Index{Version: v, reg: For(v), src: src, vals: map[*Param][][]Value{}, types: map[string]bool{}}
}

// Registry returns the parameters the index uses.
func (ix *Index) Registry() *Registry { return ix.reg }

// values returns the values of p for each resource of p.Base.
func (ix *Index) values(p *Param) [][]Value {
	ix.mu.Lock()
	v, ok := ix.vals[p]
	ix.mu.Unlock()
	if ok {
		return v
	}
	rs := ix.src.OfType(p.Base)
	v = make([][]Value, len(rs))
	for i, r := range rs {
		v[i] = ix.extract(p, r)
	}
	ix.mu.Lock()
	ix.vals[p] = v
	ix.mu.Unlock()
	return v
}

// Extract returns the values of p on r (for tests and single resources).
func (ix *Index) extract(p *Param, r *fhir.Resource) []Value {
	if !p.Usable() {
		return nil
	}
	env := &fhirpath.Env{Version: ix.Version, Resolve: ix.resolve}
	items, err := p.expr.EvaluateResource(context.Background(), r, env)
	if err != nil {
		return nil
	}
	var out []Value
	for _, it := range items {
		if p.Type == TypeComposite {
			out = append(out, ix.composite(p, it, r)...)
			continue
		}
		out = appendValues(out, p.Type, it)
	}
	return out
}

func (ix *Index) resolve(_ context.Context, ref string) (*fhir.Node, error) {
	if r := ix.src.Lookup(ref); r != nil {
		return r.Root, nil
	}
	return nil, nil
}

// composite extracts one composite value per item: each component's
// values relative to the item.
func (ix *Index) composite(p *Param, it fhirpath.Item, r *fhir.Resource) []Value {
	if it.Node() == nil {
		return nil
	}
	v := Value{}
	env := &fhirpath.Env{Version: ix.Version, Resource: r.Root, Type: it.FHIRType()}
	for _, c := range p.Components {
		var cv []Value
		if c.expr != nil && c.param != nil {
			items, err := c.expr.Evaluate(context.Background(), it.Node(), env)
			if err == nil {
				for _, ci := range items {
					cv = appendValues(cv, c.param.Type, ci)
				}
			}
		}
		v.Comp = append(v.Comp, cv)
	}
	return []Value{v}
}

// appendValues converts one FHIRPath item to values of parameter type typ.
func appendValues(out []Value, typ string, it fhirpath.Item) []Value {
	n := it.Node()
	if n == nil {
		s := it.String()
		switch typ {
		case TypeDate:
			if rg, ok := ParseDateRange(s); ok {
				out = append(out, Value{Date: rg})
			}
		case TypeNumber:
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				out = append(out, Value{Num: f, HasNum: true})
			}
		default:
			out = append(out, Value{Code: s, Str: normalise(s), Exact: s})
		}
		return out
	}
	return appendNode(out, typ, n, it.FHIRType())
}

func appendNode(out []Value, typ string, n *fhir.Node, ftype string) []Value {
	if n.Name == "extension" || n.Name == "modifierExtension" || ftype == "Extension" {
		for _, c := range n.Children {
			if strings.HasPrefix(c.Name, "value") && len(c.Name) > 5 {
				t := c.Name[5:]
				if unicode.IsUpper(rune(t[0])) && !fhirPrimitive(t) {
					// complex: keep the capitalised datatype name
				} else {
					t = strings.ToLower(t[:1]) + t[1:]
				}
				return appendNode(out, typ, c, t)
			}
		}
		return out
	}
	switch typ {
	case TypeDate:
		return appendDate(out, n, ftype)
	case TypeToken:
		return appendToken(out, n, ftype)
	case TypeString:
		return appendString(out, n)
	case TypeReference:
		if ref := n.Child("reference"); ref != nil && ref.Kind.HasValue() {
			return append(out, Value{Str: ref.Value, Exact: ref.Value})
		}
		if n.Kind.HasValue() {
			return append(out, Value{Str: n.Value, Exact: n.Value})
		}
	case TypeURI:
		if n.Kind.HasValue() {
			return append(out, Value{Str: n.Value, Exact: n.Value})
		}
	case TypeNumber:
		if n.Kind.HasValue() {
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return append(out, Value{Num: f, HasNum: true, Exact: n.Value})
			}
		}
	case TypeQuantity:
		if v := n.Child("value"); v != nil {
			if f, err := strconv.ParseFloat(v.Value, 64); err == nil {
				return append(out, Value{Num: f, HasNum: true, System: n.String("system"), Code: n.String("code"), Unit: n.String("unit"), Exact: v.Value})
			}
		}
		if n.Kind.HasValue() {
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return append(out, Value{Num: f, HasNum: true})
			}
		}
	}
	return out
}

func fhirPrimitive(t string) bool {
	switch t {
	case "Boolean", "Integer", "String", "Decimal", "Uri", "Url", "Canonical", "Base64Binary", "Instant", "Date", "DateTime",
		"Time", "Code", "Oid", "Id", "Markdown", "UnsignedInt", "PositiveInt", "Uuid":
		return true
	}
	return false
}

func appendDate(out []Value, n *fhir.Node, ftype string) []Value {
	if n.Kind.HasValue() {
		if rg, ok := ParseDateRange(n.Value); ok {
			out = append(out, Value{Date: rg, Exact: n.Value})
		}
		return out
	}
	if ftype == "Timing" || n.Child("event") != nil {
		for _, e := range n.ChildrenNamed("event") {
			out = appendDate(out, e, "dateTime")
		}
		return out
	}
	// Period (also anything with start/end).
	start, end := n.Child("start"), n.Child("end")
	if start == nil && end == nil {
		return out
	}
	rg := Range{negInf, posInf}
	if start != nil {
		if r, ok := ParseDateRange(start.Value); ok {
			rg.Lo = r.Lo
		}
	}
	if end != nil {
		if r, ok := ParseDateRange(end.Value); ok {
			rg.Hi = r.Hi
		}
	}
	return append(out, Value{Date: rg})
}

func appendToken(out []Value, n *fhir.Node, ftype string) []Value {
	if n.Kind.HasValue() {
		return append(out, Value{Code: n.Value, Text: normalise(n.Value), Exact: n.Value})
	}
	switch {
	case ftype == "CodeableConcept" || n.Child("coding") != nil || (ftype == "" && n.Child("text") != nil && n.Child("value") == nil):
		text := normalise(n.String("text"))
		for _, c := range n.ChildrenNamed("coding") {
			t := text
			if d := c.String("display"); d != "" {
				t = strings.TrimSpace(t + " " + normalise(d))
			}
			out = append(out, Value{System: c.String("system"), Code: c.String("code"), Text: t})
		}
		if len(n.ChildrenNamed("coding")) == 0 && text != "" {
			out = append(out, Value{Text: text})
		}
	case ftype == "Identifier" || (n.Child("value") != nil && n.Child("code") == nil):
		out = append(out, Value{System: n.String("system"), Code: n.String("value"), Text: normalise(n.String("type.text"))})
	case ftype == "ContactPoint":
		out = append(out, Value{System: n.String("system"), Code: n.String("value")})
	default: // Coding
		out = append(out, Value{System: n.String("system"), Code: n.String("code"), Text: normalise(n.String("display"))})
	}
	return out
}

// appendString takes the value of a primitive, or every string value
// below a complex element (HumanName, Address), extensions excluded.
func appendString(out []Value, n *fhir.Node) []Value {
	if n.Kind.HasValue() {
		if n.Kind == fhir.KindXHTML {
			return out
		}
		return append(out, Value{Str: normalise(n.Value), Exact: n.Value})
	}
	for _, c := range n.Children {
		if c.Name == "extension" || c.Name == "id" || c.Name == "period" || c.Name == "use" {
			continue
		}
		out = appendString(out, c)
	}
	return out
}

// normalise folds case and accents, as string search compares.
func normalise(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || (s[i] >= 'A' && s[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			b.WriteRune(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var fold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåā", 'c': "çćč", 'e': "èéêëēėę", 'i': "ìíîïī", 'n': "ñń", 'o': "òóôõöøō", 'u': "ùúûüū", 'y': "ýÿ", 's': "šś", 'z': "žźż",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()
