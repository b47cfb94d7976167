package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/validate"
)

const sharedPackages = "../../../shared/fhir/packages/"

// withR4Definitions makes the process-wide validator pool load R4 core and
// nl-core (zib2020) for the test.
func withR4Definitions(t *testing.T) {
	t.Helper()
	pool := validate.NewPool(t.TempDir(), map[fhir.Version][]string{
		fhir.R4: {sharedPackages + "hl7.fhir.r4.core", sharedPackages + "nictiz.fhir.nl.r4.zib2020"},
	})
	old := validate.SetDefaultPool(pool)
	t.Cleanup(func() { validate.SetDefaultPool(old) })
}

func (e *env) fhirPost(t testing.TB, path, token, ct string, body []byte, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("MedMij-Request-ID", "rid-validate")
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", "application/fhir+json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return e.do(t, req)
}

type ooIssue struct {
	Severity   string   `json:"severity"`
	Code       string   `json:"code"`
	Expression []string `json:"expression"`
	Location   []string `json:"location"`
	Details    struct {
		Text string `json:"text"`
	} `json:"details"`
}

func outcomeIssues(t *testing.T, body []byte) []ooIssue {
	t.Helper()
	var oo struct {
		ResourceType string    `json:"resourceType"`
		Issue        []ooIssue `json:"issue"`
	}
	if err := json.Unmarshal(body, &oo); err != nil || oo.ResourceType != "OperationOutcome" {
		t.Fatalf("not an OperationOutcome (%v): %s", err, body)
	}
	return oo.Issue
}

// TestValidateOperation: $validate on the R4 endpoint checks a resource
// against its profiles and the MedMij rules; a resource the DVA serves
// itself gives no error, a broken one 422 with the FHIRPath and
// line:column of the problem; [base]/$validate accepts Parameters; Dutch
// when asked.
func TestValidateOperation(t *testing.T) {
	storetest.Each(t, testValidateOperation)
}

func testValidateOperation(t *testing.T, db *store.DB) {
	withR4Definitions(t)
	e := restEnv(t, db)
	vacc := e.as(vaccPatient, "ketentest~63").token(t)

	// a resource the DVA serves validates without errors once two known
	// faults of the fixture are mended: it carries a BSN (a MedMij rule)
	// and an unreplaced Nictiz date placeholder as birthDate.
	resp, served := e.fhirGet(t, "/63/fhir/Patient/"+strings.TrimPrefix(vaccPatient, "imm:"), vacc.AccessToken, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("read patient: %d %s", resp.StatusCode, served)
	}
	var p map[string]any
	if err := json.Unmarshal(served, &p); err != nil {
		t.Fatal(err)
	}
	var ids []any
	for _, id := range p["identifier"].([]any) {
		if id.(map[string]any)["system"] != "http://fhir.nl/fhir/NamingSystem/bsn" {
			ids = append(ids, id)
		}
	}
	p["identifier"] = ids
	if len(ids) == 0 {
		delete(p, "identifier")
	}
	if strings.HasPrefix(p["birthDate"].(string), "${DATE") {
		p["birthDate"] = "2009-03-01"
	}
	body, _ := json.MarshalIndent(p, "", "  ")
	resp, out := e.fhirPost(t, "/63/fhir/Patient/$validate", vacc.AccessToken, "application/fhir+json", body, nil)
	issues := outcomeIssues(t, out)
	if resp.StatusCode != 200 {
		t.Fatalf("own patient: %d %s", resp.StatusCode, out)
	}
	for _, is := range issues {
		if is.Severity == "error" || is.Severity == "fatal" {
			t.Errorf("own patient: %+v", is)
		}
	}

	// a broken one: bad gender code, unknown element
	p["colour"], p["gender"] = "blue", "mannelijk"
	broken, _ := json.MarshalIndent(p, "", "  ")
	resp, out = e.fhirPost(t, "/63/fhir/Patient/$validate", vacc.AccessToken, "application/fhir+json", broken, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("broken patient: %d %s", resp.StatusCode, out)
	}
	want := map[string]bool{"Patient.colour": false, "Patient.gender": false}
	for _, is := range outcomeIssues(t, out) {
		for _, x := range is.Expression {
			if _, ok := want[x]; ok && is.Severity == "error" {
				want[x] = true
				if len(is.Location) == 0 || !strings.Contains(is.Location[0], ", line ") {
					t.Errorf("%s: no line:column location: %+v", x, is)
				}
			}
		}
	}
	for x, found := range want {
		if !found {
			t.Errorf("no error at %s: %s", x, out)
		}
	}

	// system level with Parameters, and a MedMij rule, in Dutch
	var patient map[string]any
	if err := json.Unmarshal(broken, &patient); err != nil {
		t.Fatal(err)
	}
	delete(patient, "meta")
	params, _ := json.Marshal(map[string]any{"resourceType": "Parameters", "parameter": []any{
		map[string]any{"name": "resource", "resource": patient},
	}})
	resp, out = e.fhirPost(t, "/63/fhir/$validate", vacc.AccessToken, "application/fhir+json", params, map[string]string{"Accept-Language": "nl-NL,nl;q=0.9"})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(out), "meta.profile ontbreekt") || !strings.Contains(string(out), "Patient.colour") {
		t.Fatalf("Parameters: %d %s", resp.StatusCode, out)
	}

	// a Parameters without a resource is a bad request
	resp, out = e.fhirPost(t, "/63/fhir/$validate", vacc.AccessToken, "application/fhir+json", []byte(`{"resourceType":"Parameters","parameter":[{"name":"mode","valueCode":"create"}]}`), nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(out), "nothing to validate") {
		t.Fatalf("empty Parameters: %d %s", resp.StatusCode, out)
	}

	// without definitions: the MedMij rules only, and a note saying so
	validate.SetDefaultPool(validate.NewPool("", nil))
	resp, out = e.fhirPost(t, "/63/fhir/Patient/$validate", vacc.AccessToken, "application/fhir+json", body, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(out), "profile validation is not available") {
		t.Fatalf("no definitions: %d %s", resp.StatusCode, out)
	}
}
