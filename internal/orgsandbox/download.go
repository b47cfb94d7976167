package orgsandbox

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/testca"
)

// CredentialTTL is how long a downloaded test credential is valid.
const CredentialTTL = 30 * 24 * time.Hour

// Settings is settings.json in a participant's download.
type Settings struct {
	Test                 string `json:"test"`
	Hackathon            string `json:"hackathon"`
	ClientID             string `json:"client_id"`
	URA                  string `json:"ura"`
	DID                  string `json:"did"`
	Kid                  string `json:"kid"`
	TokenEndpoint        string `json:"token_endpoint"`
	IntrospectEndpoint   string `json:"introspection_endpoint"`
	NotificationEndpoint string `json:"notification_endpoint"`
	FHIRBase             string `json:"fhir_base"`
	MocksBase            string `json:"generic_functions_base"`
	SandboxURA           string `json:"sandbox_ura"`
}

// Bundle is a participant's TEST download.
type Bundle struct {
	Zip      []byte
	Settings Settings
}

// ParticipantBundle registers organisation orgID (name) with hackathon
// code's authorization server if needed and makes its TEST download: a
// client certificate and key of the hackathon's CA (and a server
// certificate for serverHosts, if any), a fresh signing key whose public
// part is registered under a new kid, an X509Credential-like test
// credential for the organisation's test DID, the CA certificate, the
// settings and the steps. The private keys exist only in the returned zip.
func (e *Engine) ParticipantBundle(ctx context.Context, code string, orgID int64, name string, serverHosts []string) (*Bundle, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return nil, err
	}
	now := e.opts.Now()
	reg, err := h.clients.Ensure(ctx, orgID, name, now)
	if err != nil {
		return nil, err
	}
	sk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	var rb [4]byte
	rand.Read(rb[:])
	kid := "ketentest-test-" + now.UTC().Format("20060102") + "-" + hex.EncodeToString(rb[:])
	jwk, err := jwkJSON(&sk.PublicKey, kid)
	if err != nil {
		return nil, err
	}
	if err := h.clients.AddKey(ctx, reg.Row, kid, jwk, "ketentest-test", now); err != nil {
		return nil, err
	}
	p := testca.Participant{ID: reg.ClientID, Name: name, URA: reg.URA}
	client, err := h.keys.CA.IssueClient(p, now)
	if err != nil {
		return nil, err
	}
	vc, err := h.keys.Issuer.IssueX509Credential(reg.DID, reg.URA, name, reg.ClientID, now, CredentialTTL)
	if err != nil {
		return nil, err
	}
	ep := e.EndpointsOf(code)
	set := Settings{Test: "TEST — alleen voor hackathon " + code + " in ketentest; nooit in productie / test only",
		Hackathon: code, ClientID: reg.ClientID, URA: reg.URA, DID: reg.DID, Kid: kid, TokenEndpoint: ep.Token, IntrospectEndpoint: ep.Introspect,
		NotificationEndpoint: ep.Notification, FHIRBase: ep.FHIRBase, MocksBase: ep.Mocks, SandboxURA: SandboxURA}
	der, err := x509.MarshalPKCS8PrivateKey(sk)
	if err != nil {
		return nil, err
	}
	signPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Headers: map[string]string{"Comment": "TEST signing key issued by ketentest - never use in production"}, Bytes: der})
	settings, _ := json.MarshalIndent(set, "", "  ")
	files := []struct {
		name string
		data []byte
	}{
		{"LEESMIJ-TEST.txt", []byte(readme(set))},
		{"settings.json", settings},
		{"ca.pem", h.keys.CA.CertPEM},
		{"client-cert.pem", client.CertPEM},
		{"client-key.TEST.pem", client.KeyPEM},
		{"signing-key.TEST.pem", signPEM},
		{"signing-key.public.jwk.json", jwk},
		{"credential.TEST.jwt", []byte(vc)},
	}
	if len(serverHosts) > 0 {
		srv, err := h.keys.CA.IssueServer(p, serverHosts, now)
		if err != nil {
			return nil, err
		}
		files = append(files, struct {
			name string
			data []byte
		}{"server-cert.pem", srv.CertPEM}, struct {
			name string
			data []byte
		}{"server-key.TEST.pem", srv.KeyPEM})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "ketentest-TEST-" + code + "/" + f.name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return &Bundle{Zip: buf.Bytes(), Settings: set}, nil
}

// RegisterPublicKey registers a public JWK the participant generated
// itself (a private key is refused: it is never uploaded). kid comes from
// the JWK ("kid") and must be new for the organisation.
func (e *Engine) RegisterPublicKey(ctx context.Context, code string, orgID int64, name string, jwk []byte) (string, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return "", err
	}
	_, j, err := orgauth.ParseJWK(jwk)
	if err != nil {
		return "", err
	}
	if !kidRE.MatchString(j.Kid) {
		return "", errors.New("kid ontbreekt of bevat andere tekens dan letters, cijfers, . _ -")
	}
	now := e.opts.Now()
	reg, err := h.clients.Ensure(ctx, orgID, name, now)
	if err != nil {
		return "", err
	}
	pub, _ := j.Public()
	clean, err := jwkJSON(pub, j.Kid) // store only the public members
	if err != nil {
		return "", err
	}
	return j.Kid, h.clients.AddKey(ctx, reg.Row, j.Kid, clean, "participant", now)
}

var kidRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)

// readme is the step-by-step text of the download (Dutch, then English).
func readme(s Settings) string {
	var b strings.Builder
	fmt.Fprintf(&b, `TEST — ketentest, hackathon %s
Alles in deze map is alleen voor testen, alleen geldig bij deze hackathon in ketentest,
en nooit in productie. Deel de *.TEST.pem-bestanden niet.

Jouw organisatie
  client_id  %s
  test-URA   %s
  test-DID   %s
  kid        %s (publieke sleutel is al geregistreerd)

Stappen (mutual TLS 1.3 met client-cert.pem + client-key.TEST.pem, vertrouw ca.pem):
1. Token (Twiin, RFC 7523): POST %s
   grant_type=client_credentials
   client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
   client_assertion=<JWT, ES256, kid=%s, iss=sub=%s, aud=%s, iat, exp ≤ 5 min, unieke jti>
   scope=notification  (voor het notificatie-endpoint) of authorization_base=<uit de notificatie>
2. Of (Nuts RFC021): grant_type=urn:ietf:params:oauth:grant-type:vp_token-bearer
   assertion=<VP-JWT van %s met credential.TEST.jwt, aud=%s>, presentation_submission, scope
3. Notificatie aan ketentest: POST %s/Task (STU3 Task pull-notification, owner URA %s)
4. Ophalen bij ketentest: GET %s/<query uit de notificatie>, Authorization: Bearer <token>
5. Adresboek/lokalisatie/toestemming (mocks): %s/mcsd/Organization?identifier=…, /zorgab/{URA}, /nvi/DocumentReference, /mitz/consent

TEST — everything here is for testing in ketentest hackathon %s only; never in production.
The steps above are the same in English: token with a client assertion or a test VP,
notification to ketentest's endpoint, pull with the token, mocks for addressing,
localization and consent. Private keys in this download were made for you and are
stored nowhere else.
`, s.Hackathon, s.ClientID, s.URA, s.DID, s.Kid, s.TokenEndpoint, s.Kid, s.ClientID, s.TokenEndpoint,
		s.DID, s.TokenEndpoint, s.NotificationEndpoint, s.SandboxURA, s.FHIRBase, s.MocksBase, s.Hackathon)
	return b.String()
}
