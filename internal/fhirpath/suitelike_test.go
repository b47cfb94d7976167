package fhirpath

import (
	"context"
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Cases of HL7's suite whose input files are not in the shared material,
// run on small inputs written here with the same shape.
func TestSuiteCasesOnOwnInputs(t *testing.T) {
	params := parseRes(t, fhir.R4, `<Parameters xmlns="http://hl7.org/fhir">
	 <parameter><name value="a"/><valueString value="x"/></parameter>
	 <parameter><name value="b"/><valueInteger value="1"/></parameter>
	 <parameter><name value="c"/><valueUuid value="urn:uuid:2b5a2f3c-6a4e-4f7e-9d3c-0c0f1b2a3d4e"/></parameter>
	 <parameter><name value="d"/><valueDecimal value="1.5"/></parameter></Parameters>`)
	runCases(t, params, nil, []evalCase{
		{"Parameters.parameter[0].value.is(FHIR.string)", "true"},
		{"Parameters.parameter[1].value.is(FHIR.integer)", "true"},
		{"Parameters.parameter[2].value.is(FHIR.uuid)", "true"},
		{"Parameters.parameter[2].value.is(FHIR.uri)", "true"},
		{"Parameters.parameter[3].value.is(FHIR.decimal)", "true"},
		{"Parameters.parameter[3].value.is(FHIR.integer)", "false"},
		{"Parameters.parameter.value.ofType(integer) + 1", "2"},
	})
	container := parseRes(t, fhir.R4, `{"resourceType":"Patient","id":"c","contained":[{"resourceType":"Patient","id":"1"}]}`)
	runCases(t, container, nil, []evalCase{{"contained.id", "1"}, {"contained.id.is(string)", "true"}})

	period := parseRes(t, fhir.R4, `{"resourceType":"Patient","identifier":[
	 {"value":"1","period":{"start":"2010-05-06T10:00:00+01:00","end":"2010-05-06"}},
	 {"value":"2","period":{"start":"2010","end":"2011-01-01"}}]}`)
	runCases(t, period, nil, []evalCase{
		{"Patient.identifier.period.all(start.hasValue().not() or end.hasValue().not() or (start <= end))", "false"},
		{"Patient.identifier.period.all(start.empty() or end.empty() or (start.lowBoundary() < end.highBoundary()))", "true"},
	})

	ext := parseRes(t, fhir.R4, `{"resourceType":"Patient","name":[{"given":[null,"Anna"],
	 "_given":[{"extension":[{"url":"http://example.org/x","valueString":"gone"}]},null]}]}`)
	runCases(t, ext, nil, []evalCase{
		{"Patient.name.given.select($this.hasValue())", "false, true"},
		{"Patient.name.given.extension('http://example.org/x').value", "gone"},
		{"Patient.name.given.count()", "2"},
		{"Patient.name.given.first().startsWith('A')", ""},
		{"Patient.name.given.first() = 'Anna'", ""},
		{"Patient.name.given.last().startsWith('A')", "true"},
	})

	appt := parseRes(t, fhir.R4, `{"resourceType":"Appointment","status":"proposed","participant":[{"status":"needs-action"}],
	 "identifier":[{"system":"http://example.org/sampleappointment-identifier","value":"rand123"}]}`)
	for _, src := range []string{"Appointment.identifier.startsWith('rand')", "Appointment.identifier.endsWith('rand')", "Appointment.identifier.contains('rand')"} {
		_, err := MustCompile(src, Options{}).EvaluateResource(context.Background(), appt, nil)
		var ee *EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%s: error %v, want *EvalError", src, err)
		}
	}

	eob := parseRes(t, fhir.R4, `{"resourceType":"ExplanationOfBenefit","supportingInfo":[
	 {"sequence":1,"category":{"coding":[{"code":"additionalbodysite"}]}},{"sequence":2,"category":{"coding":[{"code":"other"}]}}],
	 "item":[{"sequence":1,"informationSequence":[1,3]}]}`)
	runCases(t, eob, nil, []evalCase{
		{"supportingInfo.where(category.coding.code = 'additionalbodysite').sequence.subsetOf($this.item.informationSequence)", "true"},
		{"supportingInfo.sequence.subsetOf($this.item.informationSequence)", "false"},
	})
}
