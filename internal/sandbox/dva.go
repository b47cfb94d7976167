// Package sandbox is the reference DVA of the test bed: a MedMij OAuth 2.0
// authorization-code flow (a test-patient chooser in place of DigiD, a
// consent step, a token endpoint with refresh tokens) in front of a
// read-only FHIR REST resource server over test dossiers. Every request is
// recorded in sandbox_traffic, attributed by token and client, never by IP.
//
// NewDVA returns an http.Handler meant to be mounted on its own listener:
//
//	GET  /oauth/authorize   patient chooser and consent
//	POST /oauth/authorize   choose patient / allow / deny
//	POST /oauth/token       authorization_code and refresh_token grants
//	GET  /fhir/metadata     CapabilityStatement (no token needed)
//	GET  /fhir/{type}       search; GET /fhir/Observation/$lastn
//	GET  /fhir/{type}/{id}  read
//	POST /fhir/{type}/$validate  parse and check a resource
package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/store"
)

// Defaults.
const (
	AccessTokenTTL  = 15 * time.Minute
	RefreshTokenTTL = 30 * 24 * time.Hour
	CodeTTL         = 2 * time.Minute
	MaxBodyBytes    = 1 << 20
)

// Options configure a DVA.
type Options struct {
	// Provider is the care provider name used in scopes ("{provider}~48").
	Provider string
	// Catalog are the data services this DVA knows (default:
	// KnownServices): configuration, so another data service needs no code.
	Catalog []Service
	// Services are the data service ids served (default: every one of
	// the catalog).
	Services []string
	// BaseURL is the external base of this listener, e.g.
	// "https://sandbox.example"; empty derives it from each request.
	BaseURL string
	// Now replaces time.Now in tests.
	Now func() time.Time
	// NoTraffic disables recording (benchmarks of the search path only).
	NoTraffic bool
	// Providers are further care providers of this sandbox, each with its
	// own DVA at {base}/{Path} (own OAuth and resource endpoints, own ZAL
	// entry, own test patients); see Provider.
	Providers []Provider
	// PathPrefix is the path of a provider's DVA below the listener
	// ("/ziekenhuis-a"); set by NewDVA for Providers.
	PathPrefix string
}

// DVA is the reference DVA handler.
type DVA struct {
	// overlay holds what POST [base] transactions wrote (in memory,
	// bounded); overlayUsed says whether anything was ever written, so
	// reads skip the overlay's lock until then.
	overlay     writeOverlay
	overlayUsed atomic.Bool

	db     *store.DB
	source dossier.Source
	opts   Options
	mux    *http.ServeMux
	cop    *http.CrossOriginProtection
	// started is when this configuration was made: the time stamp and
	// sequence number of the published lists.
	started  time.Time
	services storeServices
	traffic  *trafficWriter
	grants   grantCache
	searches searchCache
	subs     []*DVA // the DVAs of Options.Providers
	views    views
	queries  queryCache
	dossiers dossierCache
}

// NewDVA builds the handler over db (clients, codes, tokens, traffic) and a
// source of test dossiers.
func NewDVA(db *store.DB, source dossier.Source, opts Options) *DVA {
	if opts.Provider == "" {
		opts.Provider = "ketentest"
	}
	if len(opts.Catalog) == 0 {
		opts.Catalog = KnownServices
	}
	if len(opts.Services) == 0 {
		opts.Services = serviceIDs(opts.Catalog)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &DVA{db: db, source: source, opts: opts, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection()}
	d.mux.HandleFunc("GET /oauth/authorize", d.authorizePage)
	d.mux.HandleFunc("POST /oauth/authorize", d.authorizeSubmit)
	d.mux.HandleFunc("POST /oauth/token", d.token)
	d.mux.HandleFunc("GET /medmij/zal.xml", d.zal)
	d.mux.HandleFunc("GET /medmij/ocl.xml", d.ocl)
	d.mux.HandleFunc("GET /medmij/gnl.xml", d.gnl)
	d.fhirRoutes(d.mux, "")
	for i, svc := range opts.Services {
		if svc != "" && !slices.Contains(opts.Services[:i], svc) {
			d.fhirRoutes(d.mux, svc) // {base}/{svc}/fhir/...: one data service, as published on the ZAL
		}
	}
	d.mux.HandleFunc("/", notFound)
	d.addProviders()
	d.started = opts.Now().UTC().Truncate(time.Second)
	if !opts.NoTraffic {
		d.traffic = newTrafficWriter(db)
	}
	return d
}

// notFound answers paths outside the DVA's endpoints.
func notFound(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "Niet gevonden / not found", http.StatusNotFound)
}

// attribution is filled in by handlers for the traffic record.
type attribution struct {
	clientID        string // proven: by a valid token, code or refresh token of that client
	claimedClientID string // named by the request but not proven (front channel, a refused token request)
	tokenID         int64
	patientKey      string
	rec             *recorder // the response being written
}

// answerKnown tells the recorder that the response is the cached answer c.
func answerKnown(r *http.Request, c *cachedBody) {
	if a := attr(r); a.rec != nil {
		a.rec.known = c
	}
}

type attrKey struct{}

func attr(r *http.Request) *attribution {
	if a, ok := r.Context().Value(attrKey{}).(*attribution); ok {
		return a
	}
	return &attribution{}
}

// recorder captures the status of a response.
type recorder struct {
	http.ResponseWriter
	status int
	body   *capture // a copy of what was written, for the traffic record
	// known, when a handler set it, is the cached answer being written:
	// the record takes its body from there instead of a copy.
	known *cachedBody
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.body != nil && w.known == nil {
		w.body.keep(b)
	}
	return w.ResponseWriter.Write(b)
}

// ServeHTTP routes the request and records it.
func (d *DVA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if sub, r2 := d.provider(r); sub != nil {
		sub.ServeHTTP(w, r2)
		return
	}
	start := time.Now()
	a := &attribution{}
	rec := &recorder{ResponseWriter: w}
	a.rec = rec
	r = r.WithContext(context.WithValue(r.Context(), attrKey{}, a))
	h := rec.Header()
	h["Cache-Control"] = []string{"no-store"} // canonical keys, set directly
	h["X-Content-Type-Options"] = []string{"nosniff"}
	h["Referrer-Policy"] = []string{"no-referrer"}
	var reqBody *capture
	if !d.opts.NoTraffic {
		reqBody, rec.body = &capture{r: r.Body}, &capture{}
		r.Body = reqBody
	}
	d.mux.ServeHTTP(rec, r)
	if d.opts.NoTraffic {
		return
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	path := d.opts.PathPrefix + r.URL.Path
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	if a.clientID != "" {
		a.claimedClientID = ""
	}
	d.traffic.add(trafficRecord{at: start.UTC(), clientID: a.clientID, claimedClientID: truncate(a.claimedClientID, 253), tokenID: a.tokenID, patientKey: a.patientKey,
		method: r.Method, path: truncate(recordedPath(path), 4000), status: rec.status, durationUS: time.Since(start).Microseconds(),
		requestID: truncate(requestID(r), 200), correlationID: truncate(correlationID(r), 200),
		requestHeaders: headersJSON(r.Header), respHeads: respHeadersJSON(rec), bodies: recordedBodies(r, rec, reqBody)})
}

// Close writes the traffic records still buffered. Call it after the
// listener's http.Server has shut down (so no handler is still running);
// requests served after Close are recorded one by one.
func (d *DVA) Close() {
	if d.traffic != nil {
		d.traffic.close()
	}
	for _, s := range d.subs {
		s.Close()
	}
}

// respHeadersJSON records the response headers; those of a cached answer
// are worked out once.
func respHeadersJSON(rec *recorder) string {
	if rec.known != nil {
		return rec.known.heads(rec.Header())
	}
	return headersJSON(rec.Header())
}

// headersJSON records headers with secrets masked (redact.Header), as
// json.Marshal writes a map: keys sorted, HTML characters escaped. Plain
// values are written directly (this runs for every request).
func headersJSON(h http.Header) string {
	m := redact.Header(h)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(64 * len(keys))
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonString(&b, k)
		b.WriteByte(':')
		vs := m[k]
		if vs == nil {
			b.WriteString("null")
			continue
		}
		b.WriteByte('[')
		for j, v := range vs {
			if j > 0 {
				b.WriteByte(',')
			}
			jsonString(&b, v)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

// jsonString writes s as encoding/json would.
func jsonString(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s)
			b.Write(j)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// requestID returns the MedMij-Request-ID of a request (header, or query
// parameter on the front-channel authorize request).
func requestID(r *http.Request) string {
	if v := r.Header.Get("MedMij-Request-ID"); v != "" {
		return v
	}
	return queryValue(r, "MedMij-Request-ID")
}

func correlationID(r *http.Request) string {
	if v := r.Header.Get("X-Correlation-ID"); v != "" {
		return v
	}
	return queryValue(r, "X-Correlation-ID")
}

// queryValue is r.URL.Query().Get(name) without parsing a query that
// cannot hold it.
func queryValue(r *http.Request, name string) string {
	if !strings.Contains(r.URL.RawQuery, name) {
		return ""
	}
	return r.URL.Query().Get(name)
}

// baseURL is the external base of this listener.
func (d *DVA) baseURL(r *http.Request) string {
	if d.opts.BaseURL != "" {
		return strings.TrimSuffix(d.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + d.opts.PathPrefix
}

// newSecret returns a random URL-safe secret; hashSecret is how codes and
// tokens are stored. Both are the account package's, so every secret of the
// platform is made and stored one way.
func newSecret() string { return account.NewToken("") }

func hashSecret(s string) string { return account.HashToken(s) }

// TrafficEntry is one recorded request.
type TrafficEntry struct {
	ID              int64
	At              time.Time
	ClientID        string // the client the request proved to be ("" when none)
	ClaimedClientID string // the client_id an unauthenticated request named ("" when proven or none)
	TokenID         int64
	PatientKey      string
	Method, Path    string
	Status          int
	Duration        time.Duration
	RequestID       string
	CorrelationID   string
	RequestHeaders  map[string][]string
	ResponseHeaders map[string][]string
}

// Traffic returns the latest recorded requests that proved to be a client
// ("" for all requests), newest first.
func (d *DVA) Traffic(ctx context.Context, clientID string, limit int) ([]TrafficEntry, error) {
	if d.traffic != nil {
		d.traffic.flush()
	}
	return Traffic(ctx, d.db, clientID, limit)
}

// Traffic reads recorded requests from db; see DVA.Traffic.
func Traffic(ctx context.Context, db *store.DB, clientID string, limit int) ([]TrafficEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q := `SELECT ` + trafficCols + ` FROM sandbox_traffic t`
	args := []any{}
	if clientID != "" {
		q += " WHERE t.client_id = ?"
		args = append(args, clientID)
	}
	q += " ORDER BY t.id DESC LIMIT ?"
	args = append(args, limit)
	return queryTraffic(ctx, db, q, args...)
}
