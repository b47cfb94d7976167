package sandbox

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const vaccPatient = "imm:nl-core-Patient--XXX-Boekwijt"

// restEnv serves the BgZ Cert dossier (STU3, 48) and the vaccination Cert
// dossier (R4, 63) from one DVA.
func restEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	rs, err := dossier.LoadDir(filepath.Join(immunization, "Cert", "_reference", "resources"), fhir.R4)
	if err != nil {
		t.Skipf("vaccination fixtures: %v", err)
	}
	vacc, err := dossier.NewSet("Vaccinaties", "imm:", rs)
	if err != nil {
		t.Fatal(err)
	}
	src := Merge(ForService("48", bgzSet(t)), ForService("63", vacc))
	return newEnvSource(t, db, src, testPatient, Options{})
}

// TestRESTErrors checks every error answer of the resource server, on the
// STU3 endpoint (/fhir, /48/fhir) and the R4 one (/63/fhir), in JSON and XML:
// the status, an OperationOutcome in the negotiated format, the FHIR release
// it is written in, and WWW-Authenticate where OAuth asks for it.
func TestRESTErrors(t *testing.T) {
	storetest.Each(t, testRESTErrors)
}

func testRESTErrors(t *testing.T, db *store.DB) {
	e := restEnv(t, db)
	bgz := e.token(t)
	vacc := e.as(vaccPatient, "ketentest~63").token(t)
	all := e.as(testPatient, "ketentest").token(t) // every data service, but a BgZ patient
	revoked := e.token(t)
	if _, err := e.db.Exec(t.Context(), "UPDATE sandbox_tokens SET revoked_at = ? WHERE token_hash = ?", time.Now(), hashSecret(revoked.AccessToken)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", MaxBodyBytes+1)
	cases := []struct {
		name, method, path, token string
		hdr                       map[string]string
		body                      string
		status                    int
		code, contains, auth      string
	}{
		{"no token", "GET", "/48/fhir/Patient", "", nil, "", 401, "login", "no bearer token", `Bearer realm=`},
		{"no token R4", "GET", "/63/fhir/Immunization", "", nil, "", 401, "login", "no bearer token", `Bearer realm=`},
		{"unknown token", "GET", "/fhir/Patient", "nope", nil, "", 401, "security", "unknown", `error="invalid_token"`},
		{"not bearer", "GET", "/fhir/Patient", "", map[string]string{"Authorization": "Basic eDp5"}, "", 401, "security", "must be Bearer", `error="invalid_token"`},
		{"revoked token", "GET", "/63/fhir/Immunization", revoked.AccessToken, nil, "", 401, "security", "revoked", `error="invalid_token"`},
		{"missing MedMij-Request-ID", "GET", "/63/fhir/Immunization", vacc.AccessToken, map[string]string{"MedMij-Request-ID": ""}, "", 400, "required", "MedMij-Request-ID", ""},
		{"scope lacks 63", "GET", "/63/fhir/Immunization", bgz.AccessToken, nil, "", 403, "forbidden", "does not include data service 63", `error="insufficient_scope"`},
		{"scope lacks 48", "GET", "/48/fhir/Patient", vacc.AccessToken, nil, "", 403, "forbidden", "does not include data service 48", `scope="ketentest~48"`},
		{"patient has no 63 dossier", "GET", "/63/fhir/Immunization", all.AccessToken, nil, "", 403, "forbidden", "dossier for data service 48, not 63", `insufficient_scope`},
		{"unknown type", "GET", "/48/fhir/Foo", bgz.AccessToken, nil, "", 400, "not-supported", `(FHIR STU3)`, ""},
		{"R4 type on STU3", "GET", "/48/fhir/ServiceRequest", bgz.AccessToken, nil, "", 400, "not-supported", "unknown resource type", ""},
		{"STU3 type on R4", "GET", "/63/fhir/ProcedureRequest", vacc.AccessToken, nil, "", 400, "not-supported", `(FHIR R4)`, ""},
		{"patient parameter", "GET", "/63/fhir/Immunization?patient=Patient/x", vacc.AccessToken, nil, "", 400, "invalid", "access token", ""},
		{"subject identifier", "GET", "/48/fhir/Condition?subject.identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120", bgz.AccessToken, nil, "", 400, "invalid", "access token", ""},
		{"bad encoding", "GET", "/63/fhir/Immunization?status=%zz", vacc.AccessToken, nil, "", 400, "invalid", "not well encoded", ""},
		{"empty value", "GET", "/63/fhir/Immunization?status=", vacc.AccessToken, nil, "", 400, "invalid", "has no value", ""},
		{"bad include", "GET", "/63/fhir/Immunization?_include=Immunization", vacc.AccessToken, nil, "", 400, "invalid", "Type:parameter", ""},
		{"bad max", "GET", "/48/fhir/Observation/$lastn?max=0", bgz.AccessToken, nil, "", 400, "invalid", "max must be", ""},
		{"unknown parameter, strict", "GET", "/63/fhir/Immunization?foo=x&_include=Patient:link", vacc.AccessToken, map[string]string{"Prefer": "handling=strict"}, "", 400, "not-supported", "foo, _include", ""},
		{"read with patient parameter", "GET", "/48/fhir/Patient/" + testPatient + "?patient=x", bgz.AccessToken, nil, "", 400, "invalid", "access token", ""},
		{"unknown id", "GET", "/63/fhir/Immunization/nope", vacc.AccessToken, nil, "", 404, "not-found", "Immunization/nope is not known", ""},
		{"other patient's id", "GET", "/63/fhir/Patient/nl-core-Patient--AntoonvandeXXX-Bergge", vacc.AccessToken, nil, "", 404, "not-found", "not known", ""},
		{"other patient's immunization", "GET", "/63/fhir/Immunization/151d8316-6b4b-11ec-0000-020000000000", vacc.AccessToken, nil, "", 404, "not-found", "not known", ""},
		{"history", "GET", "/63/fhir/Immunization/x/_history/1", vacc.AccessToken, nil, "", 400, "not-supported", "_history", ""},
		{"write", "PUT", "/63/fhir/Immunization/x", vacc.AccessToken, map[string]string{"Content-Type": "application/fhir+json"}, "{}", 405, "not-supported", "read-only", ""},
		{"bad _format", "GET", "/63/fhir/Immunization?_format=text/turtle", vacc.AccessToken, nil, "", 406, "not-supported", "_format", ""},
		{"oversized search body", "POST", "/63/fhir/Immunization/_search", vacc.AccessToken, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, big, 413, "too-costly", "larger than", ""},
		{"oversized validate", "POST", "/63/fhir/Immunization/$validate", vacc.AccessToken, map[string]string{"Content-Type": "application/fhir+json"}, big, 413, "too-costly", "larger than", ""},
		{"malformed R4 json", "POST", "/63/fhir/Immunization/$validate", vacc.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			"{\"resourceType\": \"Immunization\",\n \"status\": ]", 400, "", "line 2, column", ""},
		{"unknown type in body", "POST", "/63/fhir/Immunization/$validate", vacc.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			`{"resourceType": "Immunisation"}`, 400, "", "Immunisation", ""},
		{"R4 rule violation", "POST", "/63/fhir/Immunization/$validate", vacc.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			`{"resourceType":"Immunization","id":"x","status":"completed","patient":{"reference":"Patient/someone-else"}}`, 422, "processing", "meta.profile is missing", ""},
	}
	for _, c := range cases {
		for _, format := range []string{"json", "xml"} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				req, _ := http.NewRequest(c.method, e.srv.URL+c.path, strings.NewReader(c.body))
				if c.token != "" {
					req.Header.Set("Authorization", "Bearer "+c.token)
				}
				req.Header.Set("MedMij-Request-ID", "0c0a3e94-5c56-4b5e-9a47-4f6e1a2b3c4d")
				req.Header.Set("Accept", "application/fhir+"+format)
				for k, v := range c.hdr {
					if v == "" {
						req.Header.Del(k)
					} else {
						req.Header.Set(k, v)
					}
				}
				if c.status == 406 {
					req.Header.Set("Accept", "application/fhir+json")
				}
				resp, body := e.do(t, req)
				if resp.StatusCode != c.status || !strings.Contains(string(body), c.contains) {
					t.Fatalf("%d %s, want %d containing %q", resp.StatusCode, trunc(body), c.status, c.contains)
				}
				oo, err := fhir.Parse(body)
				if err != nil || oo.Type() != "OperationOutcome" {
					t.Fatalf("not an OperationOutcome: %v %s", err, trunc(body))
				}
				wantCT := "application/fhir+" + format
				if c.status == 406 {
					wantCT = "application/fhir+json"
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), wantCT) {
					t.Errorf("Content-Type %q, want %s", resp.Header.Get("Content-Type"), wantCT)
				}
				if c.code != "" && oo.String("issue.code") != c.code {
					t.Errorf("issue.code %q, want %q", oo.String("issue.code"), c.code)
				}
				if got := resp.Header.Get("WWW-Authenticate"); c.auth != "" && !strings.Contains(got, c.auth) || c.auth == "" && got != "" {
					t.Errorf("WWW-Authenticate %q, want %q", got, c.auth)
				}
			})
		}
	}

	t.Run("expired token", func(t *testing.T) {
		e.clock.Add(AccessTokenTTL + time.Second)
		defer e.clock.Add(-AccessTokenTTL - time.Second)
		for _, p := range []string{"/63/fhir/Immunization", "/fhir/Patient"} {
			tok := vacc.AccessToken
			if p == "/fhir/Patient" {
				tok = bgz.AccessToken
			}
			resp, body := e.fhirGet(t, p, tok, nil)
			oo, _ := fhir.Parse(body)
			if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") || oo == nil || oo.String("issue.code") != "expired" {
				t.Fatalf("%s: %d %q %s", p, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), trunc(body))
			}
		}
	})
}

// TestRESTReads checks reads and searchsets on both releases: a read by id
// in the compartment, the self link without BSN or patient, total and
// search.mode, JSON or XML by Accept and _format, and the R4 or STU3 shape.
func TestRESTReads(t *testing.T) {
	storetest.Each(t, testRESTReads)
}

func testRESTReads(t *testing.T, db *store.DB) {
	e := restEnv(t, db)
	vacc := e.as(vaccPatient, "ketentest~63").token(t)
	bgz := e.token(t)
	cases := []struct {
		path, token, accept string
		xml                 bool
		version             fhir.Version
		typ                 string
	}{
		{"/63/fhir/Patient/nl-core-Patient--XXX-Boekwijt", vacc.AccessToken, "application/fhir+json", false, fhir.R4, "Patient"},
		{"/63/fhir/Medication/nl-core-PhPrd--FF4213-21684011138832447-2924528", vacc.AccessToken, "application/fhir+xml", true, fhir.R4, "Medication"},
		{"/63/fhir/Immunization/db4b6028-6b3d-11ec-0000-020000000000?_format=xml", vacc.AccessToken, "application/fhir+json", true, fhir.R4, "Immunization"},
		{"/63/fhir/Immunization?_include=Immunization:patient&_format=json", vacc.AccessToken, "application/fhir+xml", false, fhir.R4, "Bundle"},
		{"/63/fhir/Immunization?status=completed&vaccine-code=" + "http%3A%2F%2Fsnomed.info%2Fsct%7C836379009", vacc.AccessToken, "", false, fhir.R4, "Bundle"},
		{"/63/fhir/metadata", "", "application/fhir+xml", true, fhir.R4, "CapabilityStatement"},
		{"/48/fhir/metadata", "", "", false, fhir.STU3, "CapabilityStatement"},
		{"/48/fhir/Patient?_include=Patient:general-practitioner", bgz.AccessToken, "application/xml", true, fhir.STU3, "Bundle"},
		{"/fhir/Patient/" + testPatient, bgz.AccessToken, "application/json", false, fhir.STU3, "Patient"},
	}
	for _, c := range cases {
		resp, body := e.fhirGet(t, c.path, c.token, map[string]string{"Accept": c.accept})
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", c.path, resp.StatusCode, trunc(body))
			continue
		}
		if isXML := strings.HasPrefix(resp.Header.Get("Content-Type"), "application/fhir+xml"); isXML != c.xml {
			t.Errorf("%s: Content-Type %q", c.path, resp.Header.Get("Content-Type"))
		}
		r, err := fhir.Parse(body)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if r.Type() != c.typ || r.Version != c.version {
			t.Errorf("%s: %s %s, want %s %s", c.path, r.Type(), r.Version, c.typ, c.version)
		}
		if c.typ == "Bundle" {
			checkSearchSet(t, c.path, r)
		}
	}
	// The status and vaccine-code search narrows to one immunization.
	resp, body := e.fhirGet(t, "/63/fhir/Immunization?status=completed&vaccine-code=http%3A%2F%2Fsnomed.info%2Fsct%7C836379009", vacc.AccessToken, nil)
	b, err := fhir.Parse(body)
	if err != nil || resp.StatusCode != 200 || len(b.Entries()) != 1 || b.String("total") != "1" {
		t.Errorf("vaccine-code search: %d %v %s", resp.StatusCode, err, trunc(body))
	}
	self := b.String("link.url")
	if !strings.HasSuffix(self, "/63/fhir/Immunization?status=completed&vaccine-code=http%3A%2F%2Fsnomed.info%2Fsct%7C836379009") {
		t.Errorf("self link %q", self)
	}
	// Unknown parameters are ignored by default (and left out of the self link).
	resp, body = e.fhirGet(t, "/63/fhir/Immunization?foo=x&status=completed", vacc.AccessToken, map[string]string{"Prefer": "handling=lenient"})
	if b, err := fhir.Parse(body); err != nil || resp.StatusCode != 200 || !strings.HasSuffix(b.String("link.url"), "/63/fhir/Immunization?status=completed") {
		t.Errorf("lenient search: %d %s", resp.StatusCode, trunc(body))
	}
	// An empty result is a 200 with an empty searchset.
	resp, body = e.fhirGet(t, "/63/fhir/Immunization?status=entered-in-error", vacc.AccessToken, nil)
	if b, err := fhir.Parse(body); err != nil || resp.StatusCode != 200 || len(b.Entries()) != 0 || b.String("total") != "0" {
		t.Errorf("empty search: %d %s", resp.StatusCode, trunc(body))
	}
}
