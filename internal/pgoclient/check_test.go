package pgoclient

import (
	"os"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

func TestCheckSearchSet(t *testing.T) {
	bad := `{"resourceType":"Bundle","type":"searchset","total":3,
	"link":[{"relation":"self","url":"https://dva.example/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999999990"}],
	"entry":[{"fullUrl":"Patient/p1","resource":{"resourceType":"Patient","id":"p1",
		"identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"999999990"}],
		"maritalStatus":{"coding":[{"system":"urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2.0.1.1","code":"M"}]},
		"generalPractitioner":[{"reference":"Practitioner/x"}],
		"contact":[{"relationship":[{"coding":[{"code":"WIFE"}]}]}]},"search":{"mode":"match"}}]}`
	b, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range CheckSearchSet(b) {
		got[p.Check] = true
		t.Log(p)
	}
	for _, want := range []string{"self", "total", "fullUrl", "profile", "BSN", "Coding", "CodeableConcept", "Reference"} {
		if !got[want] {
			t.Errorf("check %q did not fire", want)
		}
	}
	good := strings.NewReplacer(`"Patient/p1"`, `"https://dva.example/fhir/Patient/p1"`, `identifier=http://fhir.nl/fhir/NamingSystem/bsn|999999990`, ``,
		`"total":3`, `"total":1`).Replace(bad)
	b, err = fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range CheckSearchSet(b) {
		if p.Check == "self" || p.Check == "total" || p.Check == "fullUrl" {
			t.Errorf("fixed answer still fails: %s", p)
		}
	}
}

// bgzScriptSearches are the searches of the Nictiz PHR-Client TestScript
// for BgZ; the test skips when the FHIR material is not beside the checkout.
func bgzScriptSearches(t *testing.T) []Search {
	t.Helper()
	data, err := os.ReadFile("../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml")
	if err != nil {
		t.Skipf("FHIR material not found (CI has ../shared beside the checkout): %v", err)
	}
	ss, err := ScriptSearches(data)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestScriptSearches(t *testing.T) {
	ss := bgzScriptSearches(t)
	if len(ss) != 28 || ss[0].Path() != "/Patient?_include=Patient%3Ageneral-practitioner" {
		t.Fatalf("%d searches, first %q", len(ss), ss[0].Path())
	}
}

// TestChecksPerRelease: the R4 catalogue adds the id check, and the DSTU2
// content type passes for STU3 only.
func TestChecksPerRelease(t *testing.T) {
	body := []byte(`{"resourceType":"Bundle","type":"searchset","total":1,
	"link":[{"relation":"self","url":"https://d.example/fhir/Immunization"}],
	"entry":[{"fullUrl":"urn:uuid:3f0b8a4e-4f7c-4d1b-9a55-0c1d2e3f4a5b","resource":{"resourceType":"Immunization",
	"meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Vaccination-event"]},"status":"completed",
	"vaccineCode":{"coding":[{"system":"http://snomed.info/sct","code":"1","display":"x"}]},
	"patient":{"reference":"Patient/p","display":"P"},"occurrenceDateTime":"2020-01-01"},"search":{"mode":"match"}}]}`)
	res := func(v fhir.Version, ct string) map[string]bool {
		out := map[string]bool{}
		for _, r := range CheckSearchResponse("https://d.example/fhir/Immunization", v, 200, ct, body) {
			out[r.Check] = r.Pass
		}
		return out
	}
	r4 := res(fhir.R4, "application/fhir+json")
	if pass, ok := r4["id"]; !ok || pass {
		t.Errorf("R4: id check %v present %v, want present and failed (the entry has no id)", pass, ok)
	}
	if !r4["contentType"] || !r4["matchType"] || !r4["fullUrl"] {
		t.Errorf("R4: %v", r4)
	}
	if _, ok := res(fhir.STU3, "application/fhir+json")["id"]; ok {
		t.Error("STU3 has the id check")
	}
	if !res(fhir.STU3, "application/json+fhir")["contentType"] || res(fhir.R4, "application/json+fhir")["contentType"] {
		t.Error("application/json+fhir: want accepted for STU3 only")
	}
}
