package validate

import (
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
)

// tableWalk checks n of type typ against the built-in type tables of
// package fhir (for STU3 resources, whose StructureDefinitions are not
// available; the tables come from the official XSDs): unknown elements,
// repeats of single elements, primitive formats and empty elements.
// Cardinality minimums, bindings and invariants are not in the tables.
func (w *walker) tableWalk(n *fhir.Node, typ, loc string, depth int) {
	if depth > 100 || w.ctx.Err() != nil {
		return
	}
	counts := map[string]int{}
	for _, c := range n.Children {
		info, ok := fhir.LookupElement(w.version, typ, c.Name)
		if !ok {
			w.add(Error, "structure", loc+"."+c.Name, MsgUnknownElement, c.Name)
			continue
		}
		i := counts[c.Name]
		counts[c.Name]++
		cloc := loc + "." + c.Name
		if info.Many {
			cloc = fmt.Sprintf("%s[%d]", cloc, i)
		} else if i == 1 {
			w.add(Error, "structure", loc, MsgTooMany, c.Name, len(n.ChildrenNamed(c.Name)), "1")
		}
		switch {
		case c.IsResource():
			w.resource(c, cloc, nil, false)
		case info.Type == "Extension":
			w.extension(c, nil, cloc, false)
		case c.Kind.IsPrimitive():
			if !c.Kind.HasValue() && len(c.Children) == 0 {
				w.add(Error, "invariant", cloc, MsgEmpty)
			}
			w.primitive(c, info.Type, cloc)
			for j, x := range c.ChildrenNamed("extension") {
				w.extension(x, nil, fmt.Sprintf("%s.extension[%d]", cloc, j), false)
			}
		default:
			if len(c.Children) == 0 {
				w.add(Error, "invariant", cloc, MsgEmpty)
			}
			w.tableWalk(c, info.Type, cloc, depth+1)
		}
	}
}
