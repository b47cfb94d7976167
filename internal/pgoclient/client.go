package pgoclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/redact"
)

// Client is the reference PGO: it sends the user to a DVA's authorize
// endpoint, exchanges the code for a token and runs a data service's query
// set, keeping every exchange with its check results.
type Client struct {
	Store *Store
	HTTP  *http.Client
	Now   func() time.Time
}

// New returns a client over st whose HTTP calls pass policy's SSRF guard.
func New(st *Store, policy *Policy) *Client {
	return &Client{Store: st, HTTP: policy.HTTPClient(), Now: time.Now}
}

// NewUUID returns a random (version 4) UUID, as MedMij-Request-ID and
// X-Correlation-ID take.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// FieldError names the target field that is wrong.
type FieldError struct{ Field, Message string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Validate checks a target before a run starts.
func (t *Target) Validate() error {
	for _, f := range []struct{ name, v string }{{"authorize_url", t.AuthorizeURL}, {"token_url", t.TokenURL}, {"fhir_base", t.FHIRBase}} {
		if err := CheckURL(f.v); err != nil {
			return &FieldError{f.name, err.Error()}
		}
	}
	if _, ok := Services[t.ServiceID]; !ok {
		return &FieldError{"service_id", fmt.Sprintf("data service %q is not supported (48: BgZ)", t.ServiceID)}
	}
	if strings.TrimSpace(t.ClientID) == "" || len(t.ClientID) > 253 {
		return &FieldError{"client_id", "client_id is required (the PGO's hostname as registered at the DVA)"}
	}
	if strings.TrimSpace(t.Scope) == "" || len(t.Scope) > 500 {
		return &FieldError{"scope", "scope is required, e.g. {provider}~48"}
	}
	if len(t.Label) > 200 {
		return &FieldError{"label", "at most 200 characters"}
	}
	return nil
}

// Begin stores a new run and returns the URL to send the user's browser
// to. binding is a secret of the user's session; the callback must present
// the same one.
func (c *Client) Begin(ctx context.Context, r *Run, binding string) (string, error) {
	t := &r.Target
	t.AuthorizeURL, t.TokenURL = strings.TrimSpace(t.AuthorizeURL), strings.TrimSpace(t.TokenURL)
	t.FHIRBase = strings.TrimSuffix(strings.TrimSpace(t.FHIRBase), "/")
	t.ClientID, t.Scope = strings.TrimSpace(t.ClientID), strings.Join(strings.Fields(t.Scope), " ")
	if err := t.Validate(); err != nil {
		return "", err
	}
	state := account.NewToken("")
	r.CorrelationID = NewUUID()
	now := c.Now()
	if err := c.Store.Create(ctx, r, state, binding, now); err != nil {
		return "", err
	}
	u, _ := url.Parse(t.AuthorizeURL)
	q := u.Query()
	q.Set("response_type", "code")
	q.Set("client_id", t.ClientID)
	q.Set("redirect_uri", t.RedirectURI)
	q.Set("scope", t.Scope)
	q.Set("state", state)
	q.Set("MedMij-Request-ID", NewUUID())
	q.Set("X-Correlation-ID", r.CorrelationID)
	u.RawQuery = q.Encode()
	x := &Exchange{RunID: r.ID, Seq: 1, Step: "authorize", Name: "authorize (front channel, via the browser)", At: now,
		Method: http.MethodGet, URL: redact.OAuthURL(u.String())}
	if err := c.Store.AddExchange(ctx, x); err != nil {
		return "", err
	}
	return u.String(), nil
}

// Complete handles the redirect back from the DVA (its query q): it
// exchanges the code for a token and runs every search of the data
// service, then records the outcome. The run must be in status
// authorizing; the returned error is also stored on the run.
func (c *Client) Complete(ctx context.Context, r *Run, callbackURL string, q url.Values) error {
	if err := c.Store.Start(ctx, r.ID); err != nil {
		return err
	}
	r.Status = StatusRunning
	seq := 2
	c.Store.AddExchange(ctx, &Exchange{RunID: r.ID, Seq: seq, Step: "callback", Name: "redirect back from the DVA", At: c.Now(),
		Method: http.MethodGet, URL: redact.OAuthURL(callbackURL)})
	fail := func(format string, args ...any) error {
		r.Status, r.Error = StatusError, fmt.Sprintf(format, args...)
		if err := c.Store.Finish(context.WithoutCancel(ctx), r, c.Now()); err != nil {
			return err
		}
		return errors.New(r.Error)
	}
	if e := q.Get("error"); e != "" {
		return fail("the DVA answered %s: %s", e, q.Get("error_description"))
	}
	code := q.Get("code")
	if code == "" {
		return fail("the redirect carries neither a code nor an error")
	}
	t := r.Target
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {t.RedirectURI}, "client_id": {t.ClientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return fail("token URL: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("MedMij-Request-ID", NewUUID())
	req.Header.Set("X-Correlation-ID", r.CorrelationID)
	seq++
	x, body := c.exchange(req, form.Encode())
	x.RunID, x.Seq, x.Step, x.Name = r.ID, seq, "token", "token (authorization_code)"
	var tok *Token
	if x.Error == "" {
		tok, x.Checks = CheckTokenResponse(x.Status, x.ResponseHeaders.Get("Content-Type"), x.ResponseHeaders.Get("Cache-Control"), body)
	}
	if err := c.Store.AddExchange(ctx, x); err != nil {
		return err
	}
	if x.Error != "" {
		return fail("token endpoint: %s", x.Error)
	}
	if tok == nil {
		return fail("the token endpoint gave no access token (HTTP %d)", x.Status)
	}
	errs, warns := x.Failed()
	for _, s := range Services[t.ServiceID] {
		if ctx.Err() != nil {
			return fail("stopped: %v", ctx.Err())
		}
		full := t.FHIRBase + s.Path()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, full, nil)
		if err != nil {
			return fail("search URL %s: %v", full, err)
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Accept", "application/fhir+json")
		req.Header.Set("MedMij-Request-ID", NewUUID())
		req.Header.Set("X-Correlation-ID", r.CorrelationID)
		seq++
		x, body := c.exchange(req, "")
		x.RunID, x.Seq, x.Step, x.Name = r.ID, seq, "search", s.Name
		if x.Error == "" {
			x.Checks = CheckSearchResponse(full, x.Status, x.ResponseHeaders.Get("Content-Type"), body)
		} else {
			x.Checks = []CheckResult{{Check: "status", Messages: []string{x.Error}}}
		}
		e, w := x.Failed()
		errs, warns = errs+e, warns+w
		r.Searches++
		if err := c.Store.AddExchange(ctx, x); err != nil {
			return err
		}
	}
	r.FailedChecks, r.Warnings = errs, warns
	r.Status = StatusPassed
	if errs > 0 {
		r.Status = StatusFailed
	}
	return c.Store.Finish(context.WithoutCancel(ctx), r, c.Now())
}

// exchange sends req and returns the evidence and the (unredacted,
// size-limited) response body for the checks.
func (c *Client) exchange(req *http.Request, reqBody string) (*Exchange, []byte) {
	x := &Exchange{At: c.Now(), Method: req.Method, URL: redact.URL(req.URL.String()),
		RequestHeaders: redact.Header(req.Header), RequestBody: string(redact.Body(req.Header.Get("Content-Type"), []byte(reqBody)))}
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		x.Duration = time.Since(start)
		x.Error = describe(err)
		return x, nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	x.Duration = time.Since(start)
	x.Status = resp.StatusCode
	x.ResponseHeaders = redact.Header(resp.Header)
	x.ResponseSize = int64(len(body))
	if err != nil {
		x.Error = "reading the response: " + describe(err)
	}
	if len(body) > MaxResponseBytes {
		x.Error = fmt.Sprintf("the response is larger than %d bytes", MaxResponseBytes)
		body = body[:MaxResponseBytes]
	}
	if st := resp.TLS; st != nil {
		x.TLSVersion = tls.VersionName(st.Version)
		x.TLSCipher = tls.CipherSuiteName(st.CipherSuite)
		if len(st.PeerCertificates) > 0 {
			x.TLSPeer = st.PeerCertificates[0].Subject.String()
		}
	}
	stored := redact.Body(resp.Header.Get("Content-Type"), body)
	if len(stored) > MaxStoredBody {
		stored, x.Truncated = stored[:MaxStoredBody], true
	}
	x.ResponseBody = strings.ToValidUTF8(string(stored), string(utf8.RuneError))
	return x, bytes.Clone(body)
}

// describe words a transport error for the evidence, naming the SSRF guard
// when it refused the address.
func describe(err error) string {
	if errors.Is(err, ErrBlockedAddress) {
		return "refused by the SSRF guard: " + err.Error()
	}
	return err.Error()
}
