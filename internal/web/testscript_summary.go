package web

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ketentest/ketentest/internal/testscript"
)

// tsBar is the summary bar at the top of a run or client page: one
// segment per outcome, as wide as its share of all asserts (drawn as SVG
// rectangles: the CSP allows no inline styles).
type tsBar struct {
	Total int
	Segs  []tsSeg
}

type tsSeg struct {
	Status testscript.Status
	N      int
	X, W   string // percentages for the SVG rectangle
}

// summaryBar builds the bar of c, in the order pass, fail, warning,
// unsupported, skipped; outcomes with no asserts are left out.
func summaryBar(c testscript.Counts) tsBar {
	b := tsBar{Total: c.Total()}
	x := 0.0
	for _, s := range []struct {
		st testscript.Status
		n  int
	}{{testscript.Pass, c.Pass}, {testscript.Fail, c.Fail}, {testscript.Warning, c.Warning}, {testscript.Unsupported, c.Unsupported}, {testscript.Skipped, c.Skipped}} {
		if s.n == 0 {
			continue
		}
		w := 100 * float64(s.n) / float64(b.Total)
		b.Segs = append(b.Segs, tsSeg{Status: s.st, N: s.n, X: fmt.Sprintf("%.2f%%", x), W: fmt.Sprintf("%.2f%%", w)})
		x += w
	}
	return b
}

// worst is the outcome an operation is marked with: fail over warning over
// unsupported over skipped over pass; "" without asserts.
func worst(as []tsAssertView) testscript.Status {
	rank := map[testscript.Status]int{testscript.Pass: 1, testscript.Skipped: 2, testscript.Unsupported: 3, testscript.Warning: 4, testscript.Fail: 5}
	var w testscript.Status
	for _, a := range as {
		if rank[a.Status] > rank[w] {
			w = a.Status
		}
	}
	return w
}

// indentBody indents a JSON body for reading; other bodies (XML, cut
// JSON) are shown as they are.
func indentBody(b string) string {
	t := bytes.TrimSpace([]byte(b))
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return b
	}
	var out bytes.Buffer
	if json.Indent(&out, t, "", "  ") != nil {
		return b
	}
	return out.String()
}
