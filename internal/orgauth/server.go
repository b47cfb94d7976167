// Package orgauth owns the sandbox authorization server for organisations
// (care provider to care provider): RFC 7523 client assertions (signed
// JWTs with exact aud, short exp, iat, unseen jti, iss = sub = client id,
// a key registered for that client in this hackathon), the Twiin variant
// with an authorization assertion (jwt-bearer grant), the Nuts RFC021
// vp_token-bearer grant with test Verifiable Presentations carrying an
// X509Credential-like test credential that ketentest issues, optional DPoP
// (RFC 9449) binding, token introspection (RFC 7662) and the resource
// side's token check.
//
// Access tokens are scoped to one hackathon and to an authorization base
// (or to a configured use-case scope for direct pull); a Server never
// accepts a token, client, credential or base of another hackathon. All
// stores sit behind interfaces (in-memory implementations here) so that a
// database can back them. Tokens, assertions and keys are never logged.
//
// Endpoints (mount under a prefix with http.StripPrefix):
//
//	POST /token        client_credentials, jwt-bearer, vp_token-bearer
//	POST /introspect   RFC 7662, caller authenticates with a client assertion
//	GET  /presentation_definition?scope=…
package orgauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Grant and assertion types.
const (
	GrantClientCredentials = "client_credentials"
	GrantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	GrantVPToken           = "urn:ietf:params:oauth:grant-type:vp_token-bearer"
	AssertionTypeJWT       = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// TokenPrefix marks every access token as a test token.
	TokenPrefix = "ketentest-TEST."
)

// Defaults.
const (
	DefaultTokenTTL             = 15 * time.Minute
	DefaultMaxAssertionLifetime = 5 * time.Minute
	DefaultClockSkew            = 30 * time.Second
	maxFormBytes                = 128 << 10
)

// Config configures a Server of one hackathon.
type Config struct {
	Hackathon             string
	Issuer                string // "iss" in introspection answers
	TokenEndpoint         string // exact aud of client and authorization assertions
	IntrospectionEndpoint string // exact aud of the introspection caller's assertion
	DID                   string // the server's DID: exact aud of a VP ("" = TokenEndpoint)
	Clients               ClientStore
	Bases                 BaseStore
	Replay                ReplayStore
	Tokens                TokenStore
	Credentials           *CredentialIssuer // verifies the test credentials; nil disables vp_token-bearer
	UseCaseScopes         []string          // scopes granted without a base (direct pull)
	TokenTTL              time.Duration
	MaxAssertionLifetime  time.Duration // exp − iat of an assertion, VP or DPoP proof at most
	ClockSkew             time.Duration
	Now                   func() time.Time
}

// Server is the authorization server of one hackathon.
type Server struct {
	cfg Config
	mux *http.ServeMux
}

// New checks cfg and builds a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Hackathon == "" || cfg.TokenEndpoint == "" || cfg.Clients == nil || cfg.Bases == nil {
		return nil, errors.New("orgauth: Hackathon, TokenEndpoint, Clients and Bases are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Replay == nil {
		cfg.Replay = NewMemReplay(cfg.Now)
	}
	if cfg.Tokens == nil {
		cfg.Tokens = NewMemTokens(cfg.Now)
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.MaxAssertionLifetime <= 0 {
		cfg.MaxAssertionLifetime = DefaultMaxAssertionLifetime
	}
	if cfg.ClockSkew <= 0 {
		cfg.ClockSkew = DefaultClockSkew
	}
	if cfg.Issuer == "" {
		cfg.Issuer = cfg.TokenEndpoint
	}
	if cfg.IntrospectionEndpoint == "" {
		cfg.IntrospectionEndpoint = strings.TrimSuffix(cfg.TokenEndpoint, "/token") + "/introspect"
	}
	if cfg.DID == "" {
		cfg.DID = cfg.TokenEndpoint
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /token", s.tokenHTTP)
	s.mux.HandleFunc("POST /introspect", s.introspectHTTP)
	s.mux.HandleFunc("GET /presentation_definition", s.presentationDefinitionHTTP)
	return s, nil
}

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP serves the endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	s.mux.ServeHTTP(w, r)
}

// Error is an OAuth error response.
type Error struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Description }

func oerr(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Description: fmt.Sprintf(format, args...)}
}

func invalidClient(format string, args ...any) *Error {
	return oerr(http.StatusUnauthorized, "invalid_client", format, args...)
}

func invalidGrant(format string, args ...any) *Error {
	return oerr(http.StatusBadRequest, "invalid_grant", format, args...)
}

// TokenResponse is a successful token answer.
type TokenResponse struct {
	AccessToken       string `json:"access_token"`
	TokenType         string `json:"token_type"`
	ExpiresIn         int64  `json:"expires_in"`
	Scope             string `json:"scope,omitempty"`
	AuthorizationBase string `json:"authorization_base,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) tokenHTTP(w http.ResponseWriter, r *http.Request) {
	form, e := readForm(w, r)
	if e == nil {
		var resp *TokenResponse
		resp, e = s.Token(r.Context(), form, r.Header.Values("DPoP"))
		if e == nil {
			writeJSON(w, http.StatusOK, resp)
			return
		}
	}
	writeJSON(w, e.Status, e)
}

func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *Error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded") {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "Content-Type moet application/x-www-form-urlencoded zijn")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "formulier onleesbaar of te groot")
	}
	if r.URL.Query().Has("client_assertion") || r.URL.Query().Has("assertion") {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "assertions horen in de body, niet in de URL")
	}
	for k, v := range r.PostForm {
		if len(v) > 1 {
			return nil, oerr(http.StatusBadRequest, "invalid_request", "parameter %s komt meer dan eens voor", k)
		}
	}
	return r.PostForm, nil
}

// Token handles a token request (the form of POST /token and its DPoP
// headers).
func (s *Server) Token(ctx context.Context, form url.Values, dpop []string) (*TokenResponse, *Error) {
	now := s.cfg.Now()
	var client *Client
	baseValue := form.Get("authorization_base")
	switch grant := form.Get("grant_type"); grant {
	case GrantClientCredentials, GrantJWTBearer:
		if form.Get("client_assertion_type") != AssertionTypeJWT {
			return nil, invalidClient("client_assertion_type moet %s zijn", AssertionTypeJWT)
		}
		c, _, e := s.verifyJWT(ctx, form.Get("client_assertion"), "client_assertion", s.cfg.TokenEndpoint, now, invalidClient)
		if e != nil {
			return nil, e
		}
		client = c
		if grant == GrantJWTBearer {
			b, e := s.verifyAuthorizationAssertion(ctx, client, form.Get("assertion"), now)
			if e != nil {
				return nil, e
			}
			if b != "" {
				if baseValue != "" && baseValue != b {
					return nil, invalidGrant("authorization_base in de assertion en in het formulier verschillen")
				}
				baseValue = b
			}
		}
	case GrantVPToken:
		c, e := s.verifyVP(ctx, form, now)
		if e != nil {
			return nil, e
		}
		client = c
	case "":
		return nil, oerr(http.StatusBadRequest, "invalid_request", "grant_type ontbreekt")
	default:
		return nil, oerr(http.StatusBadRequest, "unsupported_grant_type", "grant_type %q wordt niet ondersteund (client_credentials, jwt-bearer, vp_token-bearer)", grant)
	}
	tok := &Token{Hackathon: s.cfg.Hackathon, ClientID: client.ID, URA: client.URA, IssuedAt: now, Expires: now.Add(s.cfg.TokenTTL)}
	scopes := strings.Fields(form.Get("scope"))
	if baseValue != "" {
		b, e := s.checkBase(ctx, baseValue, client, now)
		if e != nil {
			return nil, e
		}
		types := b.Types()
		for _, sc := range scopes {
			if !slices.Contains(types, sc) && !slices.Contains(s.cfg.UseCaseScopes, sc) {
				return nil, oerr(http.StatusBadRequest, "invalid_scope", "scope %q valt buiten de autorisatiebasis (die dekt %s)", sc, strings.Join(types, " "))
			}
		}
		if len(scopes) == 0 {
			scopes = types
		}
		tok.Base = b.Value
		if b.NotAfter.Before(tok.Expires) {
			tok.Expires = b.NotAfter
		}
	} else {
		if len(scopes) == 0 {
			return nil, oerr(http.StatusBadRequest, "invalid_request", "authorization_base ontbreekt (of vraag een use-case scope)")
		}
		for _, sc := range scopes {
			if !slices.Contains(s.cfg.UseCaseScopes, sc) {
				return nil, oerr(http.StatusBadRequest, "invalid_scope", "scope %q is zonder authorization_base niet toegestaan", sc)
			}
		}
	}
	tok.Scope = strings.Join(scopes, " ")
	typ := "Bearer"
	switch len(dpop) {
	case 0:
	case 1:
		jkt, err := s.VerifyDPoP(ctx, dpop[0], http.MethodPost, s.cfg.TokenEndpoint, "")
		if err != nil {
			return nil, oerr(http.StatusBadRequest, "invalid_dpop_proof", "DPoP: %v", err)
		}
		tok.JKT, typ = jkt, "DPoP"
	default:
		return nil, oerr(http.StatusBadRequest, "invalid_dpop_proof", "meer dan één DPoP-header")
	}
	value := TokenPrefix + randomString(32)
	if err := s.cfg.Tokens.PutToken(ctx, HashToken(value), tok); err != nil {
		return nil, oerr(http.StatusInternalServerError, "server_error", "token niet opgeslagen")
	}
	return &TokenResponse{AccessToken: value, TokenType: typ, ExpiresIn: int64(tok.Expires.Sub(now).Seconds()), Scope: tok.Scope, AuthorizationBase: tok.Base}, nil
}

// checkBase finds a base and checks it may be used by client now.
func (s *Server) checkBase(ctx context.Context, value string, client *Client, now time.Time) (*Base, *Error) {
	b, err := s.cfg.Bases.Base(ctx, value)
	if err != nil {
		return nil, invalidGrant("authorization_base is onbekend bij deze hackathon")
	}
	switch {
	case b.Hackathon != s.cfg.Hackathon:
		return nil, invalidGrant("authorization_base hoort bij een andere hackathon")
	case b.Cancelled:
		return nil, invalidGrant("authorization_base is ingetrokken")
	case !now.Before(b.NotAfter):
		return nil, invalidGrant("authorization_base is verlopen (%s)", b.NotAfter.UTC().Format(time.RFC3339))
	case b.IssuedTo != client.URA:
		return nil, invalidGrant("authorization_base is niet aan deze organisatie (URA %s) uitgegeven", client.URA)
	}
	return b, nil
}

// verifyJWT verifies a client or authorization assertion: signature by a
// key of the client named in iss, iss = sub, exact aud, exp/iat/nbf within
// bounds, jti unseen. fail makes the error of the caller's kind.
func (s *Server) verifyJWT(ctx context.Context, raw, field, aud string, now time.Time, fail func(string, ...any) *Error) (*Client, *Claims, *Error) {
	if raw == "" {
		return nil, nil, fail("%s ontbreekt", field)
	}
	j, err := ParseJWS(raw)
	if err != nil {
		return nil, nil, fail("%s: %v", field, err)
	}
	if j.Header.Typ != "" && !strings.EqualFold(j.Header.Typ, "JWT") {
		return nil, nil, fail("%s: typ moet JWT zijn", field)
	}
	var c Claims
	if err := json.Unmarshal(j.Payload, &c); err != nil {
		return nil, nil, fail("%s: payload is geen geldig JWT-claimsobject", field)
	}
	if c.Iss == "" || c.Iss != c.Sub {
		return nil, nil, fail("%s: iss en sub moeten allebei de client id zijn", field)
	}
	client, err := s.cfg.Clients.Client(ctx, c.Iss)
	if err != nil || client.Hackathon != s.cfg.Hackathon {
		return nil, nil, fail("%s: client %q is niet geregistreerd bij deze hackathon", field, c.Iss)
	}
	key, ok := client.key(j.Header.Kid)
	if !ok {
		return nil, nil, fail("%s: kid %q is geen geregistreerde sleutel van deze client", field, j.Header.Kid)
	}
	if err := j.Verify(key); err != nil {
		return nil, nil, fail("%s: %v", field, err)
	}
	if e := s.checkTimes(&c, field, now, fail); e != nil {
		return nil, nil, e
	}
	if !c.Aud.Contains(aud) {
		return nil, nil, fail("%s: aud moet exact %q zijn", field, aud)
	}
	if e := s.checkJTI(ctx, "jwt|"+client.ID, &c, field, fail); e != nil {
		return nil, nil, e
	}
	return client, &c, nil
}

func (s *Server) checkTimes(c *Claims, field string, now time.Time, fail func(string, ...any) *Error) *Error {
	skew := s.cfg.ClockSkew
	if c.Exp == nil || c.Iat == nil {
		return fail("%s: exp en iat zijn verplicht", field)
	}
	exp, iat := time.Unix(*c.Exp, 0), time.Unix(*c.Iat, 0)
	switch {
	case !exp.After(now.Add(-skew)):
		return fail("%s: verlopen (exp %s)", field, exp.UTC().Format(time.RFC3339))
	case iat.After(now.Add(skew)):
		return fail("%s: iat ligt in de toekomst", field)
	case exp.Sub(iat) > s.cfg.MaxAssertionLifetime:
		return fail("%s: exp − iat is meer dan %s", field, s.cfg.MaxAssertionLifetime)
	case !exp.After(iat):
		return fail("%s: exp ligt niet na iat", field)
	case c.Nbf != nil && time.Unix(*c.Nbf, 0).After(now.Add(skew)):
		return fail("%s: nbf ligt in de toekomst", field)
	}
	return nil
}

func (s *Server) checkJTI(ctx context.Context, ns string, c *Claims, field string, fail func(string, ...any) *Error) *Error {
	if c.Jti == "" || len(c.Jti) > 256 {
		return fail("%s: jti ontbreekt of is te lang", field)
	}
	seen, err := s.cfg.Replay.Seen(ctx, s.cfg.Hackathon+"|"+ns+"|"+c.Jti, time.Unix(*c.Exp, 0).Add(s.cfg.ClockSkew))
	if err != nil {
		return oerr(http.StatusInternalServerError, "server_error", "replay-controle mislukt")
	}
	if seen {
		return fail("%s: jti %q is al gebruikt (replay)", field, c.Jti)
	}
	return nil
}

// verifyAuthorizationAssertion checks the Twiin authorization assertion
// (the jwt-bearer grant's assertion): signed by the same client, sub = the
// client's URA, exact aud, short life, unseen jti. It returns the
// authorization_base claim, if any.
func (s *Server) verifyAuthorizationAssertion(ctx context.Context, client *Client, raw string, now time.Time) (string, *Error) {
	if raw == "" {
		return "", invalidGrant("assertion ontbreekt")
	}
	j, err := ParseJWS(raw)
	if err != nil {
		return "", invalidGrant("assertion: %v", err)
	}
	var c struct {
		Claims
		Base string `json:"authorization_base"`
	}
	if err := json.Unmarshal(j.Payload, &c); err != nil {
		return "", invalidGrant("assertion: payload is geen geldig JWT-claimsobject")
	}
	key, ok := client.key(j.Header.Kid)
	if !ok {
		return "", invalidGrant("assertion: kid %q is geen geregistreerde sleutel van de client", j.Header.Kid)
	}
	if err := j.Verify(key); err != nil {
		return "", invalidGrant("assertion: %v", err)
	}
	if c.Sub != client.URA {
		return "", invalidGrant("assertion: sub moet de URA van de vragende organisatie zijn (%s)", client.URA)
	}
	if e := s.checkTimes(&c.Claims, "assertion", now, invalidGrant); e != nil {
		return "", e
	}
	if !c.Aud.Contains(s.cfg.TokenEndpoint) {
		return "", invalidGrant("assertion: aud moet exact %q zijn", s.cfg.TokenEndpoint)
	}
	if e := s.checkJTI(ctx, "authz|"+client.ID, &c.Claims, "assertion", invalidGrant); e != nil {
		return "", e
	}
	return c.Base, nil
}

// HashToken is the key under which a token is stored.
func HashToken(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return b64.EncodeToString(b)
}

// Introspection is an RFC 7662 answer.
type Introspection struct {
	Active            bool              `json:"active"`
	Scope             string            `json:"scope,omitempty"`
	ClientID          string            `json:"client_id,omitempty"`
	TokenType         string            `json:"token_type,omitempty"`
	Exp               int64             `json:"exp,omitempty"`
	Iat               int64             `json:"iat,omitempty"`
	Iss               string            `json:"iss,omitempty"`
	Sub               string            `json:"sub,omitempty"`
	OrganizationURA   string            `json:"organization_ura,omitempty"`
	Hackathon         string            `json:"hackathon,omitempty"`
	AuthorizationBase string            `json:"authorization_base,omitempty"`
	Cnf               map[string]string `json:"cnf,omitempty"`
}

// Introspect looks a token up (RFC 7662 semantics: unknown, expired or
// foreign tokens are inactive).
func (s *Server) Introspect(ctx context.Context, value string) Introspection {
	t, err := s.lookup(ctx, value)
	if err != nil {
		return Introspection{}
	}
	in := Introspection{Active: true, Scope: t.Scope, ClientID: t.ClientID, TokenType: "Bearer", Exp: t.Expires.Unix(), Iat: t.IssuedAt.Unix(),
		Iss: s.cfg.Issuer, Sub: t.ClientID, OrganizationURA: t.URA, Hackathon: t.Hackathon, AuthorizationBase: t.Base}
	if t.JKT != "" {
		in.TokenType, in.Cnf = "DPoP", map[string]string{"jkt": t.JKT}
	}
	return in
}

func (s *Server) introspectHTTP(w http.ResponseWriter, r *http.Request) {
	form, e := readForm(w, r)
	if e == nil {
		if form.Get("client_assertion_type") != AssertionTypeJWT {
			e = invalidClient("client_assertion_type moet %s zijn", AssertionTypeJWT)
		} else {
			_, _, e = s.verifyJWT(r.Context(), form.Get("client_assertion"), "client_assertion", s.cfg.IntrospectionEndpoint, s.cfg.Now(), invalidClient)
		}
	}
	if e != nil {
		writeJSON(w, e.Status, e)
		return
	}
	writeJSON(w, http.StatusOK, s.Introspect(r.Context(), form.Get("token")))
}

// lookup returns an active token of this hackathon.
func (s *Server) lookup(ctx context.Context, value string) (*Token, error) {
	if !strings.HasPrefix(value, TokenPrefix) || len(value) > 200 {
		return nil, ErrUnknown
	}
	t, err := s.cfg.Tokens.Token(ctx, HashToken(value))
	if err != nil {
		return nil, ErrUnknown
	}
	if t.Hackathon != s.cfg.Hackathon {
		return nil, errors.New("token van een andere hackathon")
	}
	if !s.cfg.Now().Before(t.Expires) {
		return nil, errors.New("token verlopen")
	}
	return t, nil
}

// ErrNoToken is the Authorize error when a request carries no token.
var ErrNoToken = errors.New("geen access token (Authorization: Bearer … of DPoP …)")

// Authorize checks the access token of a resource request. htu is the
// request's external URL (for a DPoP proof). Any error means 401.
func (s *Server) Authorize(r *http.Request, htu string) (*Token, error) {
	scheme, value, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || value == "" {
		return nil, ErrNoToken
	}
	if r.URL.Query().Has("access_token") {
		return nil, errors.New("token hoort alleen in de Authorization-header")
	}
	t, err := s.lookup(r.Context(), value)
	if err != nil {
		return nil, fmt.Errorf("ongeldig token: %w", err)
	}
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		if t.JKT != "" {
			return nil, errors.New("DPoP-gebonden token gebruikt als Bearer")
		}
	case strings.EqualFold(scheme, "DPoP"):
		if t.JKT == "" {
			return nil, errors.New("token is niet aan een DPoP-sleutel gebonden")
		}
		proofs := r.Header.Values("DPoP")
		if len(proofs) != 1 {
			return nil, errors.New("precies één DPoP-proof verwacht")
		}
		jkt, err := s.VerifyDPoP(r.Context(), proofs[0], r.Method, htu, value)
		if err != nil {
			return nil, fmt.Errorf("DPoP: %w", err)
		}
		if jkt != t.JKT {
			return nil, errors.New("DPoP-proof met een andere sleutel dan het token")
		}
	default:
		return nil, errors.New("onbekend Authorization-schema")
	}
	return t, nil
}
