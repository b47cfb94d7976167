package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// FuzzValidate validates arbitrary FHIR JSON: never a panic, whatever the
// structure (unknown types, choice names, slices, broken codes).
func FuzzValidate(f *testing.F) {
	f.Add(`{"resourceType":"Patient","id":"x y","gender":"bogus","name":[{"given":[""]}],"contact":[{}]}`)
	f.Add(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{},"valueQuantity":{"value":"a"}}}]}`)
	f.Add(`{"resourceType":"Patient","meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"]},"telecom":[{"system":"email","value":"a@b"}],"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-nationality","extension":[{"url":"code"}]}]}`)
	f.Add(`{"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"2","type":"string","item":[{}]}]}]}`)
	v := validator(f)
	f.Fuzz(func(t *testing.T, doc string) {
		r, err := fhir.ParseOptions{Version: fhir.R4}.ParseJSON([]byte(doc))
		if err != nil {
			return
		}
		issues := v.Validate(context.Background(), r)
		_ = Outcome(issues, "nl")
	})
}

// FuzzLocate reads arbitrary text for positions: never a panic, and a
// position found lies inside the text.
func FuzzLocate(f *testing.F) {
	f.Add("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"a\"]}],\"_gender\":{\"id\":\"x\"}}", "Patient.name[0].given[0]")
	f.Add("<Bundle xmlns=\"http://hl7.org/fhir\"><entry><resource><Patient><id value=\"a\"/></Patient></resource></entry></Bundle>", "Bundle.entry[0].resource.id")
	f.Add("{\"resourceType\":\"X\",\"a\":[[[{}]]]}", "X.a")
	f.Fuzz(func(t *testing.T, text, loc string) {
		is := []Issue{{Location: loc}}
		Locate(is, []byte(text))
		if is[0].Line > 0 && is[0].Line > 1+strings.Count(text, "\n") {
			t.Errorf("line %d beyond the text", is[0].Line)
		}
	})
}
