package sandbox

import (
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestServiceAsConfiguration: a data service that is not one of the
// defaults is served from configuration alone — its endpoint, scope,
// CapabilityStatement, ZAL and GNL entries, and the searches it allows.
func TestServiceAsConfiguration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := Service{ID: "99", Name: "Testdienst (config)", FHIR: fhir.STU3, RoleCode: "KT-1.0-TST-FHIR", Searches: []string{"Observation", "Patient"}}
		catalog := append(append([]Service(nil), KnownServices...), svc)
		e := newEnvSource(t, db, ForService("99", bgzSet(t)), testPatient, Options{Catalog: catalog})
		tok := e.as(testPatient, "ketentest~99").token(t).AccessToken
		ids, b := searchIDs(t, e, "/99/fhir/Observation?_count=2", tok, nil)
		if len(ids) != 2 || b.Version != fhir.STU3 {
			t.Errorf("search: %v %s", ids, b.Version)
		}
		resp, body := e.fhirGet(t, "/99/fhir/Condition", tok, nil)
		if oo, err := fhir.Parse(body); resp.StatusCode != 404 || err != nil || oo.String("issue.code") != "not-supported" {
			t.Errorf("search outside the service: %d %s", resp.StatusCode, trunc(body))
		}
		resp, body = e.fhirGet(t, "/99/fhir/Condition/medmij-bgz-condition-ts-01", tok, nil)
		if resp.StatusCode != 200 {
			t.Errorf("read: %d %s", resp.StatusCode, trunc(body))
		}
		resp, body = e.fhirGet(t, "/99/fhir/metadata", "", nil)
		cs, err := fhir.Parse(body)
		if resp.StatusCode != 200 || err != nil {
			t.Fatalf("metadata: %d %s", resp.StatusCode, trunc(body))
		}
		var types []string
		for _, n := range cs.Get("rest.resource.type") {
			types = append(types, n.Value)
		}
		if strings.Join(types, ",") != "Observation,Patient" {
			t.Errorf("CapabilityStatement types %v", types)
		}
		for path, want := range map[string]string{"/medmij/gnl.xml": "Testdienst (config)", "/medmij/zal.xml": "/99/fhir"} {
			resp, body := e.fhirGet(t, path, "", nil)
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("%s: %d, want %q in %s", path, resp.StatusCode, want, trunc(body))
			}
		}
	})
}
