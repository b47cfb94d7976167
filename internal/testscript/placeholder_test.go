package testscript

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestExpand(t *testing.T) {
	now := time.Date(2026, 3, 31, 15, 4, 5, 0, time.UTC)
	vars := map[string]string{"T": "2026-01-31", "who": "Bearer x", "dt": "2024-02-29T10:00:00+01:00"}
	lookup := func(n string) (string, bool) { v, ok := vars[n]; return v, ok }
	for in, want := range map[string]string{
		"${CURRENTDATE}":                    "2026-03-31",
		"${CURRENTDATE,M,-14}":              "2025-01-31",
		"date=ge${CURRENTDATE, D, +1}":      "date=ge2026-04-01",
		"${DATE, T, D, -355}":               "2025-02-10",
		"${DATE, T, D,-365}T00:00:00+01:00": "2025-01-31T00:00:00+01:00",
		"${DATE, T, Y, -2}":                 "2024-01-31",
		"${DATE, T, M, 1}":                  "2026-03-03", // Go normalises 31 February
		"${DATE, T, W, +2}":                 "2026-02-14",
		"${DATE, dt, D, 1}":                 "2024-03-01",
		"${DATE, T, D, +0}":                 "2026-01-31",
		"${who}":                            "Bearer x",
		"a ${unknown} b":                    "a ${unknown} b",
		"${DATE, nope, D, 1}":               "${DATE, nope, D, 1}",
		"${DATE, T, Q, 1}":                  "${DATE, T, Q, 1}",
		"${DATE, T, D, x}":                  "${DATE, T, D, x}",
		"${DATE, T, D, 99999999}":           "${DATE, T, D, 99999999}",
		"unterminated ${DATE":               "unterminated ${DATE",
		"no placeholders":                   "no placeholders",
	} {
		if got := Expand(in, lookup, now); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
	// T defaults to today when the script has no such variable.
	if got := Expand("${DATE, T, D, -1}", nil, now); got != "2026-03-30" {
		t.Errorf("T default: %q", got)
	}
	if got := ExpandDates("${DATE, T, D, -1} ${CURRENTDATE}", now); got != "2026-03-30 2026-03-31" {
		t.Errorf("ExpandDates: %q", got)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := Expand("${UUID}", nil, now), Expand("${UUID}", nil, now)
	if !uuid.MatchString(a) || a == b {
		t.Errorf("UUIDs %q %q", a, b)
	}
	// A variable's value is not expanded again (no loops).
	vars["loop"] = "${loop}"
	if got := Expand("${loop}", lookup, now); got != "${loop}" {
		t.Errorf("loop: %q", got)
	}
}

// FuzzExpand: the resolver never panics, never grows text without bound
// and leaves text without "${" alone.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"${DATE, T, D, -355}", "${CURRENTDATE,M,-14}", "${UUID}", "${x}", "${", "}${}", "${DATE,,,}", "${DATE, T, Y, -9999}", "${CURRENTDATE,Y,8000}"} {
		f.Add(s)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got := Expand(s, func(n string) (string, bool) { return "v", n == "x" }, now)
		if !strings.Contains(s, "${") && got != s {
			t.Fatalf("changed %q to %q", s, got)
		}
		if len(got) > len(s)*40+64 {
			t.Fatalf("%d bytes became %d", len(s), len(got))
		}
	})
}
