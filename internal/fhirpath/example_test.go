package fhirpath_test

import (
	"context"
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
)

func Example() {
	r, err := fhir.Parse([]byte(`{"resourceType":"Patient","name":[{"use":"official","family":"Jansen","given":["Anna","Maria"]}],
		"birthDate":"1980-04-01"}`))
	if err != nil {
		panic(err)
	}
	// compile once (strictly: every element must exist in Patient) ...
	expr, err := fhirpath.Compile("name.where(use = 'official').given.first() & ' ' & %suffix",
		fhirpath.Options{Version: fhir.R4, Strict: true, Type: "Patient"})
	if err != nil {
		panic(err)
	}
	// ... evaluate many times
	env := &fhirpath.Env{Vars: map[string]fhirpath.Collection{"suffix": {fhirpath.StringValue("Jansen")}}}
	out, err := expr.EvaluateResource(context.Background(), r, env)
	fmt.Println(out[0], err)

	ok, known, err := fhirpath.MustCompile("birthDate < @2000", fhirpath.Options{}).EvaluateBool(context.Background(), r.Root, nil)
	fmt.Println(ok, known, err)

	_, err = fhirpath.Compile("name.given1", fhirpath.Options{Strict: true, Type: "Patient"})
	fmt.Println(err)
	// Output:
	// Anna Jansen <nil>
	// true true <nil>
	// fhirpath: syntax error at line 1, column 6: 'given1' is not an element of HumanName
}
