package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/report/chart"
)

// funcsIn are the template functions; moments are shown in zone.
func funcsIn(zone *time.Location) template.FuncMap {
	return template.FuncMap{
		"t": i18n.T,
		// tx picks the language of a blueprint text.
		"tx": func(lang string, t blueprint.Text) string { return t.In(lang) },
		"role": func(lang string, r blueprint.Role) string {
			if r == "" {
				return "–"
			}
			return r.Label().In(lang)
		},
		"variant":   func(lang string, v blueprint.Variant) string { return v.Label().In(lang) },
		"blockname": func(lang string, b blueprint.BuildingBlock) string { return b.Label().In(lang) },
		"status":    func(lang string, s any) string { return i18n.T(lang, "status."+fmt.Sprint(s)) },
		"day": func(lang string, d date.Date) string {
			if d.IsZero() {
				return "–"
			}
			return formatDate(lang, d.Time())
		},
		// when is the one way a moment is shown: date and time of day in the
		// configured display time zone (--timezone, Europe/Amsterdam by default).
		"when": func(lang string, t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			t = t.In(zone)
			return formatDate(lang, t) + " " + t.Format("15:04")
		},
		"pgostep": pgoStepLabel,
		// daytext shows a yyyy-mm-dd string (an event's day, a test
		// patient's birth date) like day; anything else (a partial FHIR
		// date) as it is.
		"daytext": func(lang, s string) string {
			d, err := date.Parse(s)
			if err != nil || d.IsZero() {
				return s
			}
			return formatDate(lang, d.Time())
		},
		"pgostepname": pgoStepName,
		"iso":         func(d date.Date) string { return d.String() },
		"clock":       func(t time.Time) string { return t.In(zone).Format("15:04") },
		"trailrows":   trailRows,
		"label":       label,
		"deref":       func(t *time.Time) time.Time { return *t },
		"today":       func() date.Date { return date.Of(time.Now().In(zone)) },
		// lines keeps the line breaks of plain text; the text itself stays escaped.
		"lines": func(s string) template.HTML {
			parts := strings.Split(s, "\n")
			for i, p := range parts {
				parts[i] = template.HTMLEscapeString(p)
			}
			return template.HTML(strings.Join(parts, "<br>"))
		},
		"pct": func(done, total int) int {
			if total == 0 {
				return 0
			}
			return done * 100 / total
		},
		// svg shows a chart made in Go (internal/report/chart); its texts are escaped there.
		"svg": func(c any) template.HTML {
			switch b := c.(type) {
			case chart.Bars:
				return b.SVG()
			case *chart.Bars:
				if b != nil {
					return b.SVG()
				}
			}
			return ""
		},
		"evalchart": report.EvalChart,
		"qrsvg":     func(bits [][]bool) template.HTML { return chart.QRSVG(bits, 160) },
		"add":       func(a, b int) int { return a + b },
		"list":      func(xs ...string) []string { return xs },
		// dict passes several values to a sub-template: dict "Key" value ...
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

var monthsNL = []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

func formatDate(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2") + " " + monthsNL[t.Month()-1] + " " + t.Format("2006")
}
