package orgauth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	tokenURL = "https://sandbox.test/h/h1/orgauth/token"
	ura      = "90000002"
)

var t0 = time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)

type env struct {
	srv    *Server
	key    *ecdsa.PrivateKey
	clock  *atomic.Int64
	bases  *MemBases
	client *Client
	ci     *CredentialIssuer
}

func (e *env) now() time.Time { return time.Unix(e.clock.Load(), 0).UTC() }

func newKey(t testing.TB) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newEnv builds a server for hackathon h over shared stores (nil: new).
func newEnv(t testing.TB, h string, clients *MemClients, bases *MemBases, tokens *MemTokens) *env {
	t.Helper()
	e := &env{key: newKey(t), clock: new(atomic.Int64)}
	e.clock.Store(t0.Unix())
	if clients == nil {
		clients = NewMemClients()
	}
	if bases == nil {
		bases = NewMemBases()
	}
	if tokens == nil {
		tokens = NewMemTokens(e.now)
	}
	e.bases = bases
	did := TestDID("sandbox.test", h, "vendor-b")
	e.client = &Client{ID: h + "-vendor-b", Hackathon: h, URA: ura, Name: "Zorggroep B", DID: did, Keys: map[string]crypto.PublicKey{"k1": &e.key.PublicKey}}
	clients.Put(e.client)
	ci, err := NewCredentialIssuer(h, "did:web:sandbox.test:hackathon:"+h, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.ci = ci
	srv, err := New(Config{Hackathon: h, TokenEndpoint: "https://sandbox.test/h/" + h + "/orgauth/token", DID: "did:web:sandbox.test:hackathon:" + h + ":as",
		Clients: clients, Bases: bases, Tokens: tokens, Credentials: ci, UseCaseScopes: []string{"pzp"}, Now: e.now})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	bases.PutBase(context.Background(), &Base{Value: "base-" + h, Hackathon: h, IssuerURA: "90000001", IssuedTo: ura, PatientBSN: "999990019",
		Queries: []string{"Condition", "Observation?code=http://loinc.org|85354-9"}, Reads: []string{"DocumentReference/dr-1"}, NotAfter: t0.Add(7 * 24 * time.Hour)})
	return e
}

func (e *env) assertion(t testing.TB, mod func(map[string]any)) string {
	t.Helper()
	n := e.now()
	c := map[string]any{"iss": e.client.ID, "sub": e.client.ID, "aud": e.srv.cfg.TokenEndpoint, "iat": n.Unix(), "exp": n.Add(60 * time.Second).Unix(), "jti": randomString(12)}
	if mod != nil {
		mod(c)
	}
	s, err := Sign(e.key, Header{Typ: "JWT", Kid: "k1"}, c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) form(assertion string, kv ...string) url.Values {
	f := url.Values{"grant_type": {GrantClientCredentials}, "client_assertion_type": {AssertionTypeJWT}, "client_assertion": {assertion},
		"authorization_base": {"base-" + e.srv.cfg.Hackathon}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			f.Del(kv[i])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f
}

func wantErr(t *testing.T, e *Error, code, contains string) {
	t.Helper()
	if e == nil {
		t.Fatalf("no error, want %s", code)
	}
	if e.Code != code || !strings.Contains(e.Description, contains) {
		t.Fatalf("error = %s %q, want %s containing %q", e.Code, e.Description, code, contains)
	}
}

func TestTokenWithClientAssertion(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	resp, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, nil)), nil)
	if oe != nil {
		t.Fatal(oe)
	}
	if !strings.HasPrefix(resp.AccessToken, TokenPrefix) || resp.TokenType != "Bearer" || resp.Scope != "Condition Observation DocumentReference" || resp.AuthorizationBase != "base-h1" {
		t.Fatalf("response = %+v", resp)
	}
	in := e.srv.Introspect(context.Background(), resp.AccessToken)
	if !in.Active || in.OrganizationURA != ura || in.Hackathon != "h1" || in.AuthorizationBase != "base-h1" {
		t.Fatalf("introspection = %+v", in)
	}
}

func TestReplayedJTIRefused(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	a := e.assertion(t, nil)
	if _, oe := e.srv.Token(context.Background(), e.form(a), nil); oe != nil {
		t.Fatal(oe)
	}
	_, oe := e.srv.Token(context.Background(), e.form(a), nil)
	wantErr(t, oe, "invalid_client", "replay")
	if oe.Status != http.StatusUnauthorized {
		t.Fatalf("status %d", oe.Status)
	}
}

func TestWrongAudienceRefused(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	for _, aud := range []any{tokenURL + "/", "https://sandbox.test/h/h1/orgauth", "https://sandbox.test/h/h2/orgauth/token", []string{"https://other"}} {
		_, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) { c["aud"] = aud })), nil)
		wantErr(t, oe, "invalid_client", "aud moet exact")
	}
	// An array that names the endpoint exactly is fine.
	if _, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) { c["aud"] = []string{tokenURL} })), nil); oe != nil {
		t.Fatal(oe)
	}
}

func TestExpiredAssertionRefused(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	n := e.now()
	_, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) {
		c["iat"], c["exp"] = n.Add(-2*time.Minute).Unix(), n.Add(-time.Minute).Unix()
	})), nil)
	wantErr(t, oe, "invalid_client", "verlopen")
	_, oe = e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) { c["exp"] = n.Add(time.Hour).Unix() })), nil)
	wantErr(t, oe, "invalid_client", "exp − iat")
	_, oe = e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) { delete(c, "iat") })), nil)
	wantErr(t, oe, "invalid_client", "iat")
	_, oe = e.srv.Token(context.Background(), e.form(e.assertion(t, func(c map[string]any) {
		c["iat"] = n.Add(time.Hour).Unix()
		c["exp"] = n.Add(time.Hour + time.Minute).Unix()
	})), nil)
	wantErr(t, oe, "invalid_client", "toekomst")
}

func TestOtherHackathonRefused(t *testing.T) {
	// Stores shared the way one database would be: the hackathon field
	// must keep the two apart.
	clients, bases, tokens := NewMemClients(), NewMemBases(), NewMemTokens(nil)
	h1 := newEnv(t, "h1", clients, bases, tokens)
	h2 := newEnv(t, "h2", clients, bases, tokens)
	tokens.nowFor = h1.now

	// A token of h2 presented to h1's resource server.
	resp, oe := h2.srv.Token(context.Background(), h2.form(h2.assertion(t, nil)), nil)
	if oe != nil {
		t.Fatal(oe)
	}
	r := httptest.NewRequest("GET", "https://sandbox.test/h/h1/fhir/Condition", nil)
	r.Header.Set("Authorization", "Bearer "+resp.AccessToken)
	if _, err := h1.srv.Authorize(r, r.URL.String()); err == nil || !strings.Contains(err.Error(), "andere hackathon") {
		t.Fatalf("h2 token at h1: err = %v", err)
	}
	if in := h1.srv.Introspect(context.Background(), resp.AccessToken); in.Active {
		t.Fatal("h1 introspects h2's token as active")
	}
	// h2's client assertion (aimed at h1's endpoint) at h1.
	_, oe = h1.srv.Token(context.Background(), h1.form(h2.assertion(t, func(c map[string]any) { c["aud"] = h1.srv.cfg.TokenEndpoint })), nil)
	wantErr(t, oe, "invalid_client", "niet geregistreerd bij deze hackathon")
	// h2's base with h1's client.
	_, oe = h1.srv.Token(context.Background(), h1.form(h1.assertion(t, nil), "authorization_base", "base-h2"), nil)
	wantErr(t, oe, "invalid_grant", "andere hackathon")
}

func TestScopeOutsideBaseRefused(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	_, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, nil), "scope", "Condition Patient"), nil)
	wantErr(t, oe, "invalid_scope", `"Patient" valt buiten de autorisatiebasis`)
	_, oe = e.srv.Token(context.Background(), e.form(e.assertion(t, nil), "authorization_base", "", "scope", "Condition"), nil)
	wantErr(t, oe, "invalid_scope", "zonder authorization_base")
	resp, oe := e.srv.Token(context.Background(), e.form(e.assertion(t, nil), "scope", "Condition"), nil)
	if oe != nil || resp.Scope != "Condition" {
		t.Fatalf("scope within the base: %v %+v", oe, resp)
	}
}

func TestBaseChecks(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ctx := context.Background()
	e.bases.PutBase(ctx, &Base{Value: "cancelled", Hackathon: "h1", IssuedTo: ura, Queries: []string{"Condition"}, NotAfter: t0.Add(time.Hour), Cancelled: true})
	e.bases.PutBase(ctx, &Base{Value: "other-ura", Hackathon: "h1", IssuedTo: "90000009", Queries: []string{"Condition"}, NotAfter: t0.Add(time.Hour)})
	e.bases.PutBase(ctx, &Base{Value: "old", Hackathon: "h1", IssuedTo: ura, Queries: []string{"Condition"}, NotAfter: t0.Add(-time.Second)})
	for base, want := range map[string]string{"nope": "onbekend", "cancelled": "ingetrokken", "other-ura": "niet aan deze organisatie", "old": "verlopen"} {
		_, oe := e.srv.Token(ctx, e.form(e.assertion(t, nil), "authorization_base", base), nil)
		wantErr(t, oe, "invalid_grant", want)
	}
}

func TestAssertionClaimChecks(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ctx := context.Background()
	_, oe := e.srv.Token(ctx, e.form(e.assertion(t, func(c map[string]any) { c["sub"] = "someone" })), nil)
	wantErr(t, oe, "invalid_client", "iss en sub")
	_, oe = e.srv.Token(ctx, e.form(e.assertion(t, func(c map[string]any) { delete(c, "jti") })), nil)
	wantErr(t, oe, "invalid_client", "jti")
	other := newKey(t)
	a, _ := ClientAssertion(other, "k1", e.client.ID, tokenURL, e.now(), time.Minute)
	_, oe = e.srv.Token(ctx, e.form(a), nil)
	wantErr(t, oe, "invalid_client", "handtekening ongeldig")
	a, _ = ClientAssertion(e.key, "k9", e.client.ID, tokenURL, e.now(), time.Minute)
	_, oe = e.srv.Token(ctx, e.form(a), nil)
	wantErr(t, oe, "invalid_client", "kid")
	_, oe = e.srv.Token(ctx, e.form(e.assertion(t, nil), "client_assertion_type", "x"), nil)
	wantErr(t, oe, "invalid_client", "client_assertion_type")
	_, oe = e.srv.Token(ctx, e.form(e.assertion(t, nil), "grant_type", "password"), nil)
	wantErr(t, oe, "unsupported_grant_type", "password")
	// alg none and HMAC are refused before any key is looked at.
	none := b64.EncodeToString([]byte(`{"alg":"none"}`)) + "." + b64.EncodeToString([]byte(`{}`)) + ".x"
	_, oe = e.srv.Token(ctx, e.form(none), nil)
	wantErr(t, oe, "invalid_client", "alg")
}

func TestRSAPS256Assertion(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	e.client.Keys["rsa"] = &rk.PublicKey
	a, err := ClientAssertion(rk, "rsa", e.client.ID, tokenURL, e.now(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, oe := e.srv.Token(context.Background(), e.form(a), nil); oe != nil {
		t.Fatal(oe)
	}
}

func TestJWTBearerWithAuthorizationAssertion(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ctx := context.Background()
	aa, _ := AuthorizationAssertion(e.key, "k1", e.client.ID, ura, tokenURL, "base-h1", e.now(), time.Minute)
	resp, oe := e.srv.Token(ctx, e.form(e.assertion(t, nil), "grant_type", GrantJWTBearer, "assertion", aa, "authorization_base", ""), nil)
	if oe != nil || resp.AuthorizationBase != "base-h1" {
		t.Fatalf("%v %+v", oe, resp)
	}
	aa, _ = AuthorizationAssertion(e.key, "k1", e.client.ID, "90000009", tokenURL, "base-h1", e.now(), time.Minute)
	_, oe = e.srv.Token(ctx, e.form(e.assertion(t, nil), "grant_type", GrantJWTBearer, "assertion", aa), nil)
	wantErr(t, oe, "invalid_grant", "sub moet de URA")
}

func TestDPoPBoundToken(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ctx := context.Background()
	dk := newKey(t)
	proof, _ := DPoPProof(dk, "POST", tokenURL, "", e.now())
	resp, oe := e.srv.Token(ctx, e.form(e.assertion(t, nil)), []string{proof})
	if oe != nil || resp.TokenType != "DPoP" {
		t.Fatalf("%v %+v", oe, resp)
	}
	// Replaying the proof fails.
	_, oe = e.srv.Token(ctx, e.form(e.assertion(t, nil)), []string{proof})
	wantErr(t, oe, "invalid_dpop_proof", "replay")

	res := "https://sandbox.test/h/h1/fhir/Condition"
	call := func(scheme string, key *ecdsa.PrivateKey, htu string) error {
		r := httptest.NewRequest("GET", res, nil)
		r.Header.Set("Authorization", scheme+" "+resp.AccessToken)
		if key != nil {
			p, _ := DPoPProof(key, "GET", htu, resp.AccessToken, e.now())
			r.Header.Set("DPoP", p)
		}
		_, err := e.srv.Authorize(r, res)
		return err
	}
	if err := call("DPoP", dk, res+"?patient=x"); err != nil {
		t.Fatalf("valid DPoP request refused: %v", err)
	}
	if err := call("Bearer", nil, ""); err == nil {
		t.Fatal("DPoP token accepted as Bearer")
	}
	if err := call("DPoP", newKey(t), res); err == nil {
		t.Fatal("proof by another key accepted")
	}
	if err := call("DPoP", dk, "https://sandbox.test/h/h1/fhir/Patient"); err == nil {
		t.Fatal("proof for another URL accepted")
	}
}

func (e *env) vpForm(t *testing.T, holderKey *ecdsa.PrivateKey, vcs []string, mod func(*url.Values)) url.Values {
	t.Helper()
	vp, err := PresentVP(e.client.DID, e.client.DID+"#k1", holderKey, e.srv.cfg.DID, vcs, e.now(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	f := url.Values{"grant_type": {GrantVPToken}, "assertion": {vp}, "scope": {"pzp"},
		"presentation_submission": {`{"id":"s","definition_id":"ketentest-test-pzp","descriptor_map":[{"id":"organization_credential","format":"jwt_vc","path":"$.verifiableCredential[0]"}]}`}}
	if mod != nil {
		mod(&f)
	}
	return f
}

func TestVPTokenBearer(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ctx := context.Background()
	vc, err := e.ci.IssueX509Credential(e.client.DID, ura, "Zorggroep B", "vendor-b", e.now(), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f := e.vpForm(t, e.key, []string{vc}, nil)
	resp, oe := e.srv.Token(ctx, f, nil)
	if oe != nil || resp.Scope != "pzp" {
		t.Fatalf("%v %+v", oe, resp)
	}
	_, oe = e.srv.Token(ctx, f, nil)
	wantErr(t, oe, "invalid_verifiable_presentation", "replay")

	// A credential of another hackathon's issuer.
	h2 := newEnv(t, "h2", nil, nil, nil)
	foreign, _ := h2.ci.IssueX509Credential(e.client.DID, ura, "Zorggroep B", "vendor-b", e.now(), 24*time.Hour)
	_, oe = e.srv.Token(ctx, e.vpForm(t, e.key, []string{foreign}, nil), nil)
	wantErr(t, oe, "invalid_verifiable_credentials", "niet uitgegeven door de test-uitgever")
	// A credential with another URA.
	wrong, _ := e.ci.IssueX509Credential(e.client.DID, "90000009", "X", "x", e.now(), 24*time.Hour)
	_, oe = e.srv.Token(ctx, e.vpForm(t, e.key, []string{wrong}, nil), nil)
	wantErr(t, oe, "invalid_verifiable_credentials", "URA 90000009")
	// Bad submission, a VP signed by an unregistered key.
	_, oe = e.srv.Token(ctx, e.vpForm(t, e.key, []string{vc}, func(f *url.Values) { f.Set("presentation_submission", "{}") }), nil)
	wantErr(t, oe, "invalid_presentation_submission", "descriptor_map")
	_, oe = e.srv.Token(ctx, e.vpForm(t, newKey(t), []string{vc}, nil), nil)
	wantErr(t, oe, "invalid_verifiable_presentation", "handtekening")
	// With a base: the VP's holder must be the base's receiver, scope inside it.
	_, oe = e.srv.Token(ctx, e.vpForm(t, e.key, []string{vc}, func(f *url.Values) { f.Set("authorization_base", "base-h1"); f.Set("scope", "Patient") }), nil)
	wantErr(t, oe, "invalid_scope", "Patient")
}

func TestHTTPEndpoints(t *testing.T) {
	e := newEnv(t, "h1", nil, nil, nil)
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	resp, err := RequestToken(context.Background(), ts.Client(), ts.URL+"/token", e.form(e.assertion(t, nil)), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = RequestToken(context.Background(), ts.Client(), ts.URL+"/token", e.form(e.assertion(t, func(c map[string]any) { c["aud"] = "x" })), "")
	if oe, ok := err.(*Error); !ok || oe.Status != 401 || oe.Code != "invalid_client" || oe.Description == "" {
		t.Fatalf("err = %#v", err)
	}
	// Introspection needs a client assertion aimed at the introspection endpoint.
	intro := func(aud string) *http.Response {
		f := url.Values{"token": {resp.AccessToken}, "client_assertion_type": {AssertionTypeJWT}, "client_assertion": {e.assertion(t, func(c map[string]any) { c["aud"] = aud })}}
		r, err := http.Post(ts.URL+"/introspect", "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := intro("https://sandbox.test/h/h1/orgauth/introspect")
	var in Introspection
	json.NewDecoder(r.Body).Decode(&in)
	r.Body.Close()
	if r.StatusCode != 200 || !in.Active || in.Scope == "" {
		t.Fatalf("introspect: %d %+v", r.StatusCode, in)
	}
	if r := intro(tokenURL); r.StatusCode != 401 {
		t.Fatalf("introspection with the token endpoint as aud: %d", r.StatusCode)
	}
	// Form only; assertion in the URL refused.
	r2, _ := http.Post(ts.URL+"/token?client_assertion=x", "application/x-www-form-urlencoded", strings.NewReader(e.form(e.assertion(t, nil)).Encode()))
	if r2.StatusCode != 400 {
		t.Fatalf("assertion in URL: %d", r2.StatusCode)
	}
	r3, _ := http.Post(ts.URL+"/token", "application/json", strings.NewReader("{}"))
	if r3.StatusCode != 400 || r3.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("JSON body: %d", r3.StatusCode)
	}
	r4, _ := http.Get(ts.URL + "/presentation_definition?scope=pzp")
	if r4.StatusCode != 200 {
		t.Fatalf("presentation definition: %d", r4.StatusCode)
	}
}
