package fhirpath

import (
	"errors"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

func TestStrictMode(t *testing.T) {
	bad := []struct {
		v         fhir.Version
		typ, expr string
		col       int
		msg       string
	}{
		{fhir.R4, "Patient", "Patient.name.given1", 14, "'given1' is not an element of HumanName"},
		{fhir.R4, "Patient", "Encounter.name", 1, "'Encounter' is not an element of Patient"},
		{fhir.R4, "", "Observation.valueQuantity.unit", 13, "'valueQuantity'"},
		{fhir.R4, "", "(Observation.value as Period).unit", 31, "'unit' is not an element of Period"},
		{fhir.R4, "", "Observation.context", 13, "'context'"},
		{fhir.STU3, "", "Observation.encounter", 13, "'encounter'"},
		{fhir.R4, "HumanName", "given.where(use = 'x')", 13, "'use' is not an element of string"},
		{fhir.R4, "Patient", "children().first()", 12, "ordered collection"},
		{fhir.R4, "Patient", "iif('text', 1, 2)", 5, "boolean"},
	}
	for _, c := range bad {
		_, err := Compile(c.expr, Options{Version: c.v, Strict: true, Type: c.typ})
		var se *SyntaxError
		if !errors.As(err, &se) || se.Column != c.col || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%s %q: got %v, want %q at column %d", c.v, c.expr, err, c.msg, c.col)
		}
		// without Strict the same expression compiles (and finds nothing)
		if _, err := Compile(c.expr, Options{Version: c.v, Type: c.typ}); err != nil {
			t.Errorf("%q without strict: %v", c.expr, err)
		}
	}
	good := []struct {
		v         fhir.Version
		typ, expr string
	}{
		{fhir.R4, "Patient", "Patient.contact.name.family.extension('x').value.exists()"},
		{fhir.R4, "", "Observation.value.ofType(Quantity).unit"},
		{fhir.R4, "", "Observation.value.unit"},
		{fhir.R4, "", "Observation.encounter.resolve().status"},
		{fhir.STU3, "", "Observation.context.reference"},
		{fhir.R4, "Patient.contact", "name.given.id | telecom.where(system = 'phone').value"},
		{fhir.R4, "Bundle", "entry.resource.ofType(Patient).name.select(given.first() & family)"},
		{fhir.R4, "Patient", "descendants().where($this is Reference).reference"},
	}
	for _, c := range good {
		if _, err := Compile(c.expr, Options{Version: c.v, Strict: true, Type: c.typ}); err != nil {
			t.Errorf("%s %q: %v", c.v, c.expr, err)
		}
	}
}
