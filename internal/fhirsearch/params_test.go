package fhirsearch

import (
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// TestEveryParameterCompiles compiles the expression of every core and
// Nictiz parameter for each of its base types.
func TestEveryParameterCompiles(t *testing.T) {
	for _, v := range []fhir.Version{fhir.STU3, fhir.R4} {
		reg := For(v)
		n, bad := 0, 0
		for code, rows := range reg.rows {
			for _, rw := range rows {
				for _, b := range rw.Base {
					p := reg.Lookup(b, code)
					if p == nil {
						continue
					}
					n++
					if p.err != nil {
						bad++
						t.Logf("%s %s.%s: %q: %v", v, b, code, p.Expression, p.err)
					}
				}
			}
		}
		if n < 1000 || bad > 0 {
			t.Errorf("%s: %d parameters, %d do not compile", v, n, bad)
		}
	}
}

func TestExprFor(t *testing.T) {
	got := exprFor("Condition.onset.ofType(dateTime) | Observation.effective | (RiskAssessment.occurrence.ofType(dateTime))", "RiskAssessment", nil)
	if got != "(RiskAssessment.occurrence.ofType(dateTime))" {
		t.Errorf("got %q", got)
	}
	if got := exprFor("Resource.id", "Patient", []string{"Resource"}); got != "Patient.id" {
		t.Errorf("got %q", got)
	}
}
