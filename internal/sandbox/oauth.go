package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/store"
)

// Client is a registered PGO: its client_id is its hostname (as on the
// MedMij OCL) and redirect URIs must match exactly.
type Client struct {
	ClientID     string
	Name         string
	RedirectURIs []string
	HackathonID  int64
	CreatedAt    time.Time
}

var hostnameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

// Validate checks the client id and redirect URIs.
func (c Client) Validate() error {
	if len(c.ClientID) > 253 || !hostnameRE.MatchString(c.ClientID) {
		return fmt.Errorf("sandbox: client_id %q must be a lower-case hostname", c.ClientID)
	}
	if len(c.RedirectURIs) == 0 {
		return errors.New("sandbox: at least one redirect URI is required")
	}
	for _, raw := range c.RedirectURIs {
		if err := validRedirect(raw); err != nil {
			return err
		}
	}
	return nil
}

func validRedirect(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("sandbox: redirect URI %q must be an absolute URL without fragment", raw)
	}
	local := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && local) {
		return fmt.Errorf("sandbox: redirect URI %q must use https (http only for localhost)", raw)
	}
	return nil
}

// RegisterClient stores a client, replacing the redirect URIs and name of
// an existing one with the same client_id.
func RegisterClient(ctx context.Context, db *store.DB, c Client) error {
	c.ClientID = strings.ToLower(strings.TrimSpace(c.ClientID))
	if err := c.Validate(); err != nil {
		return err
	}
	var hid any
	if c.HackathonID != 0 {
		hid = c.HackathonID
	}
	uris := strings.Join(c.RedirectURIs, "\n")
	return db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE sandbox_clients SET name = ?, redirect_uris = ?, hackathon_id = ? WHERE client_id = ?", c.Name, uris, hid, c.ClientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = tx.Exec(ctx, "INSERT INTO sandbox_clients (client_id, name, redirect_uris, hackathon_id, created_at) VALUES (?, ?, ?, ?, ?)",
			c.ClientID, c.Name, uris, hid, time.Now().UTC())
		return err
	})
}

// Clients lists the registered clients by client_id.
func Clients(ctx context.Context, db *store.DB) ([]Client, error) {
	rows, err := db.Query(ctx, "SELECT client_id, name, redirect_uris, COALESCE(hackathon_id, 0), created_at FROM sandbox_clients ORDER BY client_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Client
	for rows.Next() {
		var c Client
		var uris string
		if err := rows.Scan(&c.ClientID, &c.Name, &uris, &c.HackathonID, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.RedirectURIs = strings.Split(uris, "\n")
		out = append(out, c)
	}
	return out, rows.Err()
}

func (d *DVA) client(ctx context.Context, id string) (*Client, error) {
	var c Client
	var uris string
	err := d.db.QueryRow(ctx, "SELECT client_id, name, redirect_uris FROM sandbox_clients WHERE client_id = ?", id).Scan(&c.ClientID, &c.Name, &uris)
	if err != nil {
		return nil, err
	}
	c.RedirectURIs = strings.Split(uris, "\n")
	return &c, nil
}

// ParseScope checks a MedMij scope: space-separated units "{id}",
// "{provider}~{id}" or "{provider}" (all served data services), plus the
// representation units onbehalfof / onbehalfofchild / MedMij_geboortedatum=.
// It returns the data service ids granted.
func ParseScope(scope, provider string, services []string) ([]string, error) {
	got := map[string]bool{}
	for _, unit := range strings.Fields(scope) {
		switch {
		case unit == "onbehalfof" || unit == "onbehalfofchild" || strings.HasPrefix(unit, "MedMij_geboortedatum="):
			continue
		case unit == provider:
			for _, s := range services {
				got[s] = true
			}
			continue
		}
		p, id, ok := strings.Cut(unit, "~")
		if !ok {
			id, p = unit, provider
		}
		if p != provider || !slices.Contains(services, id) {
			return nil, fmt.Errorf("scope %q is not offered here (provider %q, data services %s)", unit, provider, strings.Join(services, ", "))
		}
		got[id] = true
	}
	if len(got) == 0 {
		return nil, errors.New("scope names no data service")
	}
	out := make([]string, 0, len(got))
	for k := range got {
		out = append(out, k)
	}
	slices.Sort(out)
	return out, nil
}

// authRequest is a validated authorization request.
type authRequest struct {
	ClientID, RedirectURI, Scope, State, RequestID, CorrelationID string
	ClientName                                                    string
}

// oauthError is an error sent back to the redirect URI.
type oauthError struct{ code, desc string }

// checkAuthRequest validates the parameters. A non-nil error means the
// redirect URI cannot be trusted (render it); a non-nil oauthError goes back
// to the client.
func (d *DVA) checkAuthRequest(ctx context.Context, v url.Values) (*authRequest, *oauthError, error) {
	ar := &authRequest{ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), Scope: v.Get("scope"),
		State: v.Get("state"), RequestID: v.Get("MedMij-Request-ID"), CorrelationID: v.Get("X-Correlation-ID")}
	if ar.ClientID == "" {
		return nil, nil, errors.New("client_id ontbreekt / client_id is missing")
	}
	c, err := d.client(ctx, ar.ClientID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("onbekende client_id / unknown client_id %q", ar.ClientID)
	}
	if err != nil {
		return nil, nil, err
	}
	ar.ClientName = c.Name
	if !slices.Contains(c.RedirectURIs, ar.RedirectURI) {
		return nil, nil, fmt.Errorf("redirect_uri %q is niet geregistreerd voor / is not registered for %s", ar.RedirectURI, ar.ClientID)
	}
	switch {
	case v.Get("response_type") != "code":
		return ar, &oauthError{"unsupported_response_type", "response_type must be code"}, nil
	case ar.State == "":
		return ar, &oauthError{"invalid_request", "state is required"}, nil
	case ar.RequestID == "":
		return ar, &oauthError{"invalid_request", "query parameter MedMij-Request-ID is required"}, nil
	case ar.CorrelationID == "":
		return ar, &oauthError{"invalid_request", "query parameter X-Correlation-ID is required"}, nil
	}
	if _, err := ParseScope(ar.Scope, d.opts.Provider, d.opts.Services); err != nil {
		return ar, &oauthError{"invalid_scope", err.Error()}, nil
	}
	return ar, nil, nil
}

func redirectError(w http.ResponseWriter, r *http.Request, ar *authRequest, e *oauthError) {
	q := url.Values{"error": {e.code}, "error_description": {e.desc}}
	if ar.State != "" {
		q.Set("state", ar.State)
	}
	http.Redirect(w, r, appendQuery(ar.RedirectURI, q), http.StatusFound)
}

func appendQuery(raw string, q url.Values) string {
	u, _ := url.Parse(raw)
	old := u.Query()
	for k, vs := range q {
		old[k] = vs
	}
	u.RawQuery = old.Encode()
	return u.String()
}

func (d *DVA) authorizePage(w http.ResponseWriter, r *http.Request) {
	ar, oe, err := d.checkAuthRequest(r.Context(), r.URL.Query())
	if ar != nil {
		attr(r).clientID = ar.ClientID
	}
	if err != nil {
		d.renderError(w, http.StatusBadRequest, err.Error())
		return
	}
	if oe != nil {
		redirectError(w, r, ar, oe)
		return
	}
	patients, err := d.patientsFor(r.Context(), ar.Scope)
	if err != nil {
		d.renderError(w, http.StatusInternalServerError, "test patients unavailable")
		return
	}
	d.render(w, "choose", pageData{Req: ar, Patients: patients, Provider: d.opts.Provider})
}

func (d *DVA) authorizeSubmit(w http.ResponseWriter, r *http.Request) {
	if err := d.cop.Check(r); err != nil {
		d.renderError(w, http.StatusForbidden, "verzoek van een andere oorsprong geweigerd / cross-origin request refused")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		d.renderError(w, http.StatusBadRequest, "ongeldig formulier / invalid form")
		return
	}
	ar, oe, err := d.checkAuthRequest(r.Context(), r.PostForm)
	if ar != nil {
		attr(r).clientID = ar.ClientID
	}
	if err != nil {
		d.renderError(w, http.StatusBadRequest, err.Error())
		return
	}
	if oe != nil {
		redirectError(w, r, ar, oe)
		return
	}
	key := r.PostForm.Get("patient")
	if key == "" {
		patients, _ := d.patientsFor(r.Context(), ar.Scope)
		d.render(w, "choose", pageData{Req: ar, Patients: patients, Provider: d.opts.Provider, Error: "Kies een testpatiënt / choose a test patient"})
		return
	}
	dos, err := d.source.Dossier(r.Context(), key)
	if err != nil {
		d.renderError(w, http.StatusBadRequest, "onbekende testpatiënt / unknown test patient")
		return
	}
	attr(r).patientKey = key
	if svc, err := serviceOf(r.Context(), d.source, key, dos, &d.services); err != nil || !slices.Contains(d.grantedServices(ar.Scope), svc) {
		patients, _ := d.patientsFor(r.Context(), ar.Scope)
		d.render(w, "choose", pageData{Req: ar, Patients: patients, Provider: d.opts.Provider,
			Error: "Deze testpatiënt heeft geen dossier voor de gevraagde gegevensdienst / this test patient has no dossier for the requested data service"})
		return
	}
	switch r.PostForm.Get("decision") {
	case "":
		d.render(w, "consent", pageData{Req: ar, Patient: dos.Patient, Provider: d.opts.Provider})
	case "deny":
		redirectError(w, r, ar, &oauthError{"access_denied", "the patient did not give consent"})
	case "allow":
		code := newSecret()
		now := d.opts.Now().UTC()
		if _, err := d.db.Exec(r.Context(), `INSERT INTO sandbox_codes (code_hash, client_id, redirect_uri, patient_key, scope, correlation_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hashSecret(code), ar.ClientID, ar.RedirectURI, key, ar.Scope, ar.CorrelationID, now, now.Add(CodeTTL)); err != nil {
			d.renderError(w, http.StatusInternalServerError, "could not issue a code")
			return
		}
		http.Redirect(w, r, appendQuery(ar.RedirectURI, url.Values{"code": {code}, "state": {ar.State}}), http.StatusFound)
	default:
		d.renderError(w, http.StatusBadRequest, "ongeldige keuze / invalid decision")
	}
}

// TokenResponse is the token endpoint's answer.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Pragma", "no-cache")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="ketentest-sandbox"`)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (d *DVA) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		tokenError(w, http.StatusBadRequest, "invalid_request", "body must be application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tokenError(w, http.StatusRequestEntityTooLarge, "invalid_request", "body too large")
			return
		}
		tokenError(w, http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	f := r.PostForm
	clientID := f.Get("client_id")
	attr(r).clientID = clientID
	if r.Header.Get("MedMij-Request-ID") == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "header MedMij-Request-ID is required")
		return
	}
	if clientID == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "client_id is required")
		return
	}
	ctx := r.Context()
	now := d.opts.Now().UTC()
	var patientKey, scope, codeHash string
	switch f.Get("grant_type") {
	case "authorization_code":
		code, redirect := f.Get("code"), f.Get("redirect_uri")
		if code == "" || redirect == "" {
			tokenError(w, http.StatusBadRequest, "invalid_request", "code and redirect_uri are required")
			return
		}
		h := hashSecret(code)
		res, err := d.db.Exec(ctx, "UPDATE sandbox_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?", now, h, now)
		if err != nil {
			slog.Error("sandbox: token", "err", err)
			tokenError(w, http.StatusInternalServerError, "server_error", "")
			return
		}
		if n, _ := res.RowsAffected(); n != 1 {
			// A code used twice may have been stolen: revoke what it gave (RFC 6749, 4.1.2).
			if _, err := d.db.Exec(ctx, "UPDATE sandbox_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL", now, h); err != nil {
				slog.Error("sandbox: revoke tokens of a reused code", "err", err)
			}
			d.grants.dropCode(h)
			tokenError(w, http.StatusBadRequest, "invalid_grant", "code is unknown, expired or already used")
			return
		}
		codeHash = h
		var cid, ruri string
		if err := d.db.QueryRow(ctx, "SELECT client_id, redirect_uri, patient_key, scope FROM sandbox_codes WHERE code_hash = ?", h).Scan(&cid, &ruri, &patientKey, &scope); err != nil {
			slog.Error("sandbox: token", "err", err)
			tokenError(w, http.StatusInternalServerError, "server_error", "")
			return
		}
		if cid != clientID || ruri != redirect {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "client_id or redirect_uri does not match the authorization request")
			return
		}
	case "refresh_token":
		rt := f.Get("refresh_token")
		if rt == "" {
			tokenError(w, http.StatusBadRequest, "invalid_request", "refresh_token is required")
			return
		}
		var id int64
		var cid string
		var exp time.Time
		err := d.db.QueryRow(ctx, "SELECT id, client_id, patient_key, scope, code_hash, expires_at FROM sandbox_tokens WHERE token_hash = ? AND kind = 'refresh' AND revoked_at IS NULL",
			hashSecret(rt)).Scan(&id, &cid, &patientKey, &scope, &codeHash, &exp)
		if err != nil || cid != clientID || !now.Before(exp) {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh_token is unknown, expired, revoked or not yours")
			return
		}
		res, err := d.db.Exec(ctx, "UPDATE sandbox_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id)
		if err != nil {
			slog.Error("sandbox: token", "err", err)
			tokenError(w, http.StatusInternalServerError, "server_error", "")
			return
		}
		if n, _ := res.RowsAffected(); n != 1 {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh_token already used")
			return
		}
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	access, refresh := newSecret(), newSecret()
	var accessID int64
	err := d.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		accessID, err = tx.Insert(ctx, `INSERT INTO sandbox_tokens (token_hash, kind, client_id, patient_key, scope, code_hash, created_at, expires_at)
			VALUES (?, 'access', ?, ?, ?, ?, ?, ?)`, hashSecret(access), clientID, patientKey, scope, codeHash, now, now.Add(AccessTokenTTL))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO sandbox_tokens (token_hash, kind, client_id, patient_key, scope, code_hash, created_at, expires_at)
			VALUES (?, 'refresh', ?, ?, ?, ?, ?, ?)`, hashSecret(refresh), clientID, patientKey, scope, codeHash, now, now.Add(RefreshTokenTTL))
		return err
	})
	if err != nil {
		slog.Error("sandbox: issue token", "err", err)
		tokenError(w, http.StatusInternalServerError, "server_error", "")
		return
	}
	a := attr(r)
	a.tokenID, a.patientKey = accessID, patientKey
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Pragma", "no-cache")
	json.NewEncoder(w).Encode(TokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(AccessTokenTTL / time.Second), RefreshToken: refresh, Scope: scope})
}

// grant is what a valid access token allows.
type grant struct {
	id                          int64
	clientID, patientKey, scope string
}

var (
	errNoToken      = errors.New("no bearer token")
	errTokenExpired = errors.New("the access token has expired")
)

// bearer checks the Authorization header.
func (d *DVA) bearer(r *http.Request) (*grant, error) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if h == "" {
		return nil, errNoToken
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return nil, errors.New("the Authorization header must be Bearer <token>")
	}
	hash := hashSecret(strings.TrimSpace(tok))
	c, ok := d.grants.get(hash, time.Now())
	if !ok {
		var revoked sql.NullTime
		err := d.db.QueryRow(r.Context(), "SELECT id, client_id, patient_key, scope, code_hash, expires_at, revoked_at FROM sandbox_tokens WHERE token_hash = ? AND kind = 'access'",
			hash).Scan(&c.g.id, &c.g.clientID, &c.g.patientKey, &c.g.scope, &c.codeHash, &c.exp, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errors.New("the access token is unknown")
		}
		if err != nil {
			return nil, err
		}
		c.revoked = revoked.Valid
		d.grants.put(hash, c, time.Now())
	}
	g := c.g
	a := attr(r)
	a.tokenID, a.clientID, a.patientKey = g.id, g.clientID, g.patientKey
	if c.revoked {
		return nil, errors.New("the access token was revoked")
	}
	if !d.opts.Now().Before(c.exp) {
		return nil, errTokenExpired
	}
	return &g, nil
}

// grantCacheTTL is how long a looked-up access token is trusted without
// asking the database again. Revocations by this instance take effect at
// once; a revocation by another instance sharing the database within this
// time.
const grantCacheTTL = 5 * time.Second

// grantCache keeps recently used access tokens by hash, so a PGO's burst of
// searches costs one token query, not one per request.
type grantCache struct {
	mu sync.Mutex
	m  map[string]cachedGrant
}

type cachedGrant struct {
	g        grant
	codeHash string
	exp      time.Time
	revoked  bool
	until    time.Time
}

func (c *grantCache) get(hash string, now time.Time) (cachedGrant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || !now.Before(e.until) {
		return cachedGrant{}, false
	}
	return e, true
}

func (c *grantCache) put(hash string, e cachedGrant, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedGrant{}
	}
	e.until = now.Add(grantCacheTTL)
	c.m[hash] = e
}

// dropCode forgets the tokens issued for an authorization code (they have
// just been revoked).
func (c *grantCache) dropCode(codeHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.codeHash == codeHash {
			delete(c.m, k)
		}
	}
}

// patientDossier is the dossier the grant is bound to, and its data service.
func (d *DVA) patientDossier(ctx context.Context, g *grant) (*dossier.Dossier, string, error) {
	dos, err := d.source.Dossier(ctx, g.patientKey)
	if err != nil {
		return nil, "", err
	}
	svc, err := serviceOf(ctx, d.source, g.patientKey, dos, &d.services)
	return dos, svc, err
}

// patientsFor lists the test patients whose dossier serves one of the data
// services of scope.
func (d *DVA) patientsFor(ctx context.Context, scope string) ([]dossier.PatientInfo, error) {
	all, err := d.source.Patients(ctx)
	if err != nil {
		return nil, err
	}
	granted := d.grantedServices(scope)
	out := all[:0:0]
	for _, p := range all {
		svc, err := serviceOf(ctx, d.source, p.Key, nil, &d.services)
		if err != nil {
			return nil, err
		}
		if slices.Contains(granted, svc) {
			out = append(out, p)
		}
	}
	return out, nil
}
