package orgauth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// CredentialIssuer is ketentest's test credential issuer of one hackathon:
// it signs X509Credential-like JWT credentials that carry a participant's
// test URA, and verifies them. A credential of another hackathon's issuer
// does not verify (other DID, other key).
type CredentialIssuer struct {
	Hackathon string
	DID       string // e.g. did:web:sandbox.example:hackathon:pzp-2026
	key       *ecdsa.PrivateKey
}

// NewCredentialIssuer makes an issuer; key nil generates one (P-256).
func NewCredentialIssuer(hackathon, did string, key *ecdsa.PrivateKey) (*CredentialIssuer, error) {
	if hackathon == "" || !strings.HasPrefix(did, "did:") {
		return nil, errors.New("orgauth: credential issuer needs a hackathon and a DID")
	}
	if key == nil {
		var err error
		if key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			return nil, err
		}
	}
	return &CredentialIssuer{Hackathon: hackathon, DID: did, key: key}, nil
}

// KID is the key id of the issuer's signing key.
func (ci *CredentialIssuer) KID() string { return ci.DID + "#test-issuer-key" }

// TestDID is the test did:web of a participant of a hackathon on host.
func TestDID(host, hackathon, participant string) string {
	return "did:web:" + strings.ReplaceAll(host, ":", "%3A") + ":hackathon:" + hackathon + ":participant:" + participant
}

// CredentialSubject is the subject of a test X509Credential.
type CredentialSubject struct {
	ID      string            `json:"id"`
	SAN     map[string]string `json:"san"`
	Subject map[string]string `json:"subject"`
}

// VC is the vc claim of a JWT credential.
type VC struct {
	Context           []string          `json:"@context"`
	Type              []string          `json:"type"`
	CredentialSubject CredentialSubject `json:"credentialSubject"`
	Test              string            `json:"test,omitempty"`
}

// IssueX509Credential issues a test X509Credential to holderDID for an
// organisation with the given URA, name and participant id, valid ttl.
func (ci *CredentialIssuer) IssueX509Credential(holderDID, ura, name, participant string, now time.Time, ttl time.Duration) (string, error) {
	if !regexp.MustCompile(`^[0-9]{8}$`).MatchString(ura) {
		return "", errors.New("URA moet 8 cijfers zijn")
	}
	claims := map[string]any{
		"iss": ci.DID, "sub": holderDID, "nbf": now.Unix(), "iat": now.Unix(), "exp": now.Add(ttl).Unix(),
		"jti": ci.DID + "#" + randomString(12), "hackathon": ci.Hackathon,
		"vc": VC{
			Context: []string{"https://www.w3.org/2018/credentials/v1"},
			Type:    []string{"VerifiableCredential", "X509Credential"},
			CredentialSubject: CredentialSubject{ID: holderDID,
				SAN:     map[string]string{"otherName": "2.16.528.1.1007.99.2110-1-" + participant + "-S-" + ura + "-00.000-00000000"},
				Subject: map[string]string{"O": "TEST " + name, "serialNumber": ura}},
			Test: "TEST credential issued by ketentest for hackathon " + ci.Hackathon + " only; never valid in production",
		},
	}
	return Sign(ci.key, Header{Typ: "JWT", Kid: ci.KID()}, claims)
}

var uraInSAN = regexp.MustCompile(`-S-([0-9]{8})-`)

// VerifyCredential checks a test credential for holder and returns the URA.
func (ci *CredentialIssuer) VerifyCredential(raw, holder string, now time.Time) (string, error) {
	j, err := ParseJWS(raw)
	if err != nil {
		return "", err
	}
	var c struct {
		Claims
		Hackathon string `json:"hackathon"`
		VC        VC     `json:"vc"`
	}
	if err := json.Unmarshal(j.Payload, &c); err != nil {
		return "", errors.New("credential-payload is geen geldig object")
	}
	if c.Iss != ci.DID || j.Header.Kid != ci.KID() {
		return "", fmt.Errorf("credential is niet uitgegeven door de test-uitgever van deze hackathon (%s)", ci.DID)
	}
	if err := j.Verify(&ci.key.PublicKey); err != nil {
		return "", fmt.Errorf("credential: %v", err)
	}
	if c.Hackathon != ci.Hackathon {
		return "", errors.New("credential hoort bij een andere hackathon")
	}
	if c.Exp == nil || !now.Before(time.Unix(*c.Exp, 0)) {
		return "", errors.New("credential is verlopen")
	}
	if c.Nbf != nil && now.Before(time.Unix(*c.Nbf, 0)) {
		return "", errors.New("credential is nog niet geldig")
	}
	if c.Sub != holder || c.VC.CredentialSubject.ID != holder {
		return "", errors.New("credentialSubject.id is niet de houder van de presentatie")
	}
	if !slices.Contains(c.VC.Type, "X509Credential") {
		return "", errors.New("credential is geen X509Credential")
	}
	m := uraInSAN.FindStringSubmatch(c.VC.CredentialSubject.SAN["otherName"])
	if m == nil {
		return "", errors.New("credential bevat geen URA in san.otherName")
	}
	return m[1], nil
}

// PresentVP makes a JWT Verifiable Presentation by holderDID (key kid,
// a DID URL of the holder) for audience aud with the credentials vcs.
func PresentVP(holderDID, kid string, key crypto.Signer, aud string, vcs []string, now time.Time, ttl time.Duration) (string, error) {
	claims := map[string]any{
		"iss": holderDID, "sub": holderDID, "aud": aud, "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
		"jti": randomString(16),
		"vp": map[string]any{
			"@context":             []string{"https://www.w3.org/2018/credentials/v1"},
			"type":                 []string{"VerifiablePresentation"},
			"holder":               holderDID,
			"verifiableCredential": vcs,
		},
	}
	return Sign(key, Header{Typ: "JWT", Kid: kid}, claims)
}

func invalidVP(format string, args ...any) *Error {
	return oerr(http.StatusBadRequest, "invalid_verifiable_presentation", format, args...)
}

// verifyVP checks the vp_token-bearer grant (Nuts RFC021).
func (s *Server) verifyVP(ctx context.Context, form url.Values, now time.Time) (*Client, *Error) {
	if s.cfg.Credentials == nil {
		return nil, oerr(http.StatusBadRequest, "unsupported_grant_type", "vp_token-bearer is bij deze hackathon niet ingeschakeld")
	}
	raw := form.Get("assertion")
	if raw == "" {
		return nil, invalidVP("assertion (de VP) ontbreekt")
	}
	j, err := ParseJWS(raw)
	if err != nil {
		return nil, invalidVP("assertion: %v", err)
	}
	var c struct {
		Claims
		VP struct {
			Type                 []string `json:"type"`
			VerifiableCredential []string `json:"verifiableCredential"`
		} `json:"vp"`
	}
	if err := json.Unmarshal(j.Payload, &c); err != nil {
		return nil, invalidVP("assertion: payload is geen geldige VP")
	}
	did, _, ok := strings.Cut(j.Header.Kid, "#")
	if !ok || did == "" {
		return nil, invalidVP("kid moet een DID-URL zijn (did…#sleutel)")
	}
	if c.Iss != did || c.Sub != did {
		return nil, invalidVP("iss en sub moeten de DID van de houder (%s) zijn", did)
	}
	client, err := s.cfg.Clients.ClientByDID(ctx, did)
	if err != nil || client.Hackathon != s.cfg.Hackathon {
		return nil, invalidVP("houder %s is niet geregistreerd bij deze hackathon", did)
	}
	key, ok := client.key(j.Header.Kid)
	if !ok {
		return nil, invalidVP("kid %q staat niet in het DID-document van de houder", j.Header.Kid)
	}
	if err := j.Verify(key); err != nil {
		return nil, invalidVP("%v", err)
	}
	if e := s.checkTimes(&c.Claims, "assertion", now, invalidVP); e != nil {
		return nil, e
	}
	if !c.Aud.Contains(s.cfg.DID) {
		return nil, invalidVP("aud moet exact %q zijn", s.cfg.DID)
	}
	var sub struct {
		DefinitionID  string            `json:"definition_id"`
		DescriptorMap []json.RawMessage `json:"descriptor_map"`
	}
	if err := json.Unmarshal([]byte(form.Get("presentation_submission")), &sub); err != nil || sub.DefinitionID == "" || len(sub.DescriptorMap) == 0 {
		return nil, oerr(http.StatusBadRequest, "invalid_presentation_submission", "presentation_submission moet JSON zijn met definition_id en descriptor_map")
	}
	if len(c.VP.VerifiableCredential) == 0 {
		return nil, oerr(http.StatusBadRequest, "invalid_verifiable_credentials", "vp.verifiableCredential is leeg")
	}
	found := false
	for i, vc := range c.VP.VerifiableCredential {
		ura, err := s.cfg.Credentials.VerifyCredential(vc, did, now)
		if err != nil {
			return nil, oerr(http.StatusBadRequest, "invalid_verifiable_credentials", "verifiableCredential[%d]: %v", i, err)
		}
		if ura != client.URA {
			return nil, oerr(http.StatusBadRequest, "invalid_verifiable_credentials", "verifiableCredential[%d]: URA %s is niet die van de houder", i, ura)
		}
		found = true
	}
	if !found {
		return nil, oerr(http.StatusBadRequest, "invalid_verifiable_credentials", "geen X509Credential met URA")
	}
	if e := s.checkJTI(ctx, "vp|"+did, &c.Claims, "assertion", invalidVP); e != nil {
		return nil, e
	}
	return client, nil
}

// presentationDefinitionHTTP serves the (minimal) Presentation Definition
// a scope asks for: one X509Credential with a URA.
func (s *Server) presentationDefinitionHTTP(w http.ResponseWriter, r *http.Request) {
	scope := r.URL.Query().Get("scope")
	if scope == "" || len(scope) > 200 {
		writeJSON(w, http.StatusBadRequest, oerr(http.StatusBadRequest, "invalid_scope", "scope ontbreekt"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "ketentest-test-" + scope,
		"input_descriptors": []map[string]any{{
			"id": "organization_credential",
			"constraints": map[string]any{"fields": []map[string]any{
				{"path": []string{"$.type"}, "filter": map[string]any{"type": "string", "const": "X509Credential"}},
				{"id": "organization_ura", "path": []string{"$.credentialSubject.san.otherName"}, "filter": map[string]any{"type": "string", "pattern": "-S-[0-9]{8}-"}},
			}},
		}},
	})
}
