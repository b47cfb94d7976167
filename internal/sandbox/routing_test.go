package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestRouting pins down how the resource server answers every shape of
// path: the base, metadata, type and instance level, operations, history
// and too many segments, with and without a token, per method.
func TestRouting(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	tok := e.token(t).AccessToken
	cases := []struct {
		method, path string
		token        bool
		status       int
		contains     string
	}{
		{"GET", "/fhir", true, 400, "expected [base]/{type}"},
		{"GET", "/fhir/", true, 400, "expected [base]/{type}"},
		{"GET", "/48/fhir", true, 400, "expected [base]/{type}"},
		{"GET", "/48/fhir/", true, 400, "expected [base]/{type}"},
		{"GET", "/fhir", false, 401, "no bearer token"},
		{"GET", "/fhir/metadata", false, 200, "CapabilityStatement"},
		{"GET", "/fhir/metadata/", false, 200, "CapabilityStatement"},
		{"GET", "/48/fhir/metadata", false, 200, "CapabilityStatement"},
		{"HEAD", "/48/fhir/metadata", false, 200, ""},
		{"POST", "/48/fhir/metadata", false, 405, "allowed: GET"},
		{"GET", "/fhir/metadata/x", false, 401, "no bearer token"},
		{"GET", "/fhir/metadata/x", true, 400, "unknown resource type"},
		{"GET", "/fhir/Patient", true, 200, `"searchset"`},
		{"HEAD", "/fhir/Patient", true, 200, ""},
		{"GET", "/fhir/Patient/", true, 200, `"searchset"`},
		{"GET", "/48/fhir/Patient", true, 200, `"searchset"`},
		{"DELETE", "/fhir/Patient", true, 405, "allowed: GET"},
		{"GET", "/fhir/Patient/" + testPatient, true, 200, `"resourceType":"Patient"`},
		{"GET", "/fhir/Patient/" + testPatient + "/", true, 200, `"resourceType":"Patient"`},
		{"PUT", "/fhir/Patient/" + testPatient, true, 405, "allowed: GET"},
		{"GET", "/fhir/Patient/nope", true, 404, "Patient/nope is not known"},
		{"GET", "/fhir/Observation/$lastn", true, 200, `"searchset"`},
		{"POST", "/fhir/Observation/$lastn", true, 405, "allowed: GET"},
		{"GET", "/fhir/Patient/$lastn", true, 400, "is not supported on Patient"},
		{"GET", "/fhir/Patient/$validate", true, 405, "allowed: POST"},
		{"GET", "/fhir/Patient/$foo", true, 400, `$foo\" is not supported on Patient`},
		{"GET", "/fhir/Patient/x/_history", true, 400, "_history"},
		{"GET", "/fhir/Foo/x/_history", true, 400, "_history"},
		{"GET", "/fhir/Patient/x/_history/2", true, 400, "_history"},
		{"GET", "/fhir/Patient/x/y", true, 400, "_history"},
		{"GET", "/fhir/Patient/$lastn/y", true, 400, `$lastn\" is not supported on Patient`},
		{"GET", "/fhir/Foo/x/y", true, 400, "unknown resource type"},
		{"GET", "/fhir/Foo", true, 400, "unknown resource type"},
		{"GET", "/fhir/a/b/c/d", true, 400, "expected [base]/{type}"},
		{"GET", "/fhir/Patient/x/y", false, 401, "no bearer token"},
		{"GET", "/99/fhir/Patient", true, 404, "not found"},
		{"GET", "/nowhere", false, 404, "not found"},
		{"GET", "/48/fhirx", true, 404, "not found"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, e.srv.URL+c.path, nil)
		if c.token {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		req.Header.Set("MedMij-Request-ID", "rid")
		req.Header.Set("Accept", "application/fhir+json")
		resp, body := e.do(t, req)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.contains) {
			t.Errorf("%s %s (token %v): %d %.200s, want %d containing %q", c.method, c.path, c.token, resp.StatusCode, body, c.status, c.contains)
		}
	}
}
