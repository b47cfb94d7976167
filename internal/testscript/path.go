package testscript

import (
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// pathValues evaluates the subset of XPath and JSON path the engine
// supports on a resource: absolute child steps with an optional namespace
// prefix (/f:Bundle/f:entry/f:resource/f:Patient/f:id/@value,
// fhir:Bundle/fhir:total), optional numeric indexes ([1] in XPath, [0] in
// JSON), and dotted or JSON paths (Bundle.entry[0].resource.id,
// $.entry[0].resource.id). ok is false for anything else (predicates,
// axes, functions).
func pathValues(r *fhir.Resource, p string) ([]string, bool) {
	p = strings.TrimSpace(p)
	if p == "" {
		return nil, false
	}
	var steps []string
	xpath := strings.HasPrefix(p, "/")
	switch {
	case xpath:
		steps = strings.Split(strings.TrimPrefix(p, "/"), "/")
	case strings.HasPrefix(p, "$."):
		steps = strings.Split(p[2:], ".")
	default:
		steps = strings.Split(p, ".")
	}
	cur := []*fhir.Node{r.Root}
	first := true
	for _, st := range steps {
		if i := strings.IndexByte(st, ':'); i >= 0 {
			st = st[i+1:]
		}
		if st == "@value" && xpath {
			break
		}
		name, idx, hasIdx, ok := splitIndex(st, xpath)
		if !ok || name == "" || strings.ContainsAny(name, "()@*=<>'\" ") {
			return nil, false
		}
		if first {
			first = false
			if name == r.Root.Resource {
				if hasIdx && idx != 0 {
					return nil, true
				}
				continue
			}
			if xpath {
				return nil, true // the document element is another resource
			}
		}
		var next []*fhir.Node
		for _, n := range cur {
			var kids []*fhir.Node
			for _, c := range n.Children {
				switch {
				case c.Name == name:
					kids = append(kids, c)
				case c.IsResource() && c.Resource == name:
					// XML wraps a nested resource in an element named after its type.
					kids = append(kids, c)
				}
			}
			// In XML a resource element (entry/resource/Patient) is a step of its own.
			if len(kids) == 0 && n.IsResource() && n.Resource == name {
				kids = []*fhir.Node{n}
			}
			if hasIdx {
				if idx < len(kids) {
					next = append(next, kids[idx])
				}
				continue
			}
			next = append(next, kids...)
		}
		cur = next
	}
	var out []string
	for _, n := range cur {
		if n.Kind.HasValue() {
			out = append(out, n.Value)
		}
	}
	return out, true
}

// splitIndex splits "entry[2]" into entry and a 0-based index.
func splitIndex(st string, xpath bool) (name string, idx int, has, ok bool) {
	i := strings.IndexByte(st, '[')
	if i < 0 {
		return st, 0, false, true
	}
	if !strings.HasSuffix(st, "]") {
		return "", 0, false, false
	}
	num := st[i+1 : len(st)-1]
	n := 0
	if num == "" || len(num) > 6 {
		return "", 0, false, false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return "", 0, false, false
		}
		n = n*10 + int(c-'0')
	}
	if xpath {
		if n == 0 {
			return "", 0, false, false
		}
		n--
	}
	return st[:i], n, true, true
}
