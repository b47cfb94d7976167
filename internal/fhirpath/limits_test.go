package fhirpath

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Hostile expressions end with an *EvalError instead of exhausting memory
// or time.
func TestLimits(t *testing.T) {
	p := fhir.NewResource(fhir.R4, "Patient")
	for _, src := range []string{
		"'ab'.repeatAll($this & $this)",  // doubling strings
		"(2.5).repeatAll($this * $this)", // growing decimals
		"(1).repeatAll($this)",           // endless
		"9223372036854775807 + 1",        // integer overflow
		"'x'.replace('', '" + string(make([]byte, 0)) + "yyyyyyyyyy').repeatAll($this.replace('', 'yyyyyyyyyy'))",
	} {
		_, err := MustCompile(src, Options{}).Evaluate(context.Background(), p.Root, nil)
		var ee *EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%s: error %v, want *EvalError", src, err)
		}
	}
	// an endless repeat ends at Options.MaxSteps
	_, err := MustCompile("(1).repeatAll($this)", Options{MaxSteps: 50_000}).Evaluate(context.Background(), p.Root, nil)
	var ee *EvalError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "50000 steps") {
		t.Errorf("endless repeat: %v", err)
	}
	// units with huge exponents or a zero factor are not analysed (found by
	// the fuzzer: 0'/0'*0 divided by zero)
	runCases(t, p, nil, []evalCase{
		{"(0 '/0' * 0).exists()", "false"},
		{"(0 '' * 0 '[').exists()", "false"},
		{"1 'mg{tablet}' = 1 'mg'", "true"},
		{"1 'm999999999' = 1 'm999999999'", "true"},
		{"(1 '10*999999999' * 2).exists()", "false"},
		{"2.power(100)", ""},
		{"2.power(10)", "1024"},
	})
}

// The set functions use '=' as equality: 1 and 1.0 are the same item,
// equal elements at different places too.
func TestSetSemantics(t *testing.T) {
	p := parseRes(t, fhir.R4, `{"resourceType":"Patient","name":[{"given":["Anna","Maria"]},{"given":["Anna"]}],
	 "contact":[{"name":{"given":["Anna","Maria"]}}]}`)
	runCases(t, p, nil, []evalCase{
		{"(1 | 1.0 | 2).count()", "2"},
		{"(1 | 2 | 3).intersect(2 | 3.0 | 4)", "2, 3"},
		{"(1 | 2 | 3).exclude(2.0)", "1, 3"},
		{"name.given.distinct()", "Anna, Maria"},
		{"name.given.isDistinct()", "false"},
		{"(name | contact.name).count()", "2"},
		{"name.given.subsetOf(contact.name.given)", "true"},
		{"contact.name.given.supersetOf(name.given)", "true"},
		{"(@2012 | @2012-01).count()", "2"},
		{"(1 'g' | 1000 'mg').count()", "1"},
		{"descendants().distinct().count() < descendants().count()", "true"},
	})
}
