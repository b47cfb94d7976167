package fhirsearch

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Limits of a query.
const (
	MaxParams       = 64   // query parameters of one request
	MaxAlternatives = 50   // comma-separated values of one parameter
	MaxCount        = 1000 // largest _count honoured
)

// Error is a query a server must refuse (400), naming what is wrong.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// SearchValue is one alternative of a parameter's value.
type SearchValue struct {
	Prefix    string // date, number, quantity: eq ne gt lt ge le sa eb ap ("" = eq)
	Raw       string // the value as sent, unescaped
	System    string // token system, quantity system
	HasSystem bool   // token: a '|' was given
	Code      string // token code, quantity code, reference id or "Type/id"
	Date      Range
	Num       float64
	Decimals  int // digits after the point of a number
	Parts     []SearchValue
}

// Clause is one search parameter of a query with its alternatives (OR).
type Clause struct {
	Name     string
	Modifier string
	Param    *Param
	Values   []SearchValue
	Missing  *bool // :missing=true/false
}

// Include is an _include or _revinclude value "Source:param[:Target]".
type Include struct {
	Source, Param, Target string
	Iterate, Rev          bool
}

// SortKey is one _sort parameter.
type SortKey struct {
	Param *Param
	Desc  bool
}

// Query is a parsed search.
type Query struct {
	Type     string
	Clauses  []Clause
	Includes []Include
	Sort     []SortKey
	Count    int // -1 when absent
	Offset   int
	Summary  string // "count", "false" or ""
	Elements []string
	Format   string
	// Extra holds the parameters the caller asked to pass through
	// (ParseQuery's extra names), by name.
	Extra map[string]string
	// Handled are the "name=value" pairs (as sent) that were used, in
	// order, without _offset: the query part of self and next links.
	Handled []string
	// Ignored names the parameters that were not understood and ignored.
	Ignored []string
}

// ParseQuery parses the raw query string of a search on resource type typ
// in release v. Unknown parameters are listed in Ignored (lenient
// handling); values that do not parse, unsupported modifiers and limits
// exceeded are an *Error. extra names non-search parameters the caller
// handles itself (such as "max" of $lastn): they land in Extra.
func ParseQuery(v fhir.Version, typ, raw string, extra ...string) (*Query, error) {
	q := &Query{Type: typ, Count: -1}
	if raw == "" {
		return q, nil
	}
	reg := For(v)
	pairs := strings.Split(raw, "&")
	if len(pairs) > MaxParams {
		return nil, errorf("too many query parameters (%d, at most %d)", len(pairs), MaxParams)
	}
	for _, pair := range pairs {
		if pair == "" {
			continue
		}
		rk, rv, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rk)
		if err != nil {
			return nil, errorf("query parameter %q is not well encoded", rk)
		}
		value, err := url.QueryUnescape(rv)
		if err != nil {
			return nil, errorf("value of query parameter %q is not well encoded", name)
		}
		handled, err := q.parsePair(reg, name, value, extra)
		if err != nil {
			return nil, err
		}
		if handled && name != "_offset" {
			q.Handled = append(q.Handled, pair)
		}
	}
	return q, nil
}

// parsePair handles one parameter; handled is false when it was ignored.
func (q *Query) parsePair(reg *Registry, name, value string, extra []string) (bool, error) {
	for _, e := range extra {
		if name == e {
			if q.Extra == nil {
				q.Extra = map[string]string{}
			}
			q.Extra[name] = value
			return true, nil
		}
	}
	base, modifier, _ := strings.Cut(name, ":")
	switch base {
	case "_format":
		q.Format = value
		return true, nil
	case "_count":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return false, errorf("_count must be a whole number of 0 or more, not %q", value)
		}
		q.Count = min(n, MaxCount)
		return true, nil
	case "_offset":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return false, errorf("_offset must be a whole number of 0 or more, not %q", value)
		}
		q.Offset = n
		return true, nil
	case "_summary":
		switch value {
		case "count", "false":
			q.Summary = value
			return true, nil
		}
		q.Ignored = append(q.Ignored, name)
		return false, nil
	case "_elements":
		for _, e := range strings.Split(value, ",") {
			if e = strings.TrimSpace(e); e != "" {
				q.Elements = append(q.Elements, e)
			}
		}
		return true, nil
	case "_sort":
		for _, s := range strings.Split(value, ",") {
			desc := strings.HasPrefix(s, "-")
			s = strings.TrimPrefix(s, "-")
			p := reg.Lookup(q.Type, s)
			if !p.Usable() {
				return false, errorf("cannot sort on %q: no such search parameter on %s", s, q.Type)
			}
			q.Sort = append(q.Sort, SortKey{Param: p, Desc: desc})
		}
		return true, nil
	case "_include", "_revinclude":
		inc, err := parseInclude(value, base == "_revinclude", modifier)
		if err != nil {
			return false, err
		}
		if p := reg.Lookup(inc.Source, inc.Param); !p.Usable() || p.Type != TypeReference {
			q.Ignored = append(q.Ignored, name)
			return false, nil
		}
		if !inc.Rev && !inc.Iterate && inc.Source != q.Type {
			q.Ignored = append(q.Ignored, name)
			return false, nil
		}
		q.Includes = append(q.Includes, inc)
		return true, nil
	}
	if strings.Contains(base, ".") {
		q.Ignored = append(q.Ignored, name) // chained parameters
		return false, nil
	}
	p := reg.Lookup(q.Type, base)
	if !p.Usable() || p.Type == TypeSpecial {
		q.Ignored = append(q.Ignored, name)
		return false, nil
	}
	c, err := parseClause(p, base, modifier, value)
	if err != nil {
		return false, err
	}
	q.Clauses = append(q.Clauses, c)
	return true, nil
}

func parseInclude(v string, rev bool, modifier string) (Include, error) {
	what := "_include"
	if rev {
		what = "_revinclude"
	}
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return Include{}, errorf("%s %q must be Type:parameter[:TargetType]", what, v)
	}
	inc := Include{Source: parts[0], Param: parts[1], Rev: rev}
	if len(parts) == 3 {
		if parts[2] == "" {
			return Include{}, errorf("%s %q has an empty target type", what, v)
		}
		inc.Target = parts[2]
	}
	switch modifier {
	case "":
	case "iterate", "recurse":
		inc.Iterate = true
	default:
		return Include{}, errorf("%s:%s is not a known modifier (iterate)", what, modifier)
	}
	return inc, nil
}

func parseClause(p *Param, name, modifier, value string) (Clause, error) {
	c := Clause{Name: name, Modifier: modifier, Param: p}
	if value == "" {
		return c, errorf("search parameter %q has no value", name)
	}
	switch modifier {
	case "missing":
		b, err := strconv.ParseBool(value)
		if err != nil || (value != "true" && value != "false") {
			return c, errorf("%s:missing must be true or false", name)
		}
		c.Missing = &b
		return c, nil
	case "":
	case "exact", "contains":
		if p.Type != TypeString {
			return c, errorf("modifier :%s applies to string parameters; %s is a %s parameter", modifier, name, p.Type)
		}
	case "not", "text":
		if p.Type != TypeToken {
			return c, errorf("modifier :%s applies to token parameters; %s is a %s parameter", modifier, name, p.Type)
		}
	case "below", "above":
		if p.Type != TypeURI {
			return c, errorf("modifier :%s is supported on uri parameters only", modifier)
		}
	default:
		if p.Type == TypeReference && (fhir.IsResourceType(fhir.R4, modifier) || fhir.IsResourceType(fhir.STU3, modifier)) {
			break // reference:[Type]
		}
		return c, errorf("modifier :%s is not supported on %s", modifier, name)
	}
	alts, err := splitEscaped(value, ',')
	if err != nil {
		return c, err
	}
	if len(alts) > MaxAlternatives {
		return c, errorf("too many alternatives in %s (at most %d)", name, MaxAlternatives)
	}
	for _, a := range alts {
		sv, err := parseValue(p.Type, name, modifier, a, p)
		if err != nil {
			return c, err
		}
		c.Values = append(c.Values, sv)
	}
	return c, nil
}

// splitEscaped splits on sep not preceded by a backslash; it keeps the
// escapes (each part is unescaped later, after splitting on '|' or '$').
func splitEscaped(v string, sep byte) ([]string, error) {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if i+1 >= len(v) {
				return nil, errorf("value %q ends in a lone backslash", v)
			}
			i++
		case sep:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:]), nil
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var prefixes = []string{"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"}

func cutPrefix(s string) (string, string) {
	if len(s) > 2 {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) && (s[2] >= '0' && s[2] <= '9' || s[2] == '-' || s[2] == '.') {
				return p, s[2:]
			}
		}
	}
	return "", s
}

func parseValue(typ, name, modifier, a string, p *Param) (SearchValue, error) {
	sv := SearchValue{Raw: unescape(a)}
	switch typ {
	case TypeToken:
		if modifier == "text" {
			return sv, nil
		}
		parts, _ := splitEscaped(a, '|')
		switch len(parts) {
		case 1:
			sv.Code = unescape(parts[0])
		default:
			sv.System, sv.HasSystem, sv.Code = unescape(parts[0]), true, unescape(strings.Join(parts[1:], "|"))
		}
		if !sv.HasSystem && sv.Code == "" {
			return sv, errorf("empty token in %s", name)
		}
	case TypeDate:
		var v string
		sv.Prefix, v = cutPrefix(sv.Raw)
		rg, ok := ParseDateRange(v)
		if !ok {
			return sv, errorf("%s: %q is not a date (expected e.g. ge2024-01-31 or 2024-01-31T10:00:00+01:00)", name, sv.Raw)
		}
		sv.Date = rg
	case TypeNumber, TypeQuantity:
		parts, _ := splitEscaped(a, '|')
		var v string
		sv.Prefix, v = cutPrefix(unescape(parts[0]))
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return sv, errorf("%s: %q is not a number", name, sv.Raw)
		}
		sv.Num = f
		if i := strings.IndexByte(v, '.'); i >= 0 {
			sv.Decimals = len(v) - i - 1
		}
		if typ == TypeQuantity && len(parts) > 1 {
			if len(parts) != 3 {
				return sv, errorf("%s: %q must be [prefix]number|system|code", name, sv.Raw)
			}
			sv.System, sv.HasSystem, sv.Code = unescape(parts[1]), true, unescape(parts[2])
		}
	case TypeReference:
		sv.Code = sv.Raw
	case TypeComposite:
		parts, _ := splitEscaped(a, '$')
		if len(parts) != len(p.Components) {
			return sv, errorf("%s: %q needs %d parts separated by $", name, sv.Raw, len(p.Components))
		}
		for i, part := range parts {
			ct := TypeToken
			if cp := p.Components[i].param; cp != nil {
				ct = cp.Type
			}
			if ct == TypeComposite {
				return sv, errorf("%s: nested composite", name)
			}
			pv, err := parseValue(ct, name, "", part, nil)
			if err != nil {
				return sv, err
			}
			sv.Parts = append(sv.Parts, pv)
		}
	}
	return sv, nil
}
