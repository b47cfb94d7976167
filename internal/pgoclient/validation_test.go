package pgoclient

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// TestValidationCheck: every resource of a search answer is listed, a
// conformant one as ok, a broken one with its issues (line:column,
// FHIRPath relative to the resource); an error fails the check; without
// definitions nothing is added.
func TestValidationCheck(t *testing.T) {
	pool := validate.NewPool(t.TempDir(), map[fhir.Version][]string{
		fhir.R4: {"../../../shared/fhir/packages/hl7.fhir.r4.core"},
	})
	body := []byte(`{
  "resourceType": "Bundle",
  "type": "searchset",
  "entry": [
    {"fullUrl": "https://dva.example.nl/fhir/Patient/a", "resource": {"resourceType": "Patient", "id": "a", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">A</div>"}, "gender": "female"}},
    {"fullUrl": "https://dva.example.nl/fhir/Patient/b", "resource": {"resourceType": "Patient", "id": "b", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">B</div>"},
      "gender": "vrouw"}}
  ]
}`)
	res, ok := ValidationCheck(context.Background(), pool, fhir.R4, body)
	if !ok {
		t.Fatal("no result")
	}
	all := strings.Join(res.Messages, "\n")
	if res.Pass || res.Warning || res.Check != ValidateCheck {
		t.Errorf("result %+v, want a failed error check", res)
	}
	for _, want := range []string{"Patient/a: ok", "Patient/b: 1 errors, 0 warnings", "error 7:7 Patient.gender: code vrouw is not in value set"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	// only conformant resources: the check passes
	good := strings.Replace(string(body), `"vrouw"`, `"male"`, 1)
	if res, ok := ValidationCheck(context.Background(), pool, fhir.R4, []byte(good)); !ok || !res.Pass {
		t.Errorf("good answer: %+v", res)
	}
	// no definitions for STU3, and not FHIR: no check
	if _, ok := ValidationCheck(context.Background(), pool, fhir.STU3, body); ok {
		t.Error("STU3 without definitions gave a result")
	}
	if _, ok := ValidationCheck(context.Background(), pool, fhir.R4, []byte("<html>")); ok {
		t.Error("a non-FHIR body gave a result")
	}
}
