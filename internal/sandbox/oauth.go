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
	"unicode/utf8"

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

// Limits of a client: the public login page shows its name, the
// participant page its redirect URIs.
const (
	MaxClientName   = 200
	MaxRedirectURIs = 10
	MaxRedirectURI  = 2000
)

var hostnameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

// Validate checks the client id and redirect URIs.
func (c Client) Validate() error {
	if len(c.ClientID) > 253 || !hostnameRE.MatchString(c.ClientID) {
		return fmt.Errorf("sandbox: client_id %q must be a lower-case hostname", c.ClientID)
	}
	if utf8.RuneCountInString(c.Name) > MaxClientName {
		return fmt.Errorf("sandbox: the client name may be at most %d characters", MaxClientName)
	}
	if len(c.RedirectURIs) == 0 {
		return errors.New("sandbox: at least one redirect URI is required")
	}
	if len(c.RedirectURIs) > MaxRedirectURIs {
		return fmt.Errorf("sandbox: at most %d redirect URIs per client", MaxRedirectURIs)
	}
	for _, raw := range c.RedirectURIs {
		if len(raw) > MaxRedirectURI {
			return fmt.Errorf("sandbox: a redirect URI may be at most %d bytes", MaxRedirectURI)
		}
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
	err := d.db.QueryRow(ctx, "SELECT client_id, name, redirect_uris, COALESCE(hackathon_id, 0) FROM sandbox_clients WHERE client_id = ?", id).Scan(&c.ClientID, &c.Name, &uris, &c.HackathonID)
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
	HackathonID                                                   int64  // of the client: its patients are the only ones offered
	CodeChallenge                                                 string // PKCE S256 challenge, "" when none
}

// oauthError is an error sent back to the redirect URI.
type oauthError struct{ code, desc string }

// checkAuthRequest validates the parameters. A non-nil error means the
// redirect URI cannot be trusted (render it); a non-nil oauthError goes back
// to the client.
func (d *DVA) checkAuthRequest(ctx context.Context, v url.Values) (*authRequest, *oauthError, error) {
	ar := &authRequest{ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), Scope: v.Get("scope"),
		State: v.Get("state"), RequestID: v.Get("MedMij-Request-ID"), CorrelationID: v.Get("X-Correlation-ID"),
		CodeChallenge: v.Get("code_challenge")}
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
	ar.ClientName, ar.HackathonID = cutRunes(c.Name, MaxClientName), c.HackathonID
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
	if oe := checkChallenge(ar.CodeChallenge, v.Get("code_challenge_method")); oe != nil {
		return ar, oe, nil
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
		attr(r).claimedClientID = ar.ClientID // the browser names the client; nothing proves it
	}
	if err != nil {
		d.renderError(w, http.StatusBadRequest, err.Error())
		return
	}
	if oe != nil {
		redirectError(w, r, ar, oe)
		return
	}
	patients, more, err := d.patientsFor(r.Context(), ar.HackathonID, ar.Scope)
	if err != nil {
		d.renderError(w, http.StatusInternalServerError, "test patients unavailable")
		return
	}
	d.render(w, "choose", pageData{Req: ar, Patients: patients, More: more, Provider: d.opts.Provider})
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
		attr(r).claimedClientID = ar.ClientID // the browser names the client; nothing proves it
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
		patients, more, _ := d.patientsFor(r.Context(), ar.HackathonID, ar.Scope)
		d.render(w, "choose", pageData{Req: ar, Patients: patients, More: more, Provider: d.opts.Provider, Error: "Kies een testpatiënt / choose a test patient"})
		return
	}
	dos, err := d.source.Dossier(r.Context(), key)
	if err == nil && (dos.Patient.HackathonID != ar.HackathonID || d.providerKey(key)) {
		err = errOtherHackathon
	}
	if err != nil {
		d.renderError(w, http.StatusBadRequest, "onbekende testpatiënt / unknown test patient")
		return
	}
	attr(r).patientKey = key
	if svc, err := serviceOf(r.Context(), d.source, key, dos, &d.services); err != nil || !slices.Contains(d.grantedServices(ar.Scope), svc) {
		patients, more, _ := d.patientsFor(r.Context(), ar.HackathonID, ar.Scope)
		d.render(w, "choose", pageData{Req: ar, Patients: patients, More: more, Provider: d.opts.Provider,
			Error: "Deze testpatiënt heeft geen dossier voor de gevraagde gegevensdienst / this test patient has no dossier for the requested data service"})
		return
	}
	switch r.PostForm.Get("decision") {
	case "":
		d.render(w, "consent", pageData{Req: ar, Patient: shown(dos.Patient), Provider: d.opts.Provider})
	case "deny":
		redirectError(w, r, ar, &oauthError{"access_denied", "the patient did not give consent"})
	case "allow":
		code := newSecret()
		now := d.opts.Now().UTC()
		if _, err := d.db.Exec(r.Context(), `INSERT INTO sandbox_codes (code_hash, client_id, redirect_uri, patient_key, scope, correlation_id, code_challenge, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, hashSecret(code), ar.ClientID, ar.RedirectURI, key, ar.Scope, ar.CorrelationID, ar.CodeChallenge, now, now.Add(CodeTTL)); err != nil {
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
	// Named, not proven: the exchange is the client's only once a code or
	// refresh token of that client was redeemed.
	attr(r).claimedClientID = clientID
	if r.Header.Get("MedMij-Request-ID") == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "header MedMij-Request-ID is required")
		return
	}
	if clientID == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "client_id is required")
		return
	}
	var fam *tokenFamily
	var te *tokenErr
	switch f.Get("grant_type") {
	case "authorization_code":
		fam, te = d.redeemCode(r.Context(), f, clientID)
	case "refresh_token":
		fam, te = d.redeemRefresh(r.Context(), f, clientID)
	default:
		te = &tokenErr{http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"}
	}
	if te == nil {
		te = d.checkPatient(r.Context(), clientID, fam.patientKey)
	}
	if te != nil {
		tokenError(w, te.status, te.code, te.desc)
		return
	}
	d.issueTokens(w, r, clientID, fam)
}

// tokenFamily is what a redeemed code or refresh token carries on to the
// tokens issued for it; codeHash ties every token of one grant together.
type tokenFamily struct {
	patientKey, scope, codeHash string
}

// tokenErr is an error answer of the token endpoint.
type tokenErr struct {
	status     int
	code, desc string
}

func serverError(err error) *tokenErr {
	slog.Error("sandbox: token", "err", err)
	return &tokenErr{http.StatusInternalServerError, "server_error", ""}
}

func invalidGrant(desc string) *tokenErr {
	return &tokenErr{http.StatusBadRequest, "invalid_grant", desc}
}

// redeemCode checks a code against the client, redirect URI and PKCE
// verifier before it spends it, so a wrong client cannot burn another
// client's code; a code spent twice revokes what it gave (RFC 6749, 4.1.2).
func (d *DVA) redeemCode(ctx context.Context, f url.Values, clientID string) (*tokenFamily, *tokenErr) {
	code, redirect := f.Get("code"), f.Get("redirect_uri")
	if code == "" || redirect == "" {
		return nil, &tokenErr{http.StatusBadRequest, "invalid_request", "code and redirect_uri are required"}
	}
	h := hashSecret(code)
	fam := &tokenFamily{codeHash: h}
	var cid, ruri, challenge string
	err := d.db.QueryRow(ctx, "SELECT client_id, redirect_uri, patient_key, scope, code_challenge FROM sandbox_codes WHERE code_hash = ?", h).
		Scan(&cid, &ruri, &fam.patientKey, &fam.scope, &challenge)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, invalidGrant("code is unknown, expired or already used")
	}
	if err != nil {
		return nil, serverError(err)
	}
	if cid != clientID || ruri != redirect {
		return nil, invalidGrant("client_id or redirect_uri does not match the authorization request")
	}
	if te := checkVerifier(challenge, f.Get("code_verifier")); te != nil {
		return nil, te
	}
	now := d.opts.Now().UTC()
	res, err := d.db.Exec(ctx, "UPDATE sandbox_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?", now, h, now)
	if err != nil {
		return nil, serverError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		// A code used twice may have been stolen: revoke what it gave (RFC 6749, 4.1.2).
		d.revokeFamily(ctx, h)
		return nil, invalidGrant("code is unknown, expired or already used")
	}
	return fam, nil
}

// redeemRefresh rotates a refresh token. Presenting one that was already
// rotated or revoked revokes every token of its grant (RFC 6819, 5.2.2.3):
// either the client or an attacker holds a stolen copy.
func (d *DVA) redeemRefresh(ctx context.Context, f url.Values, clientID string) (*tokenFamily, *tokenErr) {
	rt := f.Get("refresh_token")
	if rt == "" {
		return nil, &tokenErr{http.StatusBadRequest, "invalid_request", "refresh_token is required"}
	}
	var id int64
	var cid string
	var exp time.Time
	var revoked sql.NullTime
	fam := &tokenFamily{}
	err := d.db.QueryRow(ctx, "SELECT id, client_id, patient_key, scope, code_hash, expires_at, revoked_at FROM sandbox_tokens WHERE token_hash = ? AND kind = 'refresh'",
		hashSecret(rt)).Scan(&id, &cid, &fam.patientKey, &fam.scope, &fam.codeHash, &exp, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && cid != clientID) {
		return nil, invalidGrant("refresh_token is unknown, expired, revoked or not yours")
	}
	if err != nil {
		return nil, serverError(err)
	}
	now := d.opts.Now().UTC()
	if revoked.Valid {
		d.revokeFamily(ctx, fam.codeHash)
		return nil, invalidGrant("refresh_token was already used or revoked; every token of this grant is revoked now")
	}
	if !now.Before(exp) {
		return nil, invalidGrant("refresh_token is unknown, expired, revoked or not yours")
	}
	res, err := d.db.Exec(ctx, "UPDATE sandbox_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id)
	if err != nil {
		return nil, serverError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		d.revokeFamily(ctx, fam.codeHash)
		return nil, invalidGrant("refresh_token was already used or revoked; every token of this grant is revoked now")
	}
	return fam, nil
}

// checkPatient refuses a grant for a test patient outside the client's
// hackathon (the authorize step already offers no other; this holds even
// for a code or refresh token made before a client or dossier moved).
func (d *DVA) checkPatient(ctx context.Context, clientID, patientKey string) *tokenErr {
	c, err := d.client(ctx, clientID)
	if errors.Is(err, sql.ErrNoRows) {
		return invalidGrant("client_id is not registered")
	}
	if err != nil {
		return serverError(err)
	}
	dos, err := d.source.Dossier(ctx, patientKey)
	if err != nil || dos.Patient.HackathonID != c.HackathonID || d.providerKey(patientKey) {
		return invalidGrant("the test patient of this grant is not available to this client")
	}
	return nil
}

// revokeFamily revokes every token issued for one authorization code.
func (d *DVA) revokeFamily(ctx context.Context, codeHash string) {
	if codeHash == "" {
		return
	}
	if _, err := d.db.Exec(ctx, "UPDATE sandbox_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL", d.opts.Now().UTC(), codeHash); err != nil {
		slog.Error("sandbox: revoke the tokens of a grant", "err", err)
	}
	d.grants.dropCode(codeHash)
}

// issueTokens answers a redeemed grant with a new access and refresh token.
func (d *DVA) issueTokens(w http.ResponseWriter, r *http.Request, clientID string, fam *tokenFamily) {
	ctx := r.Context()
	now := d.opts.Now().UTC()
	access, refresh := newSecret(), newSecret()
	var accessID int64
	err := d.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		accessID, err = tx.Insert(ctx, `INSERT INTO sandbox_tokens (token_hash, kind, client_id, patient_key, scope, code_hash, created_at, expires_at)
			VALUES (?, 'access', ?, ?, ?, ?, ?, ?)`, hashSecret(access), clientID, fam.patientKey, fam.scope, fam.codeHash, now, now.Add(AccessTokenTTL))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO sandbox_tokens (token_hash, kind, client_id, patient_key, scope, code_hash, created_at, expires_at)
			VALUES (?, 'refresh', ?, ?, ?, ?, ?, ?)`, hashSecret(refresh), clientID, fam.patientKey, fam.scope, fam.codeHash, now, now.Add(RefreshTokenTTL))
		return err
	})
	if err != nil {
		te := serverError(err)
		tokenError(w, te.status, te.code, te.desc)
		return
	}
	a := attr(r)
	a.clientID, a.tokenID, a.patientKey = clientID, accessID, fam.patientKey
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Pragma", "no-cache")
	json.NewEncoder(w).Encode(TokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(AccessTokenTTL / time.Second), RefreshToken: refresh, Scope: fam.scope})
}

// grant is what a valid access token allows.
type grant struct {
	id                          int64
	clientID, patientKey, scope string
	hackathonID                 int64 // of the client: the only hackathon whose patients the token reads
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
		err := d.db.QueryRow(r.Context(), `SELECT t.id, t.client_id, t.patient_key, t.scope, t.code_hash, t.expires_at, t.revoked_at, COALESCE(c.hackathon_id, 0)
			FROM sandbox_tokens t JOIN sandbox_clients c ON c.client_id = t.client_id WHERE t.token_hash = ? AND t.kind = 'access'`,
			hash).Scan(&c.g.id, &c.g.clientID, &c.g.patientKey, &c.g.scope, &c.codeHash, &c.exp, &revoked, &c.g.hackathonID)
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

// patientDossier is the dossier the grant is bound to, and its data
// service; a patient outside the client's hackathon is not available.
func (d *DVA) patientDossier(ctx context.Context, g *grant) (*dossier.Dossier, string, error) {
	dos, err := d.dossiers.lookup(ctx, d.source, g.patientKey)
	if err != nil {
		return nil, "", err
	}
	if dos.Patient.HackathonID != g.hackathonID {
		return nil, "", errOtherHackathon
	}
	svc, err := serviceOf(ctx, d.source, g.patientKey, dos, &d.services)
	return dos, svc, err
}

// patientsFor lists the test patients of hackathon hid whose dossier
// serves one of the data services of scope, bounded for the chooser (more
// reports whether some were left out).
func (d *DVA) patientsFor(ctx context.Context, hid int64, scope string) (list []dossier.PatientInfo, more bool, err error) {
	all, err := hackathonPatients(ctx, d.source, hid)
	if err != nil {
		return nil, false, err
	}
	granted := d.grantedServices(scope)
	out := all[:0:0]
	for _, p := range all {
		svc, err := serviceOf(ctx, d.source, p.Key, nil, &d.services)
		if err != nil {
			return nil, false, err
		}
		if slices.Contains(granted, svc) && !d.providerKey(p.Key) {
			out = append(out, p)
		}
	}
	list, more = listed(out)
	return list, more, nil
}
