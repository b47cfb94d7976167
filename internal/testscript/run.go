package testscript

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/validate"
)

// Options configure a run against a server.
type Options struct {
	// Base is the FHIR base URL of the server under test.
	Base string
	// Token, when set, is sent as "Authorization: Bearer Token" on every
	// request instead of the script's own Authorization header.
	Token string
	// AuthMap replaces a script's Authorization header value (e.g. a
	// Nictiz qualification token "Bearer 7ce7...") by another (the
	// participant's token for that test patient). Token wins over it.
	AuthMap map[string]string
	// Variables override the script's variables by name (e.g. T, the date
	// the fixtures were loaded relative to).
	Variables map[string]string
	// Policy is the SSRF guard: requests go through Policy.HTTPClient().
	// nil means a deny-by-default policy (public addresses only).
	Policy *pgoclient.Policy
	// HTTP, when set, is used instead of Policy's client; it must be a
	// guarded client too (e.g. pgoclient.Client.HTTP) unless in tests.
	HTTP *http.Client
	// Validator judges validateProfileId asserts; without it they are
	// unsupported.
	Validator *validate.Validator
	// Now fixes the date for ${CURRENTDATE} and the default of T.
	Now time.Time
	// Headers are added to every request the script does not give them
	// for; values may hold placeholders (e.g. MedMij-Request-ID: ${UUID}).
	Headers map[string]string
	// OnOperation is called after every operation (progress).
	OnOperation func(done, total int)
}

// Run runs a script against o.Base: setup, every test, teardown. It never
// returns nil.
func Run(ctx context.Context, s *Script, o Options) *ScriptResult {
	hc := o.HTTP
	if hc == nil {
		p := o.Policy
		if p == nil {
			p = &pgoclient.Policy{}
		}
		hc = p.HTTPClient()
	}
	r := newRun(ctx, s, o.Now, o.Variables, o.Validator)
	r.send = func(req *builtRequest) *source {
		for k, v := range o.Headers {
			if req.headers.Get(k) == "" {
				req.headers.Set(k, r.expand(v))
			}
		}
		return r.sendHTTP(hc, o, req)
	}
	r.total = CountOperations(s)
	r.progress = o.OnOperation
	if err := pgoclient.CheckURL(o.Base); err != nil {
		r.res.Error = "base URL: " + err.Error()
		return r.res
	}
	r.base = strings.TrimSuffix(o.Base, "/")
	r.execute()
	return r.res
}

// CountOperations is the number of operations of a script (for progress).
func CountOperations(s *Script) int {
	n := 0
	each := func(as []Action) {
		for _, a := range as {
			if a.Operation != nil {
				n++
			}
		}
	}
	each(s.Setup)
	for _, t := range s.Tests {
		each(t.Actions)
	}
	each(s.Teardown)
	return n
}

// run is the state of one script run.
type run struct {
	ctx       context.Context
	s         *Script
	now       time.Time
	overrides map[string]string
	validator *validate.Validator
	base      string
	send      func(*builtRequest) *source
	res       *ScriptResult
	total     int
	done      int
	progress  func(done, total int)

	defaults map[string]string  // defaultValues expanded once (one UUID per run)
	sources  map[string]*source // fixtures, responseIds and requestIds
	last     *source            // the latest operation's exchange
	compiled map[string]*fhirpath.Expr
	// client is true when judging recorded traffic of a client; pending
	// holds the asserts the matching of the latest operation produced.
	client    bool
	pending   []AssertResult
	resolving map[string]bool
}

// source is something an assert or a variable can look at: a fixture, or
// an exchange (request and response).
type source struct {
	ex                    *Exchange
	fullReqBody, fullBody []byte
	req                   *fhir.Resource // parsed request body
	resp                  *fhir.Resource // parsed response body (or the fixture)
	respErr               error
	parsed                bool
	fixture               bool
	reqURL                string // path and query relative to the base, for requestURL
	// reqHeaders are the request headers as sent (unmasked, for request
	// asserts); the Exchange keeps them masked.
	reqHeaders http.Header
	// authenticated: a recorded request whose token the DVA accepted.
	authenticated bool
}

func newRun(ctx context.Context, s *Script, now time.Time, overrides map[string]string, v *validate.Validator) *run {
	if now.IsZero() {
		now = time.Now()
	}
	r := &run{ctx: ctx, s: s, now: now, overrides: overrides, validator: v,
		res:      &ScriptResult{File: s.File, ID: s.ID, Name: s.Name, Title: s.Title, Started: time.Now()},
		defaults: map[string]string{}, sources: map[string]*source{}, compiled: map[string]*fhirpath.Expr{}, resolving: map[string]bool{}}
	for _, v := range s.Variables {
		if v.DefaultValue != "" {
			r.defaults[v.Name] = Expand(v.DefaultValue, r.lookupOverride, now)
		}
	}
	for i := range s.Fixtures {
		f := &s.Fixtures[i]
		r.sources[f.ID] = &source{fixture: true, fullBody: f.Body, respErr: f.Err}
	}
	return r
}

func (r *run) lookupOverride(name string) (string, bool) {
	v, ok := r.overrides[name]
	return v, ok
}

// lookup answers a variable: an override, then the variable's
// expression/headerField/path on its source, then its default.
func (r *run) lookup(name string) (string, bool) {
	if v, ok := r.overrides[name]; ok {
		return v, true
	}
	for _, v := range r.s.Variables {
		if v.Name != name {
			continue
		}
		if r.resolving[name] {
			return "", false
		}
		r.resolving[name] = true
		defer delete(r.resolving, name)
		if val, ok := r.variableValue(v); ok {
			return val, true
		}
		d, ok := r.defaults[name]
		return d, ok
	}
	return "", false
}

func (r *run) variableValue(v Variable) (string, bool) {
	src := r.last
	if v.SourceID != "" {
		src = r.sources[v.SourceID]
	}
	if src == nil {
		return "", false
	}
	switch {
	case v.HeaderField != "":
		if src.ex == nil {
			return "", false
		}
		h := src.ex.ResponseHeaders
		if src.ex.Status == 0 && src.ex.RequestHeaders != nil {
			h = src.ex.RequestHeaders
		}
		val := h.Get(v.HeaderField)
		return val, val != ""
	case v.Expression != "":
		res := r.resource(src)
		if res == nil {
			return "", false
		}
		out, err := r.eval(v.Expression, res)
		if err != nil || len(out) == 0 {
			return "", false
		}
		return out[0].String(), true
	case v.Path != "":
		res := r.resource(src)
		if res == nil {
			return "", false
		}
		vals, ok := pathValues(res, v.Path)
		if !ok || len(vals) == 0 {
			return "", false
		}
		return vals[0], true
	}
	return "", false
}

func (r *run) expand(s string) string { return Expand(s, r.lookup, r.now) }

// resource parses a source's body once (fixtures after their
// placeholders are resolved).
func (r *run) resource(src *source) *fhir.Resource {
	if src.parsed {
		return src.resp
	}
	src.parsed = true
	if src.respErr != nil || len(src.fullBody) == 0 {
		return nil
	}
	body := src.fullBody
	if src.fixture {
		body = []byte(r.expand(string(body)))
		src.fullBody = body
	}
	v := r.s.Version
	if src.ex != nil { // a response that names its release (fhirVersion=3.0 / 4.0) is read as such
		if fv := contentTypeVersion(src.ex.ResponseHeaders.Get("Content-Type")); fv != fhir.Unknown {
			v = fv
		}
	}
	res, err := fhir.ParseOptions{Version: v}.Parse(body)
	if err != nil && v != fhir.Unknown {
		res, err = fhir.Parse(body) // a response in the other release
	}
	src.resp, src.respErr = res, err
	return res
}

// contentTypeVersion reads the fhirVersion parameter of a FHIR media type.
func contentTypeVersion(ct string) fhir.Version {
	for _, p := range strings.Split(ct, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(k, "fhirVersion") {
			continue
		}
		switch val = strings.Trim(val, `"`); {
		case strings.HasPrefix(val, "3.0"):
			return fhir.STU3
		case strings.HasPrefix(val, "4.0"):
			return fhir.R4
		}
	}
	return fhir.Unknown
}

// eval evaluates a FHIRPath expression (compiled once) on res.
func (r *run) eval(expr string, res *fhir.Resource) (fhirpath.Collection, error) {
	e, ok := r.compiled[expr]
	if !ok {
		var err error
		if e, err = fhirpath.Compile(expr, fhirpath.Options{Version: res.Version}); err != nil {
			return nil, err
		}
		r.compiled[expr] = e
	}
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	return e.EvaluateResource(ctx, res, nil)
}

// execute runs setup, tests and teardown.
func (r *run) execute() {
	start := time.Now()
	defer func() { r.res.Duration = time.Since(start) }()
	setupFailed := r.actions("setup", "", r.s.Setup, false)
	for _, t := range r.s.Tests {
		r.actions("test", testName(t), t.Actions, setupFailed)
	}
	r.actions("teardown", "", r.s.Teardown, false)
}

func testName(t Test) string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

// actions runs a list of actions; it reports whether a stopTestOnFail
// assert failed (for setup: whether any assert failed). skip reports every
// assert as skipped without sending anything.
func (r *run) actions(phase, test string, as []Action, skip bool) (stopped bool) {
	var cur *OperationResult
	flush := func() {
		if cur != nil {
			r.res.Operations = append(r.res.Operations, *cur)
			cur = nil
		}
	}
	for _, a := range as {
		if r.ctx.Err() != nil {
			skip = true
		}
		if a.Operation != nil {
			flush()
			cur = &OperationResult{Phase: phase, Test: test, Description: a.Operation.Description,
				Method: a.Operation.method(), Target: a.Operation.target()}
			if skip || stopped {
				continue
			}
			req := r.build(a.Operation)
			src := r.send(req)
			r.last = src
			if a.Operation.ResponseID != "" {
				r.sources[a.Operation.ResponseID] = src
			}
			if a.Operation.RequestID != "" {
				r.sources[a.Operation.RequestID] = src
			}
			cur.Exchange = src.ex
			cur.Asserts = append(cur.Asserts, r.pending...)
			r.pending = nil
			r.done++
			if r.progress != nil {
				r.progress(r.done, r.total)
			}
			continue
		}
		if a.Assert == nil {
			continue
		}
		if cur == nil {
			cur = &OperationResult{Phase: phase, Test: test}
		}
		ar := AssertResult{Label: a.Assert.Label, Description: a.Assert.Description, Kind: a.Assert.kind(), WarningOnly: a.Assert.WarningOnly}
		if skip || stopped {
			ar.Status, ar.Message = Skipped, "not evaluated: an earlier step failed"
			if skip && r.ctx.Err() != nil {
				ar.Message = "not evaluated: the run was stopped"
			}
		} else {
			ar.Status, ar.Message = r.judge(a.Assert)
			if ar.Status == Fail && a.Assert.WarningOnly {
				ar.Status = Warning
			}
			if ar.Status == Fail && (a.Assert.StopTestOnFail || phase == "setup") {
				stopped = true
			}
		}
		cur.Asserts = append(cur.Asserts, ar)
	}
	flush()
	return stopped
}

// method is the HTTP method of an operation.
func (op *Operation) method() string {
	if op.Method != "" {
		return op.Method
	}
	switch strings.ToLower(op.Type) {
	case "create", "transaction", "batch", "purge", "process-message":
		return http.MethodPost
	case "update", "updatecreate":
		return http.MethodPut
	case "delete", "deletecondmultiple", "deletecondsingle":
		return http.MethodDelete
	case "patch":
		return http.MethodPatch
	}
	if strings.HasPrefix(op.Type, "$") && op.SourceID != "" {
		return http.MethodPost
	}
	return http.MethodGet
}

func (op *Operation) target() string {
	if op.URL != "" {
		return op.URL
	}
	if op.Resource == "" && op.Params == "" {
		return "[base] " + op.Type // transaction, batch, capabilities
	}
	return op.Resource + op.Params
}

// builtRequest is an operation ready to be sent or matched.
type builtRequest struct {
	op      *Operation
	method  string
	rel     string // path and query below the base, starting with "/" (or an absolute URL)
	headers http.Header
	body    []byte
}

// build expands an operation into a request.
func (r *run) build(op *Operation) *builtRequest {
	b := &builtRequest{op: op, method: op.method(), headers: http.Header{}}
	switch {
	case op.URL != "":
		b.rel = r.expand(op.URL)
	default:
		p := r.expand(op.Params)
		typ := op.Resource
		t := strings.ToLower(op.Type)
		switch {
		case t == "transaction" || t == "batch":
			typ = ""
		case t == "capabilities":
			typ, p = "metadata", ""
		}
		switch {
		case typ == "":
			b.rel = "/" + strings.TrimPrefix(p, "/")
			if strings.HasPrefix(p, "?") {
				b.rel = "/" + p
			}
		case p == "" || strings.HasPrefix(p, "?") || strings.HasPrefix(p, "/"):
			b.rel = "/" + typ + p
		default:
			b.rel = "/" + typ + "/" + p
		}
		if t == "history" && !strings.Contains(b.rel, "_history") {
			path, q, _ := strings.Cut(b.rel, "?")
			b.rel = strings.TrimSuffix(path, "/") + "/_history"
			if q != "" {
				b.rel += "?" + q
			}
		}
		if op.EncodeRequestURL {
			b.rel = encodeQuery(b.rel)
		}
	}
	if a := mime(op.Accept, r.s.Version); a != "" {
		b.headers.Set("Accept", a)
	} else {
		b.headers.Set("Accept", "application/fhir+json")
	}
	for _, h := range op.RequestHeaders {
		b.headers.Set(h.Field, r.expand(h.Value))
	}
	if op.SourceID != "" && b.method != http.MethodGet && b.method != http.MethodDelete {
		if src := r.sources[op.SourceID]; src != nil {
			ct := mime(op.ContentType, r.s.Version)
			if ct == "" {
				ct = "application/fhir+json"
			}
			if res := r.resource(src); res != nil {
				var err error
				if strings.Contains(ct, "xml") {
					b.body, err = fhir.MarshalXML(res)
				} else {
					b.body, err = fhir.MarshalJSON(res)
				}
				if err == nil {
					b.headers.Set("Content-Type", ct)
				}
			}
		}
	}
	return b
}

// mime turns a TestScript format code into a MIME type.
func mime(code string, v fhir.Version) string {
	switch strings.ToLower(strings.TrimSpace(code)) {
	case "":
		return ""
	case "xml":
		return "application/fhir+xml"
	case "json":
		return "application/fhir+json"
	case "ttl":
		return "text/turtle"
	case "none":
		return ""
	}
	return code
}

// encodeQuery URL-encodes the names and values of the query of rel, as
// encodeRequestUrl asks; a value already holding %XX escapes is kept.
func encodeQuery(rel string) string {
	path, raw, ok := strings.Cut(rel, "?")
	if !ok || raw == "" {
		return rel
	}
	var parts []string
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, hasV := strings.Cut(pair, "=")
		k, v = unescapeLoose(k), unescapeLoose(v)
		if hasV {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		} else {
			parts = append(parts, url.QueryEscape(k))
		}
	}
	return path + "?" + strings.Join(parts, "&")
}

func unescapeLoose(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// sendHTTP sends a request to the server under test and keeps the
// exchange.
func (r *run) sendHTTP(hc *http.Client, o Options, b *builtRequest) *source {
	if v := b.headers.Get("Authorization"); v != "" {
		if m, ok := o.AuthMap[v]; ok {
			b.headers.Set("Authorization", m)
		}
	}
	if o.Token != "" {
		b.headers.Set("Authorization", "Bearer "+o.Token)
	}
	u := b.rel
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		u = r.base + u
	}
	ex := &Exchange{Method: b.method, URL: u, RequestHeaders: redact.Header(b.headers)}
	ex.RequestBody, ex.Truncated = keep(b.body)
	src := &source{ex: ex, fullReqBody: b.body, reqURL: b.rel, reqHeaders: b.headers}
	if err := pgoclient.CheckURL(u); err != nil {
		ex.Error = err.Error()
		return src
	}
	ctx, cancel := context.WithTimeout(r.ctx, pgoclient.RequestTimeout)
	defer cancel()
	var body io.Reader
	if b.body != nil {
		body = bytes.NewReader(b.body)
	}
	req, err := http.NewRequestWithContext(ctx, b.method, u, body)
	if err != nil {
		ex.Error = err.Error()
		return src
	}
	req.Header = b.headers
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		ex.Error = err.Error()
		ex.Duration = time.Since(start)
		return src
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, pgoclient.MaxResponseBytes+1))
	ex.Duration = time.Since(start)
	if err != nil {
		ex.Error = "reading the response: " + err.Error()
	}
	if len(data) > pgoclient.MaxResponseBytes {
		data = data[:pgoclient.MaxResponseBytes]
		ex.Error = fmt.Sprintf("response larger than %d bytes; cut", pgoclient.MaxResponseBytes)
	}
	ex.Status = resp.StatusCode
	ex.ResponseHeaders = redact.Header(resp.Header)
	var cut bool
	ex.ResponseBody, cut = keep(data)
	ex.Truncated = ex.Truncated || cut
	src.fullBody = data
	return src
}

func keep(b []byte) (string, bool) {
	if len(b) > MaxKeptBody {
		return strings.ToValidUTF8(string(b[:MaxKeptBody]), "\uFFFD"), true
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), false
}
