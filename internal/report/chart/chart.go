// Package chart draws the simple charts of ketentest's documents
// (evaluation results, final report) as SVG made in Go, so pages need no
// JavaScript to view or print; internal/report/pdf draws the same model
// with PDF primitives.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Bar is one labelled value.
type Bar struct {
	Label string
	Value float64
	// Text is shown after the bar instead of the value when set.
	Text string
}

// Bars is a horizontal bar chart.
type Bars struct {
	Title string
	Bars  []Bar
	// Max is the value of a full bar; 0: the largest value.
	Max float64
}

// Scale returns the value of a full bar (never 0).
func (b Bars) Scale() float64 {
	m := b.Max
	if m <= 0 {
		for _, x := range b.Bars {
			m = max(m, x.Value)
		}
	}
	if m <= 0 {
		m = 1
	}
	return m
}

// ValueText is what is written after bar i.
func (b Bars) ValueText(i int) string {
	if t := b.Bars[i].Text; t != "" {
		return t
	}
	v := b.Bars[i].Value
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// Geometry of the SVG, in user units.
const (
	svgWidth  = 560
	labelW    = 180
	barH      = 18
	gap       = 6
	valueW    = 70
	titleH    = 22
	maxLabelC = 32
)

// SVG renders the chart as an inline SVG element. Every text is escaped.
func (b Bars) SVG() template.HTML {
	top := 0
	if b.Title != "" {
		top = titleH
	}
	h := top + len(b.Bars)*(barH+gap) + gap
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-label="%s">`,
		svgWidth, h, svgWidth, h, html.EscapeString(b.Title))
	if b.Title != "" {
		fmt.Fprintf(&s, `<text x="0" y="15" font-size="14" font-weight="bold">%s</text>`, html.EscapeString(b.Title))
	}
	scale := b.Scale()
	full := float64(svgWidth - labelW - valueW)
	for i, bar := range b.Bars {
		y := top + i*(barH+gap) + gap
		w := full * bar.Value / scale
		if w < 0 {
			w = 0
		}
		fmt.Fprintf(&s, `<text x="0" y="%d" font-size="12"><title>%s</title>%s</text>`, y+13, html.EscapeString(bar.Label), html.EscapeString(Short(bar.Label, maxLabelC)))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#2b6cb0"></rect>`, labelW, y, w, barH)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="12">%s</text>`, float64(labelW)+w+4, y+13, html.EscapeString(b.ValueText(i)))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// Short cuts s to n runes with an ellipsis.
func Short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// QRSVG draws a QR code's modules (true = dark) as an SVG, one unit per
// module with a quiet zone the bitmap already holds.
func QRSVG(bits [][]bool, px int) template.HTML {
	n := len(bits)
	if n == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="QR" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"></rect><path fill="#000" d="`, n, n, px, px, n, n)
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&s, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	s.WriteString(`"></path></svg>`)
	return template.HTML(s.String())
}
