package fhir

import "testing"

func TestLookupDefinedElement(t *testing.T) {
	e, ok := LookupDefinedElement(R4, "Observation", "value[x]")
	if !ok || !e.Choice || len(e.Types) < 5 || e.Type != "" {
		t.Fatalf("value[x]: %+v %v", e, ok)
	}
	e, ok = LookupDefinedElement(STU3, "Observation", "context")
	if !ok || e.Type != "Reference" {
		t.Fatalf("STU3 context: %+v %v", e, ok)
	}
	if _, ok := LookupDefinedElement(R4, "Observation", "valueQuantity"); ok {
		t.Fatal("valueQuantity is not a defined name")
	}
	if _, ok := LookupDefinedElement(R4, "NoSuchType", "id"); ok {
		t.Fatal("unknown type")
	}
}
