// Package fhirsearch owns FHIR search over a set of resources, driven by
// the SearchParameter definitions of STU3 and R4 (the core ones and the
// Nictiz zib2017/zib2020 ones, compiled into the package by internal/gen
// from ../shared/fhir/packages) instead of per-resource code:
//
//   - [Registry] holds the definitions of one FHIR release; each
//     parameter's FHIRPath expression is cut to the part for one base type
//     and compiled once (package fhirpath).
//   - [ParseQuery] turns a query string into a [Query]: parameters of type
//     token, string, date (prefixes eq ne gt lt ge le sa eb ap, with the
//     precision of the value, on date, dateTime, instant and Period),
//     reference, quantity, number, uri and composite; the modifiers
//     :exact, :contains, :missing, :not, :text (and :below/:above on uri,
//     :[type] on reference); _id, _lastUpdated, _include and _revinclude
//     (with :iterate), _sort, _count, _offset, _summary, _elements.
//   - [Index] extracts every parameter's values per resource once, the
//     first time the parameter is searched, and searches over the
//     extracted values: a dossier of a version never changes, so the index
//     lives as long as the dossier.
//   - [ResolveDates] resolves the Touchstone/Nictiz date placeholders
//     (${DATE, T, D, -355}, ${CURRENTDATE}, ...) of fixtures and scripts.
//
// What a server refuses for policy (MedMij forbids searching by BSN or
// patient) is the caller's: this package only searches.
package fhirsearch

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
)

// Parameter types.
const (
	TypeToken     = "token"
	TypeString    = "string"
	TypeDate      = "date"
	TypeReference = "reference"
	TypeQuantity  = "quantity"
	TypeNumber    = "number"
	TypeURI       = "uri"
	TypeComposite = "composite"
	TypeSpecial   = "special"
)

// Component is one part of a composite parameter.
type Component struct {
	Definition string // canonical URL of the component's SearchParameter
	Expression string // relative to the composite's expression
	param      *Param
	expr       *fhirpath.Expr
}

// Param is one search parameter as it applies to one base resource type.
type Param struct {
	Code       string
	Type       string
	Base       string   // the resource type it is used on
	Expression string   // the part of the definition's expression for Base
	Target     []string // reference target types
	Components []Component
	expr       *fhirpath.Expr
	err        error
}

// Usable reports whether the parameter's expression compiled.
func (p *Param) Usable() bool { return p != nil && p.expr != nil && p.err == nil }

// row is a generated table row (see internal/gen).
type row struct {
	Code       string   `json:"c"`
	Base       []string `json:"b"`
	Type       string   `json:"t"`
	Expression string   `json:"e"`
	Target     []string `json:"r,omitempty"`
	Component  []struct {
		Definition string `json:"d"`
		Expression string `json:"e"`
	} `json:"k,omitempty"`
	URL string `json:"u,omitempty"`
}

// Registry holds the search parameters of one FHIR release.
type Registry struct {
	Version fhir.Version
	rows    map[string][]*row // by code
	byURL   map[string]*row
	mu      sync.Mutex
	params  map[[2]string]*Param // by {type, code}; nil entries cache "unknown"
}

var (
	regOnce [2]sync.Once
	regs    [2]*Registry
)

// For returns the registry of release v (STU3 or R4; anything else is R4),
// loaded once.
func For(v fhir.Version) *Registry {
	i, table := 1, r4Params
	if v == fhir.STU3 {
		i, table = 0, stu3Params
	} else {
		v = fhir.R4
	}
	regOnce[i].Do(func() { regs[i] = newRegistry(v, table) })
	return regs[i]
}

func newRegistry(v fhir.Version, table string) *Registry {
	r := &Registry{Version: v, rows: map[string][]*row{}, byURL: map[string]*row{}, params: map[[2]string]*Param{}}
	for _, line := range strings.Split(table, "\n") {
		if line == "" {
			continue
		}
		rw := &row{}
		if err := json.Unmarshal([]byte(line), rw); err != nil {
			panic("fhirsearch: generated table: " + err.Error())
		}
		// A later definition of the same code and base (a Nictiz one)
		// replaces the core one for that base.
		r.rows[rw.Code] = append([]*row{rw}, r.rows[rw.Code]...)
		if rw.URL == "" {
			rw.URL = "http://hl7.org/fhir/SearchParameter/" + strings.Join(rw.Base, "-") + "-" + rw.Code
		}
		r.byURL[rw.URL] = rw
	}
	return r
}

// Lookup returns the parameter code on resource type typ, or nil when the
// release defines none (or its expression has nothing for typ).
func (r *Registry) Lookup(typ, code string) *Param {
	k := [2]string{typ, code}
	r.mu.Lock()
	p, ok := r.params[k]
	r.mu.Unlock()
	if ok {
		return p
	}
	p = r.build(typ, code)
	r.mu.Lock()
	r.params[k] = p
	r.mu.Unlock()
	return p
}

func (r *Registry) build(typ, code string) *Param {
	rw := r.rowFor(typ, code)
	if rw == nil {
		return nil
	}
	p := &Param{Code: code, Type: rw.Type, Base: typ, Target: rw.Target}
	p.Expression = exprFor(rw.Expression, typ, rw.Base)
	if p.Expression == "" {
		return nil
	}
	p.expr, p.err = fhirpath.Compile(p.Expression, fhirpath.Options{Version: r.Version})
	for _, c := range rw.Component {
		comp := Component{Definition: c.Definition, Expression: c.Expression}
		if cr, ok := r.byURL[c.Definition]; ok {
			comp.param = &Param{Code: cr.Code, Type: cr.Type, Base: typ}
		}
		comp.expr, _ = fhirpath.Compile(c.Expression, fhirpath.Options{Version: r.Version})
		p.Components = append(p.Components, comp)
	}
	return p
}

// rowFor finds the definition of code for typ: one naming typ as a base,
// else one on Resource or DomainResource.
func (r *Registry) rowFor(typ, code string) *row {
	for _, generic := range []bool{false, true} {
		for _, c := range r.rows[code] {
			for _, b := range c.Base {
				if (!generic && b == typ) || (generic && (b == "Resource" || b == "DomainResource")) {
					return c
				}
			}
		}
	}
	return nil
}

// exprFor keeps the parts of a union expression that start at typ (or at
// Resource/DomainResource for the common parameters); an expression that
// is not such a union is kept whole.
func exprFor(expr, typ string, bases []string) string {
	parts := splitUnion(expr)
	var keep []string
	for _, p := range parts {
		head := strings.TrimLeft(strings.TrimSpace(p), "(")
		first := head
		if i := strings.IndexAny(head, ".( "); i >= 0 {
			first = head[:i]
		}
		switch first {
		case typ:
			keep = append(keep, strings.TrimSpace(p))
		case "Resource", "DomainResource":
			keep = append(keep, strings.TrimSpace(strings.Replace(p, first+".", typ+".", 1)))
		}
	}
	if len(keep) == 0 {
		for _, b := range bases {
			if b == typ || b == "Resource" || b == "DomainResource" {
				return expr
			}
		}
		return ""
	}
	return strings.Join(keep, " | ")
}

// splitUnion splits expr on '|' outside parentheses and string literals.
func splitUnion(expr string) []string {
	var out []string
	depth, start := 0, 0
	inStr := false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '\'' {
				inStr = false
			}
		case c == '\'':
			inStr = true
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == '|' && depth == 0:
			out = append(out, expr[start:i])
			start = i + 1
		}
	}
	return append(out, expr[start:])
}
