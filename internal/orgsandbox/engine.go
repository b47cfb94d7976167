package orgsandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/gfmock"
	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
)

// SandboxURA is the test URA of ketentest's own organisation in every
// hackathon (participants get 9 + their organisation id, never 0).
const SandboxURA = "90000000"

// Options configure an Engine.
type Options struct {
	DB      *store.DB
	BaseURL string // external base of the sandbox listener, https://…
	// Source gives the test dossiers ketentest's FHIR server serves for a
	// hackathon, with a BSN → dossier key map (nil: no data served).
	Source func(ctx context.Context, hid int64) (dossier.Source, map[string]string, error)
	Now    func() time.Time
	// HTTPClient makes the client ketentest calls participants with, from
	// its client certificate and the roots to trust; the app passes one
	// behind the SSRF guard. Nil: a plain TLS 1.3 client.
	HTTPClient ClientMaker
}

// Engine serves every hackathon's organisation sandbox under
// /h/{code}/twiin/ on the sandbox listener. The listener must request
// client certificates (tls.RequestClientCert); each hackathon checks them
// against its own CA.
type Engine struct {
	opts Options
	host string
	mu   sync.Mutex
	hs   map[string]*hackathon
	cas  caCache
}

// New makes an Engine.
func New(o Options) (*Engine, error) {
	u, err := url.Parse(o.BaseURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, errors.New("orgsandbox: BaseURL must be an https URL")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.BaseURL = strings.TrimSuffix(o.BaseURL, "/")
	return &Engine{opts: o, host: u.Host, hs: map[string]*hackathon{}}, nil
}

// hackathon is one hackathon's composed sandbox.
type hackathon struct {
	id      int64
	code    string
	base    string // {BaseURL}/h/{code}/twiin
	keys    *Keys
	self    *testca.Issued // ketentest's client certificate (URA SandboxURA)
	bsns    []string       // patients with data, sorted
	clients *Clients
	as      *orgauth.Server
	bases   *orgauth.MemBases
	mocks   *gfmock.Mocks
	recv    *twiin.Receiver
	mux     *http.ServeMux
	db      *store.DB
}

// Endpoints are the external URLs of a hackathon's organisation sandbox.
type Endpoints struct {
	Base, Token, Introspect, Notification, FHIRBase, Mocks, CA, JWKS string
}

// EndpointsOf returns the URLs for hackathon code.
func (e *Engine) EndpointsOf(code string) Endpoints {
	b := e.opts.BaseURL + "/h/" + code + "/twiin"
	return Endpoints{Base: b, Token: b + "/oauth/token", Introspect: b + "/oauth/introspect", Notification: b + "/notify",
		FHIRBase: b + "/fhir", Mocks: b + "/gf", CA: b + "/ca.pem", JWKS: b + "/jwks.json"}
}

var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)

// ErrUnknownHackathon is returned for a code no hackathon has.
var ErrUnknownHackathon = errors.New("orgsandbox: unknown hackathon")

// get returns (building on first use) the sandbox of hackathon code.
func (e *Engine) get(ctx context.Context, code string) (*hackathon, error) {
	if !codeRE.MatchString(code) {
		return nil, ErrUnknownHackathon
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if h, ok := e.hs[code]; ok {
		return h, nil
	}
	var hid int64
	err := e.opts.DB.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", code).Scan(&hid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownHackathon
	}
	if err != nil {
		return nil, err
	}
	keys, err := LoadOrCreateKeys(ctx, e.opts.DB, hid, code, e.host, e.opts.Now())
	if err != nil {
		return nil, err
	}
	ep := e.EndpointsOf(code)
	self, err := selfCert(keys.CA, e.opts.Now())
	if err != nil {
		return nil, err
	}
	h := &hackathon{id: hid, code: code, db: e.opts.DB, base: ep.Base, keys: keys, self: self, bases: orgauth.NewMemBases(),
		clients: &Clients{DB: e.opts.DB, HackathonID: hid, Code: code, Host: e.host}}
	h.as, err = orgauth.New(orgauth.Config{Hackathon: code, TokenEndpoint: ep.Token, IntrospectionEndpoint: ep.Introspect,
		Clients: h.clients, Bases: h.bases, Credentials: keys.Issuer, UseCaseScopes: []string{"notification"}, Now: e.opts.Now})
	if err != nil {
		return nil, err
	}
	h.mocks = &gfmock.Mocks{Hackathon: code, BaseURL: ep.Mocks, RequirePeer: true}
	if err := h.mocks.PutOrganization(gfmock.Organization{URA: SandboxURA, Name: "TEST ketentest sandbox", Endpoints: []gfmock.Endpoint{
		{Address: ep.Notification, PayloadTypes: []string{gfmock.PayloadNotification}},
		{Address: ep.FHIRBase, PayloadTypes: []string{gfmock.PayloadBgZ}},
		{Address: ep.Token, PayloadTypes: []string{gfmock.PayloadOAuth}},
	}}); err != nil {
		return nil, err
	}
	h.recv = &twiin.Receiver{OwnerURAs: []string{SandboxURA}, Auth: h.as, BaseURL: ep.Notification, Record: h.record, Now: e.opts.Now}
	e.pullOnNotify(h)
	var data http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"geen testdossiers bij deze hackathon"}]}`, http.StatusNotFound)
	})
	if e.opts.Source != nil {
		src, byBSN, err := e.opts.Source(ctx, hid)
		if err != nil {
			return nil, err
		}
		if src != nil {
			data = &twiin.FixtureFHIR{Version: fhir.STU3, BaseURL: ep.FHIRBase, Source: src, ByBSN: byBSN}
			for b := range byBSN {
				h.bsns = append(h.bsns, b)
			}
			slices.Sort(h.bsns)
		}
	}
	rs := &twiin.ResourceServer{Hackathon: code, Auth: h.as, Bases: h.bases, BaseURL: ep.FHIRBase, Next: data, Record: h.record, Now: e.opts.Now}
	h.mux = http.NewServeMux()
	h.mux.Handle("/oauth/", http.StripPrefix("/oauth", h.as))
	h.mux.Handle("/notify/", http.StripPrefix("/notify", h.recv))
	h.mux.Handle("/fhir/", http.StripPrefix("/fhir", rs))
	h.mux.Handle("/gf/", http.StripPrefix("/gf", h.mocks))
	e.hs[code] = h
	e.cas.mu.Lock()
	e.cas.pool = nil // a new hackathon CA may exist now
	e.cas.mu.Unlock()
	return h, nil
}

func problem(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/fhir+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"resourceType": "OperationOutcome",
		"issue": []map[string]string{{"severity": "error", "code": code, "diagnostics": msg}}})
}

// ServeHTTP serves /h/{code}/twiin/…: ca.pem openly, everything else only
// over TLS 1.3 with a client certificate of the hackathon's CA.
func (e *Engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/h/")
	code, sub, ok2 := strings.Cut(rest, "/twiin")
	if !ok || !ok2 || (sub != "" && !strings.HasPrefix(sub, "/")) {
		problem(w, http.StatusNotFound, "not-found", "niet gevonden / not found")
		return
	}
	h, err := e.get(r.Context(), code)
	if errors.Is(err, ErrUnknownHackathon) {
		problem(w, http.StatusNotFound, "not-found", "onbekende hackathon")
		return
	}
	if err != nil {
		problem(w, http.StatusInternalServerError, "exception", "sandbox niet beschikbaar")
		return
	}
	if sub == "/ca.pem" && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.Header().Set("Content-Disposition", `attachment; filename="ketentest-TEST-ca-`+code+`.pem"`)
		w.Write(h.keys.CA.CertPEM)
		return
	}
	if sub == "/jwks.json" && r.Method == http.MethodGet {
		h.jwks(w)
		return
	}
	r2, _, err := h.keys.CA.VerifyRequest(r)
	if err != nil {
		h.record(twiin.Exchange{Role: "tls", At: e.opts.Now(), Method: r.Method, Path: twiin.RecordedPath(r.URL), Status: http.StatusUnauthorized, Note: err.Error()})
		problem(w, http.StatusUnauthorized, "security", err.Error())
		return
	}
	r2.URL.Path = sub
	r2.URL.RawPath = ""
	h.mux.ServeHTTP(w, r2)
}

// Notify is ketentest as sender: it mints an authorization base for
// receiverURA on patient bsn over queries and registers it, ready for the
// Notification Task it returns (the caller POSTs it, through the SSRF
// guard, to the participant's notification endpoint).
func (e *Engine) Notify(ctx context.Context, code, receiverURA, bsn string, queries []string, period time.Duration) (*twiin.Task, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return nil, err
	}
	b := twiin.MintBase(code, SandboxURA, receiverURA, bsn, queries, nil, e.opts.Now().Add(period))
	if err := h.bases.PutBase(ctx, b); err != nil {
		return nil, err
	}
	return twiin.NotificationFor(b).Build(), nil
}

// shared holds the engines of this process by database and base URL, so
// that the web pages see the exchanges the sandbox listener recorded.
var shared = struct {
	sync.Mutex
	m map[sharedKey]*Engine
}{m: map[sharedKey]*Engine{}}

type sharedKey struct {
	db   *store.DB
	base string
}

// Shared returns this process's engine for o.DB and o.BaseURL, making it
// with o on first use.
func Shared(o Options) (*Engine, error) {
	k := sharedKey{o.DB, strings.TrimSuffix(o.BaseURL, "/")}
	shared.Lock()
	defer shared.Unlock()
	if e, ok := shared.m[k]; ok {
		// The web pages may have made it first, without the listener's
		// data source: adopt it and rebuild the hackathons with it.
		e.mu.Lock()
		if e.opts.Source == nil && o.Source != nil {
			e.opts.Source, e.hs = o.Source, map[string]*hackathon{}
		}
		if e.opts.HTTPClient == nil && o.HTTPClient != nil {
			e.opts.HTTPClient, e.hs = o.HTTPClient, map[string]*hackathon{}
		}
		e.mu.Unlock()
		return e, nil
	}
	e, err := New(o)
	if err != nil {
		return nil, err
	}
	shared.m[k] = e
	return e, nil
}

// Find returns this process's engine for db and baseURL, if one was made
// with Shared.
func Find(db *store.DB, baseURL string) *Engine {
	shared.Lock()
	defer shared.Unlock()
	return shared.m[sharedKey{db, strings.TrimSuffix(baseURL, "/")}]
}
