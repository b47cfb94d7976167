package testday_test

import (
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/testday"
)

// FuzzParseSteps: the steps textarea parser never panics, and what it
// accepts writes back (FormatSteps) to text it reads again to the same
// steps.
func FuzzParseSteps(f *testing.F) {
	for _, s := range []string{"pgo | Haal op | Alles staat er | auto\n", "dva|a|b", "x", "|||", "pgo | a | b | c | d", "\r\n\n zorgaanbieder | a | b \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		steps, err := testday.ParseSteps(text)
		if err != nil {
			return
		}
		for _, st := range steps {
			if strings.ContainsAny(st.Action+st.Expected+st.ActingRole+st.Check, "|\n") {
				return // a field with a separator does not round-trip; the scenario's validation refuses empty parts
			}
		}
		again, err := testday.ParseSteps(testday.FormatSteps(steps))
		if err != nil || len(again) != len(steps) {
			t.Fatalf("round trip of %q: %v %d/%d", text, err, len(again), len(steps))
		}
	})
}
