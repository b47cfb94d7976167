package validate

import (
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// expansion is what a ValueSet allows: enumerated codes per system, and
// systems allowed whole (their CodeSystem is not loaded, or the include
// uses a filter this package does not evaluate).
type expansion struct {
	codes map[string]map[string]bool
	whole map[string]bool
}

func (x *expansion) contains(c fhir.Coding) bool {
	if c.System == "" {
		for _, codes := range x.codes {
			if codes[c.Code] {
				return true
			}
		}
		return len(x.whole) > 0
	}
	return x.codes[c.System][c.Code] || x.whole[c.System]
}

// expand expands ValueSet url from the loaded CodeSystems; nil when it is
// not loaded.
func (v *Validator) expand(url string) *expansion {
	url, _, _ = strings.Cut(url, "|")
	v.mu.Lock()
	x, ok := v.vss[url]
	v.mu.Unlock()
	if ok {
		return x
	}
	x = v.expandSet(url, map[string]bool{})
	v.mu.Lock()
	v.vss[url] = x
	v.mu.Unlock()
	return x
}

func (v *Validator) expandSet(url string, busy map[string]bool) *expansion {
	r := v.set.Lookup(url)
	if r == nil || r.Type != "ValueSet" || busy[url] {
		return nil
	}
	busy[url] = true
	x := &expansion{codes: map[string]map[string]bool{}, whole: map[string]bool{}}
	root := r.Parsed().Root
	if exp := root.Child("expansion"); exp != nil && root.Child("compose") == nil {
		addContains(x, exp)
		return x
	}
	for _, inc := range root.Get("compose.include") {
		sys := val(inc, "system")
		for _, imp := range inc.Strings("valueSet") {
			if sub := v.expandSet(imp, busy); sub != nil {
				for s, cs := range sub.codes {
					for c := range cs {
						add(x, s, c)
					}
				}
				for s := range sub.whole {
					x.whole[s] = true
				}
			}
		}
		if sys == "" {
			continue
		}
		concepts := inc.ChildrenNamed("concept")
		switch {
		case len(concepts) > 0:
			for _, c := range concepts {
				add(x, sys, val(c, "code"))
			}
		case inc.Child("filter") != nil:
			x.whole[sys] = true
		default:
			cs := v.set.Lookup(sys)
			if cs == nil || cs.Type != "CodeSystem" || val(cs.Parsed().Root, "content") == "not-present" {
				x.whole[sys] = true
				continue
			}
			addConcepts(x, sys, cs.Parsed().Root.ChildrenNamed("concept"))
		}
	}
	// STU3 ValueSets may define codes inline (codeSystem)
	if cs := root.Child("codeSystem"); cs != nil {
		addConcepts(x, val(cs, "system"), cs.ChildrenNamed("concept"))
	}
	return x
}

func add(x *expansion, sys, code string) {
	if x.codes[sys] == nil {
		x.codes[sys] = map[string]bool{}
	}
	x.codes[sys][code] = true
}

func addConcepts(x *expansion, sys string, cs []*fhir.Node) {
	for _, c := range cs {
		add(x, sys, val(c, "code"))
		addConcepts(x, sys, c.ChildrenNamed("concept"))
	}
}

func addContains(x *expansion, n *fhir.Node) {
	for _, c := range n.ChildrenNamed("contains") {
		if code := val(c, "code"); code != "" {
			add(x, val(c, "system"), code)
		}
		addContains(x, c)
	}
}
