package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
)

const bgzCert = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert"

func certDir(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(bgzCert); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout): %v", bgzCert, err)
	}
	return bgzCert
}

var (
	setOnce sync.Once
	certSet *dossier.Set
	setErr  error
)

func bgzSet(t testing.TB) *dossier.Set {
	t.Helper()
	dir := certDir(t)
	setOnce.Do(func() {
		var rs []*fhir.Resource
		rs, setErr = dossier.LoadDir(filepath.Join(dir, "_reference", "resources"), fhir.STU3)
		if setErr == nil {
			certSet, setErr = dossier.NewSet("BgZ Cert", "", rs)
		}
	})
	if setErr != nil {
		t.Fatal(setErr)
	}
	return certSet
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

const (
	testClient   = "pgo.example"
	testRedirect = "http://127.0.0.1:9/callback"
	testPatient  = "medmij-bgz-patient-ts-01"
)

type env struct {
	prefix string     // path of a provider's DVA ("" for the root one)
	key    string     // patient key to log in as
	scope  string     // scope to ask for; "" is ketentest~48
	extra  url.Values // more authorization request parameters (PKCE)
	db     *store.DB
	dva    *DVA
	srv    *httptest.Server
	clock  *clock
	http   *http.Client
}

func newEnv(t testing.TB, db *store.DB, opts Options) *env {
	t.Helper()
	return newEnvSource(t, db, bgzSet(t), testPatient, opts)
}

func newEnvSource(t testing.TB, db *store.DB, src dossier.Source, key string, opts Options) *env {
	t.Helper()
	c := &clock{t: time.Now()}
	opts.Now = c.Now
	d := NewDVA(db, src, opts)
	if err := RegisterClient(t.Context(), db, Client{ClientID: testClient, Name: "Test PGO", RedirectURIs: []string{testRedirect}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close) // after the server has stopped, before the database closes
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &env{key: key, db: db, dva: d, srv: srv, clock: c, http: hc}
}

func authParams() url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {testClient}, "redirect_uri": {testRedirect},
		"scope": {"ketentest~48"}, "state": {"st-123"}, "MedMij-Request-ID": {"9a3f0c52-0000-4000-8000-000000000001"},
		"X-Correlation-ID": {"9a3f0c52-0000-4000-8000-0000000000c1"}}
}

func (e *env) do(t testing.TB, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func (e *env) postForm(t testing.TB, path string, form url.Values, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+e.prefix+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return e.do(t, req)
}

// login runs the front channel as a browser would and returns the code.
func (e *env) login(t testing.TB) string {
	t.Helper()
	q := authParams()
	if e.scope != "" {
		q.Set("scope", e.scope)
	}
	for k, v := range e.extra {
		q[k] = v
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+e.prefix+"/oauth/authorize?"+q.Encode(), nil)
	resp, body := e.do(t, req)
	if resp.StatusCode != 200 || !strings.Contains(string(body), e.key) {
		t.Fatalf("authorize page: %d %s", resp.StatusCode, body)
	}
	q.Set("patient", e.key)
	resp, body = e.postForm(t, "/oauth/authorize", q, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Toestemming") {
		t.Fatalf("consent page: %d %s", resp.StatusCode, body)
	}
	q.Set("decision", "allow")
	resp, body = e.postForm(t, "/oauth/authorize", q, nil)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("allow: %d %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), testRedirect+"?") || loc.Query().Get("state") != "st-123" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %q", resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func (e *env) exchange(t testing.TB, form url.Values) (*http.Response, TokenResponse) {
	t.Helper()
	resp, body := e.postForm(t, "/oauth/token", form, map[string]string{"MedMij-Request-ID": "rid-token", "X-Correlation-ID": "9a3f0c52-0000-4000-8000-0000000000c1"})
	var tr TokenResponse
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(body, &tr); err != nil {
			t.Fatal(err)
		}
	}
	return resp, tr
}

// at returns a copy of e that talks to the provider DVA at prefix.
func (e *env) at(prefix string) *env {
	c := *e
	c.prefix = prefix
	return &c
}

// as returns a copy of e that logs in as patient key with scope.
func (e *env) as(key, scope string) *env {
	c := *e
	c.key, c.scope = key, scope
	return &c
}

// token runs the whole flow and returns the token response.
func (e *env) token(t testing.TB) TokenResponse {
	t.Helper()
	code := e.login(t)
	resp, tr := e.exchange(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}, "client_id": {testClient}})
	if resp.StatusCode != 200 || tr.AccessToken == "" || tr.TokenType != "Bearer" || tr.ExpiresIn != 900 {
		t.Fatalf("token: %d %+v", resp.StatusCode, tr)
	}
	return tr
}

func (e *env) fhirGet(t testing.TB, path, token string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+e.prefix+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("MedMij-Request-ID", "rid-fhir")
	req.Header.Set("X-Correlation-ID", "9a3f0c52-0000-4000-8000-0000000000c1")
	req.Header.Set("Accept", "application/fhir+json")
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	return e.do(t, req)
}

// scriptQuery is one search operation of a TestScript with the resource
// counts its asserts expect.
type scriptQuery struct {
	Name, Resource, Params string
	Counts                 map[string]int
	Warn                   map[string]bool
}

var countRE = regexp.MustCompile(`^Bundle\.entry\.where\(resource\.is\((\w+)\)\)\.count\(\) = (\d+)$`)

func scriptQueries(t testing.TB, file string) []scriptQuery {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := fhir.ParseOptions{}.ParseXML(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []scriptQuery
	for _, test := range ts.Get("test") {
		for _, action := range test.ChildrenNamed("action") {
			if op := action.Child("operation"); op != nil && op.String("resource") != "" {
				out = append(out, scriptQuery{Name: test.String("name"), Resource: op.String("resource"), Params: op.String("params"),
					Counts: map[string]int{}, Warn: map[string]bool{}})
				continue
			}
			as := action.Child("assert")
			if as == nil || len(out) == 0 {
				continue
			}
			if m := countRE.FindStringSubmatch(as.String("expression")); m != nil {
				n, _ := strconv.Atoi(m[2])
				q := &out[len(out)-1]
				q.Counts[m[1]] = n
				q.Warn[m[1]] = as.String("warningOnly") == "true"
			}
		}
	}
	return out
}

// requestPath turns a TestScript operation into a URL path and query,
// encoding the query values as encodeRequestUrl asks.
func (q scriptQuery) requestPath() string {
	p, raw, _ := strings.Cut(q.Params, "?")
	out := "/fhir/" + q.Resource + p
	if raw == "" {
		return out
	}
	var parts []string
	for _, pair := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return out + "?" + strings.Join(parts, "&")
}

// serverChecks runs the reference PGO client's MedMij response checks on a
// searchset: the ones about the server's own work (type, self link, total,
// fullUrl, profile, BSN) must pass; content findings about the fixtures are
// counted and returned.
func serverChecks(t testing.TB, path string, b *fhir.Resource, content map[string]int) {
	t.Helper()
	for _, p := range pgoclient.CheckSearchSet(b) {
		switch p.Check {
		case "type", "self", "total", "fullUrl", "profile", "BSN":
			t.Errorf("%s: %s", path, p)
		default:
			content[p.Check]++
		}
	}
}
