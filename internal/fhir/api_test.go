package fhir

import (
	"reflect"
	"testing"
)

const observationJSON = `{
  "resourceType": "Observation",
  "id": "bp",
  "meta": {"profile": ["http://nictiz.nl/fhir/StructureDefinition/zib-BloodPressure"]},
  "contained": [{"resourceType": "Patient", "id": "p1", "active": true}],
  "status": "final",
  "category": [{"coding": [{"system": "http://hl7.org/fhir/observation-category", "code": "vital-signs"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure"}]},
  "subject": {"reference": "Patient/123"},
  "context": {"reference": "Encounter/9"},
  "valueQuantity": {"value": 120.50, "unit": "mm[Hg]"},
  "component": [
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}, "valueQuantity": {"value": 1.0e2}},
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]}, "valueQuantity": {"value": 80}}
  ]
}`

func TestAccessors(t *testing.T) {
	r, err := ParseJSON([]byte(observationJSON))
	if err != nil {
		t.Fatal(err)
	}
	if r.Type() != "Observation" || r.ID() != "bp" {
		t.Errorf("Type/ID = %q/%q", r.Type(), r.ID())
	}
	if r.Version != STU3 { // "context" exists only in STU3
		t.Errorf("Version = %v, want STU3", r.Version)
	}
	if got := r.String("Observation.status"); got != "final" {
		t.Errorf("status = %q", got)
	}
	if got := r.References("subject"); !reflect.DeepEqual(got, []string{"Patient/123"}) {
		t.Errorf("References(subject) = %v", got)
	}
	want := []Coding{{System: "http://hl7.org/fhir/observation-category", Code: "vital-signs"}}
	if got := r.Codings("category"); !reflect.DeepEqual(got, want) {
		t.Errorf("Codings(category) = %v", got)
	}
	if got := r.Codings("component.code"); len(got) != 2 || got[1].Code != "8462-4" {
		t.Errorf("Codings(component.code) = %v", got)
	}
	if got := r.Root.Strings("component.value[x].value"); !reflect.DeepEqual(got, []string{"1.0e2", "80"}) {
		t.Errorf("component values = %v (numbers must keep their text)", got)
	}
	if got := r.String("valueQuantity.value"); got != "120.50" {
		t.Errorf("value = %q", got)
	}
	if c := r.Contained(); len(c) != 1 || c[0].Type() != "Patient" || c[0].ID() != "p1" {
		t.Errorf("Contained = %v", c)
	}
	if got := r.Profiles(); len(got) != 1 {
		t.Errorf("Profiles = %v", got)
	}
	if r.Get("nothing.here") != nil || r.Root.First("code.text") != nil {
		t.Error("missing paths must give nothing")
	}
}

func TestBundles(t *testing.T) {
	obs, err := ParseJSON([]byte(observationJSON))
	if err != nil {
		t.Fatal(err)
	}
	pat := NewResource(STU3, "Patient")
	pat.SetID("123")
	b := NewSearchSet(STU3, 1, []BundleLink{{"self", "http://x/fhir/Observation?patient=123"}}, []Entry{
		{FullURL: "http://x/fhir/Observation/bp", Resource: obs},
		{FullURL: "http://x/fhir/Patient/123", Resource: pat, SearchMode: "include"},
	})
	for _, format := range []string{"json", "xml"} {
		var data []byte
		if format == "json" {
			data, err = MarshalOptions{Indent: "  "}.JSON(b)
		} else {
			data, err = MarshalOptions{Indent: "  ", XMLDeclaration: true}.XML(b)
		}
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseOptions{Version: STU3}.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", format, err, data)
		}
		if back.String("type") != "searchset" || back.String("total") != "1" || back.String("link.url") == "" {
			t.Errorf("%s: bundle header lost:\n%s", format, data)
		}
		es := back.Entries()
		if len(es) != 2 {
			t.Fatalf("%s: %d entries", format, len(es))
		}
		if es[0].FullURL != "http://x/fhir/Observation/bp" || es[0].SearchMode != "match" ||
			es[0].Resource.Type() != "Observation" || es[0].Resource.References("subject")[0] != "Patient/123" {
			t.Errorf("%s: entry 0 = %+v", format, es[0])
		}
		if es[1].SearchMode != "include" || es[1].Resource.ID() != "123" {
			t.Errorf("%s: entry 1 = %+v", format, es[1])
		}
		if !es[0].Resource.Root.Equal(&Node{Name: "resource", Resource: "Observation", Children: obs.Root.Children}) {
			t.Errorf("%s: entry resource differs from the original", format)
		}
	}
	if NewResource(R4, "Patient").Entries() != nil {
		t.Error("Entries of a Patient")
	}
}

func TestDetectFormatAndVersion(t *testing.T) {
	if DetectFormat([]byte("\ufeff  {")) != FormatJSON || DetectFormat([]byte("\n<")) != FormatXML || DetectFormat([]byte("x")) != FormatUnknown {
		t.Error("DetectFormat")
	}
	tests := []struct {
		in   string
		want Version
	}{
		{`{"resourceType":"ProcedureRequest","status":"draft"}`, STU3},                                  // STU3-only type
		{`{"resourceType":"ServiceRequest","status":"draft"}`, R4},                                      // R4-only type
		{`{"resourceType":"Observation","status":"final","encounter":{"reference":"Encounter/1"}}`, R4}, // R4 element
		{`{"resourceType":"Observation","status":"final","interpretation":{"text":"x"}}`, STU3},         // STU3 cardinality
		{`{"resourceType":"Patient","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]}}`, STU3},
		{`{"resourceType":"Patient","meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"]}}`, R4},
		{`{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M"}]}}`, R4},
		{`{"resourceType":"Patient","active":true}`, Unknown},
		{`<Observation xmlns="http://hl7.org/fhir"><status value="final"/><context><reference value="x"/></context></Observation>`, STU3},
	}
	for _, tt := range tests {
		r, err := Parse([]byte(tt.in))
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if r.Version != tt.want {
			t.Errorf("%s: version %v, want %v", tt.in, r.Version, tt.want)
		}
	}
	r, err := ParseOptions{Version: STU3}.Parse([]byte(`{"resourceType":"ServiceRequest"}`))
	if err != nil || r.Version != STU3 {
		t.Errorf("hint ignored: %v %v", r, err)
	}
	if ParseVersion("3.0.2") != STU3 || ParseVersion("4.0.1") != R4 || ParseVersion("5.0.0") != Unknown {
		t.Error("ParseVersion")
	}
}

func TestLookupElement(t *testing.T) {
	e, ok := LookupElement(STU3, "Observation", "valueQuantity")
	if !ok || e.Type != "Quantity" || !e.Choice || e.Name != "value[x]" || e.Many {
		t.Errorf("STU3 Observation.valueQuantity = %+v %v", e, ok)
	}
	if e, _ := LookupElement(STU3, "Quantity", "value"); e.Type != "decimal" {
		t.Errorf("Quantity.value = %+v", e)
	}
	if e, _ := LookupElement(R4, "Observation", "interpretation"); !e.Many {
		t.Errorf("R4 Observation.interpretation must repeat: %+v", e)
	}
	if e, _ := LookupElement(STU3, "Observation", "interpretation"); e.Many {
		t.Errorf("STU3 Observation.interpretation must not repeat: %+v", e)
	}
	if e, _ := LookupElement(R4, "Observation.component", "referenceRange"); e.Type != "Observation.referenceRange" || !e.Many {
		t.Errorf("content reference: %+v", e)
	}
	if _, ok := LookupElement(R4, "Observation", "context"); ok {
		t.Error("R4 Observation has no context")
	}
	if !IsResourceType(STU3, "ProcedureRequest") || IsResourceType(R4, "ProcedureRequest") || !IsResourceType(Unknown, "ServiceRequest") {
		t.Error("IsResourceType")
	}
}
