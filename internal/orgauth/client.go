package orgauth

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ClientAssertion makes an RFC 7523 client assertion: iss = sub =
// clientID, aud, iat now, exp now+ttl, a fresh jti.
func ClientAssertion(key crypto.Signer, kid, clientID, aud string, now time.Time, ttl time.Duration) (string, error) {
	return Sign(key, Header{Typ: "JWT", Kid: kid}, map[string]any{
		"iss": clientID, "sub": clientID, "aud": aud, "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "jti": randomString(16),
	})
}

// AuthorizationAssertion makes the Twiin authorization assertion: sub is
// the requesting organisation's URA; base may be "".
func AuthorizationAssertion(key crypto.Signer, kid, clientID, ura, aud, base string, now time.Time, ttl time.Duration) (string, error) {
	claims := map[string]any{"iss": clientID, "sub": ura, "aud": aud, "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "jti": randomString(16)}
	if base != "" {
		claims["authorization_base"] = base
	}
	return Sign(key, Header{Typ: "JWT", Kid: kid}, claims)
}

// RequestToken posts form to a token endpoint and decodes the answer; an
// OAuth error answer comes back as *Error.
func RequestToken(ctx context.Context, hc *http.Client, tokenURL string, form url.Values, dpop string) (*TokenResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if dpop != "" {
		req.Header.Set("DPoP", dpop)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode}
		if json.Unmarshal(body, e) != nil || e.Code == "" {
			return nil, fmt.Errorf("token endpoint: HTTP %d", resp.StatusCode)
		}
		return nil, e
	}
	var tr TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return nil, errors.New("token endpoint: answer without access_token")
	}
	return &tr, nil
}
