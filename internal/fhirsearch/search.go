package fhirsearch

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Result is one page of a search.
type Result struct {
	Total    int              // matches over all pages
	Matches  []*fhir.Resource // this page's matches
	Includes []*fhir.Resource // resources included for this page
	Offset   int              // of this page
	Next     bool             // there is a next page
}

// Options tune one search.
type Options struct {
	// Keep, when set, limits the candidates (e.g. a patient compartment).
	Keep func(*fhir.Resource) bool
	// Now is the moment "ap" dates are approximate to; the clock when zero.
	Now time.Time
	// Post, when set, is applied to the matches before paging (e.g. $lastn).
	Post func([]*fhir.Resource) []*fhir.Resource
}

// Search runs q on the index.
func (ix *Index) Search(q *Query, o Options) *Result {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	rs := ix.src.OfType(q.Type)
	ok := make([]bool, len(rs))
	for i, r := range rs {
		ok[i] = o.Keep == nil || o.Keep(r)
	}
	for _, c := range q.Clauses {
		vals := ix.values(c.Param)
		for i := range rs {
			if ok[i] && !c.matches(vals[i], o.Now) {
				ok[i] = false
			}
		}
	}
	var matches []*fhir.Resource
	var order []int
	for i, r := range rs {
		if ok[i] {
			matches = append(matches, r)
			order = append(order, i)
		}
	}
	if len(q.Sort) > 0 {
		matches = ix.sort(q, rs, order)
	}
	if o.Post != nil {
		matches = o.Post(matches)
	}
	res := &Result{Total: len(matches), Offset: q.Offset}
	if q.Summary == "count" {
		return res
	}
	page := matches
	if q.Offset > 0 {
		page = page[min(q.Offset, len(page)):]
	}
	if q.Count >= 0 && len(page) > q.Count {
		page, res.Next = page[:q.Count], true
	}
	res.Matches = page
	res.Includes = ix.includes(q, page)
	return res
}

// sort orders the matches (positions order in rs) by the sort keys; ties
// keep the source order, resources without a value come last.
func (ix *Index) sort(q *Query, rs []*fhir.Resource, order []int) []*fhir.Resource {
	keys := make([][][]Value, len(q.Sort))
	for k, s := range q.Sort {
		if s.Param.Base == q.Type {
			keys[k] = ix.values(s.Param)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		for k, s := range q.Sort {
			if keys[k] == nil {
				continue
			}
			c := compareValues(s.Param.Type, keys[k][a], keys[k][b], s.Desc)
			if c != 0 {
				return c
			}
		}
		return 0
	})
	out := make([]*fhir.Resource, len(order))
	for i, j := range order {
		out[i] = rs[j]
	}
	return out
}

func compareValues(typ string, a, b []Value, desc bool) int {
	if len(a) == 0 || len(b) == 0 {
		switch {
		case len(a) == len(b):
			return 0
		case len(a) == 0:
			return 1
		}
		return -1
	}
	var c int
	switch typ {
	case TypeDate:
		// ascending by the earliest start, descending by the latest end
		if desc {
			c = cmpInt(maxHi(b), maxHi(a))
		} else {
			c = cmpInt(minLo(a), minLo(b))
		}
		return c
	case TypeNumber, TypeQuantity:
		c = cmpFloat(a[0].Num, b[0].Num)
	case TypeToken:
		c = strings.Compare(a[0].Code, b[0].Code)
	default:
		c = strings.Compare(a[0].Str, b[0].Str)
	}
	if desc {
		c = -c
	}
	return c
}

func minLo(v []Value) int64 {
	m := int64(posInf)
	for _, x := range v {
		m = min(m, x.Date.Lo)
	}
	return m
}

func maxHi(v []Value) int64 {
	m := int64(negInf)
	for _, x := range v {
		m = max(m, x.Date.Hi)
	}
	return m
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// matches reports whether a resource with values vals satisfies c.
func (c *Clause) matches(vals []Value, now time.Time) bool {
	if c.Missing != nil {
		return (len(vals) == 0) == *c.Missing
	}
	if c.Modifier == "not" {
		for _, sv := range c.Values {
			for _, v := range vals {
				if tokenMatches(sv, v) {
					return false
				}
			}
		}
		return true
	}
	for _, sv := range c.Values {
		for i := range vals {
			if c.valueMatches(c.Param.Type, c.Modifier, sv, &vals[i], now) {
				return true
			}
		}
	}
	return false
}

func (c *Clause) valueMatches(typ, modifier string, sv SearchValue, v *Value, now time.Time) bool {
	switch typ {
	case TypeToken:
		if modifier == "text" {
			return v.Text != "" && strings.Contains(v.Text, normalise(sv.Raw))
		}
		return tokenMatches(sv, *v)
	case TypeString:
		switch modifier {
		case "exact":
			return v.Exact == sv.Raw
		case "contains":
			return strings.Contains(v.Str, normalise(sv.Raw))
		}
		return strings.HasPrefix(v.Str, normalise(sv.Raw))
	case TypeDate:
		return dateMatches(sv.Prefix, sv.Date, v.Date, now)
	case TypeReference:
		return refMatches(sv.Code, modifier, v.Str)
	case TypeURI:
		switch modifier {
		case "below":
			return strings.HasPrefix(v.Str, sv.Raw)
		case "above":
			return strings.HasPrefix(sv.Raw, v.Str)
		}
		return v.Str == sv.Raw
	case TypeNumber:
		return v.HasNum && numberMatches(sv, v.Num)
	case TypeQuantity:
		if !v.HasNum {
			return false
		}
		if sv.HasSystem && sv.System != "" && sv.System != v.System {
			return false
		}
		if sv.Code != "" && sv.Code != v.Code && sv.Code != v.Unit {
			return false
		}
		return numberMatches(sv, v.Num)
	case TypeComposite:
		if len(v.Comp) != len(sv.Parts) {
			return false
		}
		for i, part := range sv.Parts {
			ct := TypeToken
			if cp := c.Param.Components[i].param; cp != nil {
				ct = cp.Type
			}
			found := false
			for j := range v.Comp[i] {
				if c.valueMatches(ct, "", part, &v.Comp[i][j], now) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return false
}

func tokenMatches(sv SearchValue, v Value) bool {
	if sv.HasSystem && sv.System != v.System {
		return false
	}
	return sv.Code == "" || sv.Code == v.Code
}

// refMatches compares a reference search value ("Type/id", "id" or an
// absolute URL) with a reference of a resource.
func refMatches(search, typ, ref string) bool {
	if ref == search {
		return true
	}
	rt, rid := refTail(ref)
	if strings.Contains(search, "/") {
		st, sid := refTail(search)
		return st == rt && sid == rid
	}
	if typ != "" && rt != typ {
		return false
	}
	return rid == search
}

// refTail returns the type and id of "Type/id" or ".../Type/id" (a
// version suffix /_history/n is dropped).
func refTail(ref string) (string, string) {
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	i := strings.LastIndexByte(ref, '/')
	if i < 0 {
		return "", ref
	}
	id := ref[i+1:]
	t := ref[:i]
	if j := strings.LastIndexByte(t, '/'); j >= 0 {
		t = t[j+1:]
	}
	return t, id
}

func numberMatches(sv SearchValue, n float64) bool {
	half := 0.5 * math.Pow10(-sv.Decimals)
	switch sv.Prefix {
	case "", "eq":
		return n >= sv.Num-half && n < sv.Num+half
	case "ne":
		return n < sv.Num-half || n >= sv.Num+half
	case "gt", "sa":
		return n > sv.Num
	case "lt", "eb":
		return n < sv.Num
	case "ge":
		return n >= sv.Num
	case "le":
		return n <= sv.Num
	case "ap":
		d := math.Abs(sv.Num) * 0.1
		return n >= sv.Num-d && n <= sv.Num+d
	}
	return false
}

// includes follows _include and _revinclude from the page's matches (and,
// with :iterate, from what they included), without repeating a resource.
func (ix *Index) includes(q *Query, page []*fhir.Resource) []*fhir.Resource {
	if len(q.Includes) == 0 || len(page) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, r := range page {
		seen[r.Type()+"/"+r.ID()] = true
	}
	var out []*fhir.Resource
	frontier := page
	for round := 0; round < 8 && len(frontier) > 0; round++ {
		var next []*fhir.Resource
		add := func(r *fhir.Resource) {
			k := r.Type() + "/" + r.ID()
			if !seen[k] {
				seen[k] = true
				out = append(out, r)
				next = append(next, r)
			}
		}
		for _, inc := range q.Includes {
			if round > 0 && !inc.Iterate {
				continue
			}
			p := ix.reg.Lookup(inc.Source, inc.Param)
			if inc.Rev {
				ix.revInclude(p, inc, frontier, add)
				continue
			}
			for _, r := range frontier {
				if r.Type() != inc.Source {
					continue
				}
				for _, v := range ix.extract(p, r) {
					t := ix.src.Lookup(v.Str)
					if t != nil && (inc.Target == "" || t.Type() == inc.Target) {
						add(t)
					}
				}
			}
		}
		frontier = next
	}
	return out
}

func (ix *Index) revInclude(p *Param, inc Include, targets []*fhir.Resource, add func(*fhir.Resource)) {
	want := map[string]bool{}
	for _, t := range targets {
		if inc.Target == "" || t.Type() == inc.Target {
			want[t.Type()+"/"+t.ID()] = true
		}
	}
	if len(want) == 0 {
		return
	}
	vals := ix.values(p)
	for i, r := range ix.src.OfType(inc.Source) {
		for _, v := range vals[i] {
			t, id := refTail(v.Str)
			if want[t+"/"+id] {
				add(r)
				break
			}
		}
	}
}
