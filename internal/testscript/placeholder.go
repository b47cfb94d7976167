package testscript

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxExpansions bounds the placeholders expanded in one text, so that a
// hostile script cannot make the engine loop or allocate without end.
const maxExpansions = 100000

// Expand replaces the ${...} placeholders in s (see the package
// documentation): lookup answers variable names (ok false when unknown),
// now is today's date for ${CURRENTDATE}. Unknown placeholders stay as
// written. Variable values are not expanded again.
func Expand(s string, lookup func(name string) (string, bool), now time.Time) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	n := 0
	for {
		i := strings.Index(s, "${")
		if i < 0 || n >= maxExpansions {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+2:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		n++
		b.WriteString(s[:i])
		body := s[i+2 : i+2+j]
		if v, ok := resolvePlaceholder(body, lookup, now); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+3+j])
		}
		s = s[i+3+j:]
	}
}

// ExpandDates resolves only the date placeholders and ${UUID} (with T as
// today), as a server does when it loads fixtures: ${DATE, T, D, -n},
// ${CURRENTDATE...} and ${UUID}.
func ExpandDates(s string, now time.Time) string {
	return Expand(s, func(name string) (string, bool) {
		if name == "T" {
			return now.Format(time.DateOnly), true
		}
		return "", false
	}, now)
}

func resolvePlaceholder(body string, lookup func(string) (string, bool), now time.Time) (string, bool) {
	name := strings.TrimSpace(body)
	switch {
	case name == "UUID":
		return NewUUID(), true
	case name == "CURRENTDATE":
		return now.Format(time.DateOnly), true
	case strings.HasPrefix(name, "CURRENTDATE,"):
		parts := splitTrim(name)
		if len(parts) != 3 {
			return "", false
		}
		return shiftDate(now, parts[1], parts[2])
	case strings.HasPrefix(name, "DATE,"):
		parts := splitTrim(name)
		if len(parts) != 4 {
			return "", false
		}
		base, ok := now, true
		if lookup != nil {
			var v string
			if v, ok = lookup(parts[1]); ok {
				base, ok = parseDay(v, now.Location())
			}
		}
		if !ok {
			if parts[1] != "T" {
				return "", false
			}
			base = now // T defaults to today
		}
		return shiftDate(base, parts[2], parts[3])
	}
	if lookup != nil {
		return lookup(name)
	}
	return "", false
}

func splitTrim(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// parseDay reads the date part of a FHIR date or dateTime.
func parseDay(v string, loc *time.Location) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) >= 10 {
		v = v[:10]
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	return t, err == nil
}

// shiftDate adds n units (Y, M, W, D) to t and formats the date.
func shiftDate(t time.Time, unit, n string) (string, bool) {
	k, err := strconv.Atoi(strings.TrimPrefix(n, "+"))
	if err != nil || k > 1000000 || k < -1000000 {
		return "", false
	}
	switch strings.ToUpper(unit) {
	case "Y":
		t = t.AddDate(k, 0, 0)
	case "M":
		t = t.AddDate(0, k, 0)
	case "W":
		t = t.AddDate(0, 0, 7*k)
	case "D":
		t = t.AddDate(0, 0, k)
	default:
		return "", false
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
