// Package sandboxtest holds the test fixtures that the tests of several
// packages serve through the reference DVA. They read the real FHIR material
// from ../shared beside the checkout (a test of internal/<pkg> finds it at
// ../../../shared) and skip with a message when it is absent.
package sandboxtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Zib2020 is the folder of the Nictiz zib2020 (R4) examples.
const Zib2020 = "../../../shared/fhir/examples/nl-zib2020"

// pzpFiles are the Nictiz zib2020 examples of proactive care planning:
// treatment directives and advance directives (Consent) with the people
// they name, and the patient's own goals and procedure. One treatment
// directive belongs to another patient, so it must never be served.
var pzpFiles = []string{
	"nl-core-Patient-01", "nl-core-TreatmentDirective2-01", "nl-core-TreatmentDirective2-01-Consent-01",
	"nl-core-TreatmentDirective2-01-Practitioner-01", "nl-core-TreatmentDirective2-01-PractitionerRole-01",
	"nl-core-TreatmentDirective2-01-RelatedPerson-01", "nl-core-TreatmentDirective2-02", "nl-core-TreatmentDirective2-02-Patient-01",
	"nl-core-AdvanceDirective-01", "nl-core-AdvanceDirective-01-Condition-01", "nl-core-AdvanceDirective-01-RelatedPerson-01",
	"nl-core-TreatmentObjective-01", "nl-core-Procedure-event-01",
}

// The zib2020 examples hold no advance care planning procedure or goal
// (SNOMED 713603004); these two are written here for the test.
const (
	acpProcedure = `{"resourceType":"Procedure","id":"kt-acp-gesprek-1",
	 "meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Procedure-event"]},
	 "status":"completed",
	 "code":{"coding":[{"system":"http://snomed.info/sct","code":"713603004","display":"advance care planning"}]},
	 "subject":{"reference":"Patient/nl-core-Patient-01","display":"J.P.M. van Putten-van der Giessen"},
	 "performedDateTime":"2025-06-12"}`
	acpGoal = `{"resourceType":"Goal","id":"kt-acp-doel-1",
	 "meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-TreatmentObjective"]},
	 "lifecycleStatus":"active",
	 "category":[{"coding":[{"system":"http://snomed.info/sct","code":"713603004","display":"advance care planning"}]}],
	 "description":{"text":"Thuis blijven wonen zolang het kan"},
	 "subject":{"reference":"Patient/nl-core-Patient-01","display":"J.P.M. van Putten-van der Giessen"}}`
)

// PZPResources is a proactive care planning dossier (R4) for patient
// nl-core-Patient-01: the zib2020 examples plus the two resources above.
func PZPResources(t testing.TB) []*fhir.Resource {
	t.Helper()
	if _, err := os.Stat(Zib2020); err != nil {
		t.Skipf("FHIR material not found at %s: %v", Zib2020, err)
	}
	var out []*fhir.Resource
	for _, name := range pzpFiles {
		data, err := os.ReadFile(filepath.Join(Zib2020, name+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := fhir.ParseOptions{Version: fhir.R4}.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, r)
	}
	for _, js := range []string{acpProcedure, acpGoal} {
		r, err := fhir.ParseOptions{Version: fhir.R4}.ParseJSON([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}
