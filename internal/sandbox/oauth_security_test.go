package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestSecurityHeaders: every answer of the DVA (HTML pages, FHIR, token
// endpoint, not found) tells browsers not to sniff content types and not
// to send the URL (with its code or state) as Referer.
func TestSecurityHeaders(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	tr := e.token(t)
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		resp, _ := e.do(t, req)
		return resp
	}
	tokenErr, _ := e.exchange(t, url.Values{"grant_type": {"password"}, "client_id": {testClient}})
	fhirOK, _ := e.fhirGet(t, "/fhir/Patient", tr.AccessToken, nil)
	fhir401, _ := e.fhirGet(t, "/fhir/Patient", "", nil)
	for name, resp := range map[string]*http.Response{
		"authorize page":  get("/oauth/authorize?" + authParams().Encode()),
		"authorize error": get("/oauth/authorize"),
		"metadata":        get("/48/fhir/metadata"),
		"fhir search":     fhirOK,
		"fhir 401":        fhir401,
		"token error":     tokenErr,
		"not found":       get("/nowhere"),
		"zal":             get("/medmij/zal.xml"),
	} {
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", name, got)
		}
		if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q, want no-referrer", name, got)
		}
	}
}

// TestWrongClientKeepsCode: redeeming A's code as client B fails without
// spending the code, so A can still redeem it.
func TestWrongClientKeepsCode(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	if err := RegisterClient(t.Context(), e.db, Client{ClientID: "other.example", RedirectURIs: []string{testRedirect}}); err != nil {
		t.Fatal(err)
	}
	code := e.login(t)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}, "client_id": {"other.example"}}
	if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
		t.Fatalf("code of another client: %d, want 400", resp.StatusCode)
	}
	form.Set("client_id", testClient)
	form.Set("redirect_uri", "http://127.0.0.1:9/elsewhere")
	if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
		t.Fatalf("code with another redirect_uri: %d, want 400", resp.StatusCode)
	}
	form.Set("redirect_uri", testRedirect)
	if resp, tr := e.exchange(t, form); resp.StatusCode != 200 || tr.AccessToken == "" {
		t.Fatalf("the right client after a wrong one: %d, want 200", resp.StatusCode)
	}
}

// TestPKCE: with a code_challenge (S256) the token endpoint wants the
// matching code_verifier; plain and malformed challenges are refused at the
// authorization request; a verifier for a code without challenge is refused.
func TestPKCE(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	verifier := strings.Repeat("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", 1)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	p := e.as(testPatient, "")
	p.extra = url.Values{"code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	code := p.login(t)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}, "client_id": {testClient}}
	if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
		t.Errorf("no code_verifier: %d, want 400", resp.StatusCode)
	}
	form.Set("code_verifier", strings.Repeat("a", 43))
	if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
		t.Errorf("wrong code_verifier: %d, want 400", resp.StatusCode)
	}
	form.Set("code_verifier", verifier)
	if resp, tr := e.exchange(t, form); resp.StatusCode != 200 || tr.AccessToken == "" {
		t.Errorf("right code_verifier: %d, want 200", resp.StatusCode)
	}

	// A verifier for a code that had no challenge is a downgrade: refused.
	code = e.login(t)
	form.Set("code", code)
	if resp, _ := e.exchange(t, form); resp.StatusCode != 400 {
		t.Errorf("code_verifier without code_challenge: %d, want 400", resp.StatusCode)
	}

	for name, extra := range map[string]url.Values{
		"plain":            {"code_challenge": {verifier}, "code_challenge_method": {"plain"}},
		"no method":        {"code_challenge": {challenge}},
		"short challenge":  {"code_challenge": {"abc"}, "code_challenge_method": {"S256"}},
		"method, no value": {"code_challenge_method": {"S256"}},
	} {
		q := authParams()
		for k, v := range extra {
			q[k] = v
		}
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/oauth/authorize?"+q.Encode(), nil)
		resp, _ := e.do(t, req)
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || loc == nil || loc.Query().Get("error") != "invalid_request" {
			t.Errorf("%s: %d %q, want a redirect with invalid_request", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestRefreshReplayRevokesFamily: replaying a rotated refresh token revokes
// every token issued after it (RFC 6819, 5.2.2.3).
func TestRefreshReplayRevokesFamily(t *testing.T) {
	certDir(t)
	e := newEnv(t, storetest.SQLite(t), Options{})
	tr := e.token(t)
	refresh := func(rt string) (*http.Response, TokenResponse) {
		return e.exchange(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {testClient}})
	}
	resp, tr2 := refresh(tr.RefreshToken)
	if resp.StatusCode != 200 {
		t.Fatalf("refresh: %d", resp.StatusCode)
	}
	resp, tr3 := refresh(tr2.RefreshToken)
	if resp.StatusCode != 200 {
		t.Fatalf("second refresh: %d", resp.StatusCode)
	}
	if resp, _ := e.fhirGet(t, "/fhir/Patient", tr3.AccessToken, nil); resp.StatusCode != 200 {
		t.Fatalf("newest access token: %d", resp.StatusCode)
	}
	if resp, _ := refresh(tr.RefreshToken); resp.StatusCode != 400 {
		t.Fatalf("replayed refresh token: %d, want 400", resp.StatusCode)
	}
	if resp, body := e.fhirGet(t, "/fhir/Patient", tr3.AccessToken, nil); resp.StatusCode != 401 || !strings.Contains(string(body), "revoked") {
		t.Errorf("access token issued after the replayed one: %d %s, want 401 revoked", resp.StatusCode, body)
	}
	if resp, _ := refresh(tr3.RefreshToken); resp.StatusCode != 400 {
		t.Errorf("newest refresh token after the replay: %d, want 400", resp.StatusCode)
	}
}
