package pgoclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/validate"
)

// Client is the reference PGO: it sends the user to a DVA's authorize
// endpoint, exchanges the code for a token and runs a data service's query
// set, keeping every exchange with its check results.
type Client struct {
	Store *Store
	HTTP  *http.Client
	Now   func() time.Time
	// RequestTimeout bounds each exchange (connect, send, answer, body);
	// zero means the package's RequestTimeout.
	RequestTimeout time.Duration
	// RunTimeout bounds a whole run from the token request to the last
	// search; zero means the package's RunTimeout.
	RunTimeout time.Duration
	// RetryDelay is the wait before the one retry of a search whose
	// connection failed; zero means 500ms.
	RetryDelay time.Duration

	secrets secrets
}

// New returns a client over st whose HTTP calls pass policy's SSRF guard.
func New(st *Store, policy *Policy) *Client {
	return &Client{Store: st, HTTP: policy.HTTPClient(), Now: time.Now}
}

func (c *Client) requestTimeout() time.Duration {
	if c.RequestTimeout > 0 {
		return c.RequestTimeout
	}
	return RequestTimeout
}

func (c *Client) runTimeout() time.Duration {
	if c.RunTimeout > 0 {
		return c.RunTimeout
	}
	return RunTimeout
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
		return &FieldError{"service_id", fmt.Sprintf("data service %q is not supported (48: BgZ, 63: vaccinations, pzp: proactive care planning)", t.ServiceID)}
	}
	switch t.AuthMethod {
	case AuthNone:
		if t.ClientSecret != "" {
			return &FieldError{"auth_method", "a client secret is given: choose client_secret_basic or client_secret_post"}
		}
	case AuthBasic, AuthPost:
		if t.ClientSecret == "" {
			return &FieldError{"client_secret", "the client secret is required for " + t.AuthMethod}
		}
		if len(t.ClientSecret) > 1000 {
			return &FieldError{"client_secret", "at most 1000 characters"}
		}
	default:
		return &FieldError{"auth_method", fmt.Sprintf("unknown client authentication %q (none, client_secret_basic, client_secret_post)", t.AuthMethod)}
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
	if t.AuthMethod == "" {
		t.AuthMethod = AuthNone
	}
	if err := t.Validate(); err != nil {
		return "", err
	}
	state := account.NewToken("")
	r.CorrelationID = NewUUID()
	now := c.Now()
	if err := c.Store.Create(ctx, r, state, binding, now); err != nil {
		return "", err
	}
	if t.ClientSecret != "" {
		c.secrets.put(r.ID, t.ClientSecret, now.Add(SecretLifetime))
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
//
// Each exchange is bounded by RequestTimeout and the whole run by
// RunTimeout: a DVA that is slow or down gives an error on that search and
// the run goes on with the next one; searches not sent when the run's time
// is up are recorded as such.
func (c *Client) Complete(ctx context.Context, r *Run, callbackURL string, q url.Values) error {
	secret, hasSecret := c.secrets.take(r.ID, c.Now())
	keep := context.WithoutCancel(ctx) // evidence is stored also after the run's time is up
	if err := c.Store.Start(keep, r.ID); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.runTimeout())
	defer cancel()
	r.Status = StatusRunning
	seq := 2
	c.Store.AddExchange(keep, &Exchange{RunID: r.ID, Seq: seq, Step: "callback", Name: "redirect back from the DVA", At: c.Now(),
		Method: http.MethodGet, URL: redact.OAuthURL(callbackURL)})
	fail := func(format string, args ...any) error {
		r.Status, r.Error = StatusError, fmt.Sprintf(format, args...)
		if err := c.Store.Finish(keep, r, c.Now()); err != nil {
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
	if t.AuthMethod != AuthNone && t.AuthMethod != "" && !hasSecret {
		return fail("the client secret is kept in memory only, for %s after the start, and is gone (ketentest restarted or the authorization took too long): start a new run", SecretLifetime)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {t.RedirectURI}}
	if t.AuthMethod != AuthBasic {
		form.Set("client_id", t.ClientID) // RFC 6749 4.1.3: when not authenticating by header
	}
	if t.AuthMethod == AuthPost {
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return fail("token URL: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("MedMij-Request-ID", NewUUID())
	req.Header.Set("X-Correlation-ID", r.CorrelationID)
	if t.AuthMethod == AuthBasic {
		// RFC 6749 2.3.1: both form-encoded before Basic encoding.
		req.SetBasicAuth(url.QueryEscape(t.ClientID), url.QueryEscape(secret))
	}
	seq++
	x, body := c.exchange(req, form.Encode())
	x.RunID, x.Seq, x.Step, x.Name = r.ID, seq, "token", "token (authorization_code, "+t.AuthMethod+")"
	var tok *Token
	if x.Error == "" {
		tok, x.Checks = CheckTokenResponse(x.Status, x.ResponseHeaders.Get("Content-Type"), x.ResponseHeaders.Get("Cache-Control"), body)
	}
	if err := c.Store.AddExchange(keep, x); err != nil {
		return err
	}
	if x.Error != "" {
		return fail("token endpoint: %s", x.Error)
	}
	if tok == nil {
		return fail("the token endpoint gave no access token (HTTP %d)", x.Status)
	}
	svc := Services[t.ServiceID]
	errs, warns := x.Failed()
	unsent := 0
	for _, s := range svc.Searches {
		full := t.FHIRBase + s.Path()
		seq++
		if ctx.Err() != nil {
			unsent++
			x := &Exchange{RunID: r.ID, Seq: seq, Step: "search", Name: s.Name, At: c.Now(), Method: http.MethodGet, URL: redact.URL(full),
				Error: fmt.Sprintf("not sent: the run reached its time limit of %s", c.runTimeout())}
			x.Checks = []CheckResult{{Check: "status", Messages: []string{x.Error}}}
			errs++
			if err := c.Store.AddExchange(keep, x); err != nil {
				return err
			}
			continue
		}
		x, body := c.search(ctx, full, tok.AccessToken, r.CorrelationID)
		x.RunID, x.Seq, x.Step, x.Name = r.ID, seq, "search", s.Name
		if x.Error == "" {
			x.Checks = CheckSearchResponse(full, svc.FHIR, x.Status, x.ResponseHeaders.Get("Content-Type"), body)
			if vc, ok := ValidationCheck(ctx, validate.DefaultPool(), svc.FHIR, body); ok {
				x.Checks = append(x.Checks, vc)
			}
		} else {
			x.Checks = []CheckResult{{Check: "status", Messages: []string{x.Error}}}
		}
		e, w := x.Failed()
		errs, warns = errs+e, warns+w
		r.Searches++
		if err := c.Store.AddExchange(keep, x); err != nil {
			return err
		}
	}
	r.FailedChecks, r.Warnings = errs, warns
	if unsent > 0 {
		return fail("the run reached its time limit of %s: %d of %d searches not sent", c.runTimeout(), unsent, len(svc.Searches))
	}
	r.Status = StatusPassed
	if errs > 0 {
		r.Status = StatusFailed
	}
	return c.Store.Finish(keep, r, c.Now())
}

// search sends one search, retrying once after a short wait when the
// connection failed (not when it timed out: that already took its time).
func (c *Client) search(ctx context.Context, full, token, correlationID string) (*Exchange, []byte) {
	var x *Exchange
	var body []byte
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, full, nil)
		if err != nil {
			return &Exchange{At: c.Now(), Method: http.MethodGet, URL: redact.URL(full), Error: "search URL: " + err.Error()}, nil
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/fhir+json")
		req.Header.Set("MedMij-Request-ID", NewUUID())
		req.Header.Set("X-Correlation-ID", correlationID)
		var retry bool
		x, body, retry = c.exchangeRetry(req, "")
		if !retry || attempt == 2 || ctx.Err() != nil {
			if attempt == 2 && x.Error != "" {
				x.Error += " (also on the retry)"
			}
			return x, body
		}
		delay := c.RetryDelay
		if delay <= 0 {
			delay = 500 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return x, body
		case <-time.After(delay):
		}
	}
}

// exchange sends req and returns the evidence and the (unredacted,
// size-limited) response body for the checks.
func (c *Client) exchange(req *http.Request, reqBody string) (*Exchange, []byte) {
	x, body, _ := c.exchangeRetry(req, reqBody)
	return x, body
}

// exchangeRetry is exchange that also reports whether the request failed
// before it reached the DVA in a way worth one retry (connection refused
// or reset, not a timeout, not the SSRF guard).
func (c *Client) exchangeRetry(req *http.Request, reqBody string) (*Exchange, []byte, bool) {
	x := &Exchange{At: c.Now(), Method: req.Method, URL: redact.URL(req.URL.String()),
		RequestHeaders: redact.Header(req.Header), RequestBody: string(redact.Body(req.Header.Get("Content-Type"), []byte(reqBody)))}
	limit := c.requestTimeout()
	ctx, cancel := context.WithTimeout(req.Context(), limit)
	defer cancel()
	req = req.WithContext(ctx)
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		x.Duration = time.Since(start)
		x.Error = describe(err, limit)
		return x, nil, retryable(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	x.Duration = time.Since(start)
	x.Status = resp.StatusCode
	x.ResponseHeaders = redact.Header(resp.Header)
	x.ResponseSize = int64(len(body))
	if err != nil {
		x.Error = "reading the response: " + describe(err, limit)
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
	return x, bytes.Clone(body), false
}

// describe words a transport error for the evidence: the SSRF guard, a
// timeout, an unreachable DVA; limit is the exchange's time limit.
func describe(err error, limit time.Duration) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrBlockedAddress):
		return "refused by the SSRF guard: " + err.Error()
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("timeout: the DVA did not answer within %s (%v)", limit, err)
	case errors.Is(err, context.Canceled):
		return "stopped: " + err.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the DVA is unreachable: connection refused (" + err.Error() + ")"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the DVA closed the connection without an answer (" + err.Error() + ")"
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return "the DVA's host name does not resolve (" + err.Error() + ")"
	}
	return err.Error()
}

// retryable: the request did not reach the DVA or got no answer at all,
// quickly; worth one more try for an idempotent search.
func retryable(err error) bool {
	var ne net.Error
	if errors.Is(err, ErrBlockedAddress) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
