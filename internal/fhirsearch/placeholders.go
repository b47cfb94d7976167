package fhirsearch

import (
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// ResolveDates replaces the date placeholders of Touchstone and the Nictiz
// qualification material in s, as Touchstone does when it loads a fixture
// or sends a request:
//
//	${CURRENTDATE}            today, yyyy-MM-dd
//	${CURRENTDATE,U,N}        today shifted by N units U
//	${DATE, V, U, N}          the date of variable V shifted by N units U
//
// U is Y (years), M (months), W (weeks), D (days), h, m or s (hours,
// minutes, seconds: the result is then a dateTime in UTC); N is a signed
// whole number ("-355", "+7", "-0"). Spaces after the commas are optional.
// vars, when not nil, gives the value of variable V (e.g. "T" of the
// Nictiz scripts, whose defaultValue is ${CURRENTDATE}); an unknown
// variable, or one whose value is not a date, stands for today. Other
// ${...} expressions (variables, ids, tokens) are left as they are.
func ResolveDates(s string, today time.Time, vars func(name string) (string, bool)) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		expr := s[i+2 : i+j]
		if v, ok := resolveDate(expr, today, vars); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

func resolveDate(expr string, today time.Time, vars func(string) (string, bool)) (string, bool) {
	parts := strings.Split(expr, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	base := today
	var unit, amount string
	switch {
	case parts[0] == "CURRENTDATE" && len(parts) == 1:
		return base.Format("2006-01-02"), true
	case parts[0] == "CURRENTDATE" && len(parts) == 3:
		unit, amount = parts[1], parts[2]
	case parts[0] == "DATE" && len(parts) == 4:
		if vars != nil {
			if v, ok := vars(parts[1]); ok {
				v = ResolveDates(v, today, nil)
				if t, err := time.Parse("2006-01-02", v); err == nil {
					base = t
				} else if t, err := time.Parse(time.RFC3339, v); err == nil {
					base = t
				}
			}
		}
		unit, amount = parts[2], parts[3]
	default:
		return "", false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(amount, "+"))
	if err != nil || n > 100000 || n < -100000 {
		return "", false
	}
	switch unit {
	case "Y", "y":
		return base.AddDate(n, 0, 0).Format("2006-01-02"), true
	case "M":
		return base.AddDate(0, n, 0).Format("2006-01-02"), true
	case "W", "w":
		return base.AddDate(0, 0, 7*n).Format("2006-01-02"), true
	case "D", "d":
		return base.AddDate(0, 0, n).Format("2006-01-02"), true
	case "h":
		return base.Add(time.Duration(n) * time.Hour).UTC().Format(time.RFC3339), true
	case "m":
		return base.Add(time.Duration(n) * time.Minute).UTC().Format(time.RFC3339), true
	case "s":
		return base.Add(time.Duration(n) * time.Second).UTC().Format(time.RFC3339), true
	}
	return "", false
}

// HasDatePlaceholder reports whether any value below n holds a date
// placeholder ResolveDates would replace.
func HasDatePlaceholder(n *fhir.Node) bool {
	if n.Kind.HasValue() && strings.Contains(n.Value, "${") && ResolveDates(n.Value, time.Unix(0, 0).UTC(), nil) != n.Value {
		return true
	}
	for _, c := range n.Children {
		if HasDatePlaceholder(c) {
			return true
		}
	}
	return false
}

// ResolveResourceDates returns r with its date placeholders resolved
// (values and narrative), as a copy; r itself when it has none.
func ResolveResourceDates(r *fhir.Resource, today time.Time) *fhir.Resource {
	if !HasDatePlaceholder(r.Root) {
		return r
	}
	root := r.Root.Clone()
	resolveNode(root, today)
	return &fhir.Resource{Root: root, Version: r.Version}
}

func resolveNode(n *fhir.Node, today time.Time) {
	if n.Kind.HasValue() && strings.Contains(n.Value, "${") {
		n.Value = ResolveDates(n.Value, today, nil)
	}
	for _, c := range n.Children {
		resolveNode(c, today)
	}
}
