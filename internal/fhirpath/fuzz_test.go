package fhirpath

import (
	"context"
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// FuzzCompile feeds arbitrary text to the parser: it must return an
// expression or a *SyntaxError with a position inside the text, never
// panic; a compiled expression is also evaluated on a small Patient and
// must not panic either.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"Patient.name.given",
		"name.where(use = 'official').family.exists() and telecom.all(system.exists())",
		"Observation.value.as(Quantity).value > 5 'mg'",
		"(1 | 2 | 3).aggregate($this + $total, 0)",
		"@2015-02-04T14:34:28.123+10:00 + 1 year",
		"%resource.descendants().ofType(Reference).resolve()",
		"'a\\u0041'.matches('^.*$') implies {} = 1.5e",
		"2 + 2 /* open",
		"iif(true, `x`, %'y')",
		"((((((((((1))))))))))",
	} {
		f.Add(s)
	}
	patient := fhir.NewResource(fhir.R4, "Patient")
	patient.Root.Append(fhir.NewElement("name", fhir.NewString("family", "Jansen"), fhir.NewString("given", "Anna").InArray()).InArray())
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Compile(src, Options{})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Compile(%q) error is %T, want *SyntaxError", src, err)
			}
			if se.Offset < 0 || se.Offset > len(src) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("Compile(%q): bad position %+v", src, se)
			}
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if _, err := e.Evaluate(ctx, patient.Root, nil); err != nil {
			var ee *EvalError
			if !errors.As(err, &ee) && !errors.Is(err, errCanceled) {
				t.Fatalf("Evaluate(%q): unexpected error %v", src, err)
			}
		}
	})
}
