package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestBgZEndToEnd runs the OAuth flow as a PGO would, then the 28 BgZ
// searches of the PHR-Client TestScript, checking the resource counts that
// script (and, where the query is the same, the XIS-Server script) expects.
func TestBgZEndToEnd(t *testing.T) {
	dir := certDir(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Options{})
		tr := e.token(t)
		queries := scriptQueries(t, filepath.Join(dir, "PHR-Client", "medmij-bgz-phr-1-1-retrieve-bgz.xml"))
		if len(queries) != 28 {
			t.Fatalf("found %d queries in the PHR-Client script, want 28", len(queries))
		}
		xis := map[string]scriptQuery{}
		for _, q := range scriptQueries(t, filepath.Join(dir, "XIS-Server", "medmij-bgz-xis-1-1-serve-bgz-json.xml")) {
			xis[q.Resource+q.Params] = q
		}
		compared := 0
		problems := map[string]int{}
		for _, q := range queries {
			path := q.requestPath()
			resp, body := e.fhirGet(t, path, tr.AccessToken, nil)
			if resp.StatusCode != 200 {
				t.Errorf("%s: %d %s", path, resp.StatusCode, body)
				continue
			}
			b, err := fhir.Parse(body)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkSearchSet(t, path, b)
			for _, p := range pgoclient.CheckSearchSet(b) {
				switch p.Check {
				case "type", "self", "total", "fullUrl", "profile", "BSN":
					t.Errorf("%s: %s", path, p)
				default:
					problems[p.String()]++
				}
			}
			got := map[string]int{}
			for _, en := range b.Entries() {
				got[en.Resource.Type()]++
			}
			for typ, want := range q.Counts {
				if got[typ] != want {
					if q.Warn[typ] {
						t.Logf("%s: %d %s, script expects %d (warning only)", path, got[typ], typ, want)
						continue
					}
					t.Errorf("%s: %d %s, want %d (got %v)", path, got[typ], typ, want, got)
				}
			}
			if x, ok := xis[q.Resource+q.Params]; ok {
				compared++
				for typ, want := range x.Counts {
					if got[typ] != want && !x.Warn[typ] {
						t.Errorf("%s: %d %s, XIS-Server script expects %d", path, got[typ], typ, want)
					}
				}
			}
		}
		t.Logf("28 queries answered; %d also compared with the XIS-Server script", compared)
		for p, n := range problems {
			t.Logf("content check on the fixtures (not the server): %s (%d×)", p, n)
		}

		// XML by _format, and a read by id.
		resp, body := e.fhirGet(t, "/fhir/Patient?_format=xml", tr.AccessToken, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/fhir+xml") || !strings.Contains(string(body), "<Bundle") {
			t.Errorf("xml: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		resp, body = e.fhirGet(t, "/fhir/Patient/"+testPatient, tr.AccessToken, map[string]string{"Accept": "application/fhir+xml"})
		if resp.StatusCode != 200 || !strings.Contains(string(body), testPatient) {
			t.Errorf("read: %d %s", resp.StatusCode, body)
		}
		resp, _ = e.fhirGet(t, "/fhir/Patient/medmij-bgz-patient-ts-02", tr.AccessToken, nil)
		if resp.StatusCode != 404 {
			t.Errorf("other patient's read: %d, want 404", resp.StatusCode)
		}

		// Refresh: a new pair; the old refresh token is spent.
		resp, tr2 := e.exchange(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}, "client_id": {testClient}})
		if resp.StatusCode != 200 || tr2.AccessToken == "" || tr2.AccessToken == tr.AccessToken {
			t.Fatalf("refresh: %d", resp.StatusCode)
		}
		if resp, _ := e.fhirGet(t, "/fhir/Condition", tr2.AccessToken, nil); resp.StatusCode != 200 {
			t.Errorf("refreshed token: %d", resp.StatusCode)
		}
		// Replaying the spent refresh token revokes the whole family (RFC 6819, 5.2.2.3).
		if resp, _ := e.exchange(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}, "client_id": {testClient}}); resp.StatusCode != 400 {
			t.Errorf("second use of a refresh token: %d, want 400", resp.StatusCode)
		}
		if resp, _ := e.fhirGet(t, "/fhir/Condition", tr2.AccessToken, nil); resp.StatusCode != 401 {
			t.Errorf("token issued after a replayed refresh token: %d, want 401", resp.StatusCode)
		}

		// Traffic is recorded per token, without the Authorization header.
		traffic, err := e.dva.Traffic(t.Context(), testClient, 1000)
		if err != nil {
			t.Fatal(err)
		}
		withToken := 0
		for _, tr := range traffic {
			if v, ok := tr.RequestHeaders["Authorization"]; ok && (len(v) != 1 || v[0] != "Bearer [redacted]") {
				t.Fatalf("traffic %d recorded the Authorization header: %q", tr.ID, v)
			}
			if tr.TokenID != 0 && tr.PatientKey == testPatient {
				withToken++
			}
		}
		if withToken < 30 {
			t.Errorf("%d of %d traffic entries attributed to a token, want >= 30", withToken, len(traffic))
		}
	})
}

// checkSearchSet applies the generic XIS-Server asserts.
func checkSearchSet(t *testing.T, path string, b *fhir.Resource) {
	t.Helper()
	if b.Type() != "Bundle" || b.String("type") != "searchset" {
		t.Errorf("%s: not a searchset Bundle", path)
		return
	}
	self := ""
	for _, l := range b.Get("link") {
		if l.String("relation") == "self" {
			self = l.String("url")
		}
	}
	if self == "" || strings.Contains(self, "NamingSystem/bsn") || strings.Contains(self, "patient=") {
		t.Errorf("%s: bad self link %q", path, self)
	}
	matches := 0
	for _, e := range b.Entries() {
		if e.SearchMode == "" || e.SearchMode == "match" {
			matches++
		}
		if !strings.HasPrefix(e.FullURL, "http") || !strings.HasSuffix(e.FullURL, "/"+e.Resource.ID()) {
			t.Errorf("%s: fullUrl %q", path, e.FullURL)
		}
		if e.Resource.Type() != "OperationOutcome" && len(e.Resource.Profiles()) == 0 {
			t.Errorf("%s: %s/%s without meta.profile", path, e.Resource.Type(), e.Resource.ID())
		}
	}
	if total := b.String("total"); total == "" || atoi(total) > matches {
		t.Errorf("%s: total %q > %d matches", path, total, matches)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestBadInput checks the error answers of the resource and token endpoints.
func TestBadInput(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	tr := e.token(t)
	bsnPatient := `{"resourceType":"Patient","id":"x","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]},"identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"999999990"}]}`
	cases := []struct {
		name        string
		method      string
		path, token string
		hdr         map[string]string
		body        string
		status      int
		contains    string
	}{
		{"no token", "GET", "/fhir/Condition", "", nil, "", 401, "login"},
		{"unknown token", "GET", "/fhir/Condition", "nope", nil, "", 401, "unknown"},
		{"missing request id", "GET", "/fhir/Condition", tr.AccessToken, map[string]string{"MedMij-Request-ID": ""}, "", 400, "MedMij-Request-ID"},
		{"unknown type", "GET", "/fhir/Foo", tr.AccessToken, nil, "", 400, "unknown resource type"},
		{"patient param", "GET", "/fhir/Condition?patient=123", tr.AccessToken, nil, "", 400, "access token"},
		{"bad encoding", "GET", "/fhir/Condition?code=%zz", tr.AccessToken, nil, "", 400, "encoded"},
		{"unknown operation", "GET", "/fhir/DocumentReference/$", tr.AccessToken, nil, "", 400, "not supported"},
		{"unknown id", "GET", "/fhir/Binary/nope", tr.AccessToken, nil, "", 404, "not known"},
		{"bad format", "GET", "/fhir/Condition?_format=turtle", tr.AccessToken, nil, "", 406, "_format"},
		{"write", "POST", "/fhir/Condition", tr.AccessToken, map[string]string{"Content-Type": "application/fhir+json"}, "{}", 405, "read-only"},
		{"malformed json", "POST", "/fhir/Patient/$validate", tr.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			"{\n  \"resourceType\": \"Patient\",\n  \"id\": }", 400, "line 3, column"},
		{"malformed xml", "POST", "/fhir/Patient/$validate", tr.AccessToken, map[string]string{"Content-Type": "application/fhir+xml"},
			"<Patient xmlns=\"http://hl7.org/fhir\">\n<id value=\"x\">\n</Patient>", 400, "line 3"},
		{"oversized", "POST", "/fhir/Patient/$validate", tr.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			`{"resourceType":"Patient","id":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, 413, "too-costly"},
		{"rule violation", "POST", "/fhir/Patient/$validate", tr.AccessToken, map[string]string{"Content-Type": "application/fhir+json"},
			bsnPatient, 422, "BSN"},
		{"wrong media type", "POST", "/fhir/Patient/$validate", tr.AccessToken, map[string]string{"Content-Type": "text/plain"}, "x", 415, "Content-Type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, e.srv.URL+c.path, strings.NewReader(c.body))
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			req.Header.Set("MedMij-Request-ID", "rid")
			for k, v := range c.hdr {
				if v == "" {
					req.Header.Del(k)
				} else {
					req.Header.Set(k, v)
				}
			}
			resp, body := e.do(t, req)
			if resp.StatusCode != c.status || !strings.Contains(string(body), c.contains) {
				t.Fatalf("%d %s, want %d containing %q", resp.StatusCode, trunc(body), c.status, c.contains)
			}
			oo, err := fhir.Parse(body)
			if err != nil || oo.Type() != "OperationOutcome" {
				t.Fatalf("not an OperationOutcome: %v %s", err, trunc(body))
			}
			if c.status == 401 && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("expired token", func(t *testing.T) {
		e.clock.Add(AccessTokenTTL + time.Second)
		defer e.clock.Add(-AccessTokenTTL - time.Second)
		resp, body := e.fhirGet(t, "/fhir/Condition", tr.AccessToken, nil)
		if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") || !strings.Contains(string(body), "expired") {
			t.Fatalf("%d %q %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), trunc(body))
		}
	})
	t.Run("code reuse revokes its tokens", func(t *testing.T) {
		code := e.login(t)
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}, "client_id": {testClient}}
		resp, tr := e.exchange(t, form)
		if resp.StatusCode != 200 {
			t.Fatalf("first use: %d", resp.StatusCode)
		}
		if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
			t.Errorf("second use: %d", resp.StatusCode)
		}
		if resp, body := e.fhirGet(t, "/fhir/Condition", tr.AccessToken, nil); resp.StatusCode != 401 || !strings.Contains(string(body), "revoked") {
			t.Errorf("token of a reused code: %d %s", resp.StatusCode, trunc(body))
		}
		if resp, _ := e.exchange(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}, "client_id": {testClient}}); resp.StatusCode != 400 {
			t.Errorf("refresh of a reused code: %d", resp.StatusCode)
		}
	})
	t.Run("code reuse and mismatch", func(t *testing.T) {
		code := e.login(t)
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect + "x"}, "client_id": {testClient}}
		if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
			t.Errorf("wrong redirect_uri: %d", resp.StatusCode)
		}
		form.Set("redirect_uri", testRedirect)
		if resp, _ := e.exchange(t, form); resp.StatusCode != 200 {
			t.Errorf("right redirect_uri after a wrong one: %d", resp.StatusCode)
		}
		if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
			t.Errorf("reused code: %d", resp.StatusCode)
		}
	})
	t.Run("authorize errors", func(t *testing.T) {
		q := authParams()
		q.Set("redirect_uri", "https://evil.example/cb")
		resp, _ := e.do(t, mustReq("GET", e.srv.URL+"/oauth/authorize?"+q.Encode()))
		if resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
			t.Errorf("unregistered redirect: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		q = authParams()
		q.Del("MedMij-Request-ID")
		resp, _ = e.do(t, mustReq("GET", e.srv.URL+"/oauth/authorize?"+q.Encode()))
		if resp.StatusCode != 302 || !strings.Contains(resp.Header.Get("Location"), "error=invalid_request") {
			t.Errorf("missing MedMij-Request-ID: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		q = authParams()
		q.Set("scope", "anderezorgaanbieder~48")
		resp, _ = e.do(t, mustReq("GET", e.srv.URL+"/oauth/authorize?"+q.Encode()))
		if resp.StatusCode != 302 || !strings.Contains(resp.Header.Get("Location"), "error=invalid_scope") {
			t.Errorf("foreign scope: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func mustReq(method, u string) *http.Request {
	r, err := http.NewRequest(method, u, nil)
	if err != nil {
		panic(err)
	}
	return r
}

func trunc(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// TestStoreSource serves the fixtures from the database, as in production.
func TestStoreSource(t *testing.T) {
	set := bgzSet(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := dossier.NewStore(db)
		id, err := st.Create(t.Context(), 0, "BgZ Cert", "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddVersion(t.Context(), id, "fixtures", set.Resources); err != nil {
			t.Fatal(err)
		}
		e := newEnvSource(t, db, st, fmt.Sprintf("%d:%s", id, testPatient), Options{})
		tr := e.token(t)
		resp, body := e.fhirGet(t, "/fhir/MedicationStatement?category="+url.QueryEscape("urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6")+"&_include=MedicationStatement:medication", tr.AccessToken, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, trunc(body))
		}
		b, err := fhir.Parse(body)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, en := range b.Entries() {
			got[en.Resource.Type()]++
		}
		if got["MedicationStatement"] != 1 || got["Medication"] != 1 {
			t.Errorf("got %v", got)
		}
	})
}
