package gfmock

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func mocks(t *testing.T) *Mocks {
	t.Helper()
	m := &Mocks{Hackathon: "h1", BaseURL: "https://sandbox.test/h/h1/gf"}
	err := m.PutOrganization(Organization{URA: "90000001", Name: "Zorggroep A", Endpoints: []Endpoint{
		{Address: "https://a.test/notify", PayloadTypes: []string{PayloadNotification}},
		{Address: "https://a.test/fhir", PayloadTypes: []string{PayloadBgZ}},
		{Address: "https://a.test/oauth/token", PayloadTypes: []string{PayloadOAuth}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.PutOrganization(Organization{URA: "90000002", Name: "Huisarts B"}); err != nil {
		t.Fatal(err)
	}
	return m
}

func do(t *testing.T, h http.Handler, method, target, body string) (int, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var v map[string]any
	json.Unmarshal(w.Body.Bytes(), &v)
	return w.Code, v
}

func TestMCSDOrganizationByURAWithEndpoints(t *testing.T) {
	m := mocks(t)
	st, b := do(t, m, "GET", "/mcsd/Organization?identifier="+url.QueryEscape(SystemURA+"|90000001")+"&_include=Organization:endpoint", "")
	if st != 200 || b["total"].(float64) != 1 {
		t.Fatalf("%d %v", st, b)
	}
	entries := b["entry"].([]any)
	if len(entries) != 4 {
		t.Fatalf("%d entries, want the Organization and its 3 Endpoints", len(entries))
	}
	ep := entries[1].(map[string]any)["resource"].(map[string]any)
	pt := ep["payloadType"].([]any)[0].(map[string]any)["coding"].([]any)[0].(map[string]any)
	if ep["resourceType"] != "Endpoint" || pt["code"] != PayloadNotification || ep["connectionType"].(map[string]any)["code"] != "hl7-fhir-rest" {
		t.Fatalf("endpoint = %v", ep)
	}
	if st, b := do(t, m, "GET", "/mcsd/Organization?identifier="+url.QueryEscape(SystemURA+"|99999999"), ""); st != 200 || b["total"].(float64) != 0 {
		t.Fatalf("unknown URA: %d %v", st, b)
	}
	if st, _ := do(t, m, "GET", "/mcsd/Organization?identifier=urn:x|1", ""); st != 400 {
		t.Fatalf("other system: %d", st)
	}
	if st, _ := do(t, m, "GET", "/mcsd/Organization?_include=Organization:partof", ""); st != 400 {
		t.Fatalf("other include: %d", st)
	}
	if st, b := do(t, m, "GET", "/mcsd/Endpoint/org-90000001-ep-2", ""); st != 200 || b["address"] != "https://a.test/fhir" {
		t.Fatalf("read endpoint: %d %v", st, b)
	}
	if err := m.PutOrganization(Organization{URA: "1"}); err == nil {
		t.Fatal("bad URA accepted")
	}
	if err := m.PutOrganization(Organization{URA: "90000003", Endpoints: []Endpoint{{Address: "http://plain"}}}); err == nil {
		t.Fatal("plain http endpoint accepted")
	}
}

func TestZorgABLookup(t *testing.T) {
	m := mocks(t)
	st, b := do(t, m, "GET", "/zorgab/90000001", "")
	if st != 200 || b["notification"] != "https://a.test/notify" || b["fhirBase"] != "https://a.test/fhir" || b["token"] != "https://a.test/oauth/token" {
		t.Fatalf("%d %v", st, b)
	}
	if st, _ := do(t, m, "GET", "/zorgab/90000009", ""); st != 404 {
		t.Fatalf("unknown: %d", st)
	}
	if st, _ := do(t, m, "GET", "/zorgab/abc", ""); st != 400 {
		t.Fatalf("bad URA: %d", st)
	}
	e, err := m.Endpoints(context.Background(), "90000001")
	if err != nil || e.Token != "https://a.test/oauth/token" {
		t.Fatalf("%v %+v", err, e)
	}
}

func docRefJSON(custodian, pseudo, u string) string {
	return `{"resourceType":"DocumentReference","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"55188-7"}]},` +
		`"subject":{"identifier":{"system":"` + SystemPseudoBSN + `","value":"` + pseudo + `"}},` +
		`"custodian":{"identifier":{"system":"` + SystemURA + `","value":"` + custodian + `"}},` +
		`"content":[{"attachment":{"url":"` + u + `"}}]}`
}

func TestNVILocalization(t *testing.T) {
	m := mocks(t)
	p := PseudoBSN("h1", "999990019")
	if p == PseudoBSN("h2", "999990019") || !strings.HasPrefix(p, "TEST-") {
		t.Fatal("pseudonyms must differ per hackathon and be marked TEST")
	}
	if st, _ := do(t, m, "POST", "/nvi/DocumentReference", docRefJSON("90000001", p, "https://a.test/fhir")); st != 201 {
		t.Fatalf("create: %d", st)
	}
	if st, _ := do(t, m, "POST", "/nvi/DocumentReference", docRefJSON("90000001", p, "https://a.test/fhir")); st != 200 {
		t.Fatalf("repeat: %d", st)
	}
	do(t, m, "POST", "/nvi/DocumentReference", docRefJSON("90000002", p, "https://b.test/fhir"))
	do(t, m, "POST", "/nvi/DocumentReference", docRefJSON("90000002", PseudoBSN("h1", "999990020"), "https://b.test/fhir"))
	st, b := do(t, m, "GET", "/nvi/DocumentReference?subject:identifier="+url.QueryEscape(SystemPseudoBSN+"|"+p), "")
	if st != 200 || b["total"].(float64) != 2 {
		t.Fatalf("search: %d %v", st, b)
	}
	for body, want := range map[string]string{
		strings.Replace(docRefJSON("90000001", p, "https://a"), SystemPseudoBSN, "http://fhir.nl/fhir/NamingSystem/bsn", 1): "pseudo-BSN",
		docRefJSON("1", p, "https://a"):                                              "custodian",
		docRefJSON("90000001", p, "http://a"):                                        "attachment.url",
		strings.Replace(docRefJSON("90000001", p, "https://a"), "55188-7", "1-1", 1): "LOINC",
	} {
		st, b := do(t, m, "POST", "/nvi/DocumentReference", body)
		if st != 422 || !strings.Contains(b["issue"].([]any)[0].(map[string]any)["diagnostics"].(string), want) {
			t.Errorf("want 422 about %s, got %d %v", want, st, b)
		}
	}
	m.RequirePeer = true
	if st, _ := do(t, m, "POST", "/nvi/DocumentReference", docRefJSON("90000001", p, "https://a.test/other")); st != 403 {
		t.Fatalf("without client certificate: %d", st)
	}
}

func TestMitzConsent(t *testing.T) {
	m := mocks(t)
	m.SetConsent(Tuple{BSN: "999990019", HolderURA: "90000001", RequesterURA: "90000002"}, true)
	m.SetConsent(Tuple{BSN: "999990020", HolderURA: "90000001", RequesterURA: "90000002"}, false)
	for body, want := range map[string]string{
		`{"bsn":"999990019","holderUra":"90000001","requesterUra":"90000002"}`:                      "Permit",
		`{"bsn":"999990019","holderUra":"90000001","requesterUra":"90000002","purpose":"TREAT"}`:    "Permit",
		`{"bsn":"999990019","holderUra":"90000001","requesterUra":"90000002","purpose":"RESEARCH"}`: "Deny",
		`{"bsn":"999990020","holderUra":"90000001","requesterUra":"90000002"}`:                      "Deny",
		`{"bsn":"999990019","holderUra":"90000002","requesterUra":"90000001"}`:                      "Deny",
	} {
		st, b := do(t, m, "POST", "/mitz/consent", body)
		if st != 200 || b["decision"] != want {
			t.Errorf("%s: %d %v, want %s", body, st, b, want)
		}
	}
	if st, _ := do(t, m, "POST", "/mitz/consent", `{"bsn":"12"}`); st != 400 {
		t.Fatalf("bad bsn: %d", st)
	}
}

func FuzzParseDocRef(f *testing.F) {
	f.Add([]byte(docRefJSON("90000001", "TEST-x", "https://a")))
	f.Add([]byte(`{"resourceType":"DocumentReference","subject":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) { _, _ = ParseDocRef(b) })
}
