package orgauth

import (
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// VerifyDPoP checks a DPoP proof (RFC 9449): typ dpop+jwt, a public jwk in
// the header that verifies the signature, htm and htu of this request, a
// recent iat, an unseen jti and, for a resource request, ath = the hash of
// accessToken. It returns the key's thumbprint (cnf.jkt).
func (s *Server) VerifyDPoP(ctx context.Context, proof, method, htu, accessToken string) (string, error) {
	j, err := ParseJWS(proof)
	if err != nil {
		return "", err
	}
	if j.Header.Typ != "dpop+jwt" {
		return "", errors.New("typ moet dpop+jwt zijn")
	}
	if len(j.Header.JWK) == 0 {
		return "", errors.New("jwk ontbreekt in de header")
	}
	key, jwk, err := ParseJWK(j.Header.JWK)
	if err != nil {
		return "", err
	}
	if err := j.Verify(key); err != nil {
		return "", err
	}
	var c struct {
		Htm string `json:"htm"`
		Htu string `json:"htu"`
		Iat *int64 `json:"iat"`
		Jti string `json:"jti"`
		Ath string `json:"ath"`
	}
	if err := json.Unmarshal(j.Payload, &c); err != nil {
		return "", errors.New("payload is geen JSON-object")
	}
	if c.Htm != method {
		return "", fmt.Errorf("htm moet %s zijn", method)
	}
	if stripQuery(c.Htu) != stripQuery(htu) {
		return "", fmt.Errorf("htu moet %s zijn", stripQuery(htu))
	}
	if c.Iat == nil {
		return "", errors.New("iat ontbreekt")
	}
	now, iat := s.cfg.Now(), time.Unix(*c.Iat, 0)
	if iat.After(now.Add(s.cfg.ClockSkew)) || iat.Before(now.Add(-s.cfg.MaxAssertionLifetime)) {
		return "", errors.New("iat te oud of in de toekomst")
	}
	if c.Jti == "" || len(c.Jti) > 256 {
		return "", errors.New("jti ontbreekt of is te lang")
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		if c.Ath != b64.EncodeToString(sum[:]) {
			return "", errors.New("ath past niet bij het access token")
		}
	}
	jkt := jwk.Thumbprint()
	seen, err := s.cfg.Replay.Seen(ctx, s.cfg.Hackathon+"|dpop|"+jkt+"|"+c.Jti, iat.Add(s.cfg.MaxAssertionLifetime+s.cfg.ClockSkew))
	if err != nil {
		return "", errors.New("replay-controle mislukt")
	}
	if seen {
		return "", errors.New("jti is al gebruikt (replay)")
	}
	return jkt, nil
}

func stripQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.RawQuery, p.Fragment = "", ""
	p.Scheme, p.Host = strings.ToLower(p.Scheme), strings.ToLower(p.Host)
	return p.String()
}

// DPoPProof makes a proof for method and htu with key (for clients and
// tests); accessToken "" leaves out ath.
func DPoPProof(key crypto.Signer, method, htu, accessToken string, now time.Time) (string, error) {
	jwk, err := PublicJWK(key.Public(), "")
	if err != nil {
		return "", err
	}
	jb, _ := json.Marshal(jwk)
	claims := map[string]any{"htm": method, "htu": htu, "iat": now.Unix(), "jti": randomString(16)}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims["ath"] = b64.EncodeToString(sum[:])
	}
	return Sign(key, Header{Typ: "dpop+jwt", JWK: jb}, claims)
}
