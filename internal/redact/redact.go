// Package redact removes secrets from recorded HTTP exchanges before they
// are stored or shown: authorization headers and cookies, OAuth codes and
// tokens in query strings, form bodies and JSON token responses. It is the
// one place both the reference DVA's traffic and the reference PGO's
// evidence go through.
package redact

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// Mask replaces a secret value.
const Mask = "[redacted]"

// secretHeaders are replaced by Mask (Authorization keeps its scheme).
var secretHeaders = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true}

// secretParams are parameters whose values are always secrets.
var secretParams = map[string]bool{"access_token": true, "refresh_token": true,
	"id_token": true, "client_secret": true, "password": true, "client_assertion": true}

// oauthParams are secret in OAuth requests and redirects only ("code" is
// also an ordinary FHIR search parameter).
var oauthParams = map[string]bool{"code": true, "state": true}

// Header returns a copy of h with secrets masked.
func Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		if ck == "Location" {
			for _, v := range vs {
				out[ck] = append(out[ck], OAuthURL(v))
			}
			continue
		}
		if !secretHeaders[ck] {
			out[ck] = append([]string(nil), vs...)
			continue
		}
		masked := make([]string, len(vs))
		for i, v := range vs {
			if scheme, _, ok := strings.Cut(v, " "); ok && ck == "Authorization" {
				masked[i] = scheme + " " + Mask
			} else {
				masked[i] = Mask
			}
		}
		out[ck] = masked
	}
	return out
}

// Values masks secret parameters in a query string or form body of the
// OAuth flow (code and state included). Input that is not a valid query is
// returned unchanged only when it names no secret parameter; otherwise it
// is masked whole.
func Values(raw string) string { return values(raw, true) }

func values(raw string, oauth bool) string {
	secret := func(k string) bool { return secretParams[k] || oauth && oauthParams[k] }
	if raw == "" {
		return raw
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		for k := range secretParams {
			if strings.Contains(raw, k+"=") {
				return Mask
			}
		}
		for k := range oauthParams {
			if oauth && strings.Contains(raw, k+"=") {
				return Mask
			}
		}
		return raw
	}
	changed := false
	for k, vs := range v {
		if secret(k) {
			for i := range vs {
				vs[i] = Mask
			}
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return v.Encode()
}

// URL masks token-like query parameters of a URL (a FHIR request: its
// "code" parameter is a search parameter and stays).
func URL(raw string) string { return maskURL(raw, false) }

// OAuthURL masks the secrets of an OAuth front-channel URL: an authorize
// request or a redirect back with code and state.
func OAuthURL(raw string) string { return maskURL(raw, true) }

func maskURL(raw string, oauth bool) string {
	base, q, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	return base + "?" + values(q, oauth)
}

// JSON masks secret members at the top level of a JSON object (a token
// response); other JSON is returned unchanged.
func JSON(body []byte) []byte { return maskJSON(body, true) }

// maskJSON masks the secret top-level members; with oauth false only the
// tokens and passwords, not "code" or "state" (FHIR elements too).
func maskJSON(body []byte, oauth bool) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	changed := false
	for k := range m {
		if secretParams[k] || oauth && oauthParams[k] {
			m[k] = json.RawMessage(`"` + Mask + `"`)
			changed = true
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// Body masks a body by its content type: form bodies and plain JSON
// objects (token responses). FHIR bodies (application/fhir+json) carry no
// OAuth secrets and are returned as they are.
func Body(contentType string, body []byte) []byte {
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		return []byte(Values(string(body)))
	case strings.HasPrefix(ct, "application/json"):
		return JSON(body)
	case bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) && namesSecret(body):
		// A token response under a wrong content type still hides its tokens.
		return maskJSON(body, false)
	}
	return body
}

// Pretty indents a JSON body for display; anything else is returned as it is.
func Pretty(body string) string {
	t := strings.TrimSpace(body)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return body
	}
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(t), "", "  ") != nil {
		return body
	}
	return buf.String()
}

// namesSecret is a cheap test that a JSON body may hold a secret member,
// so large FHIR bodies are not parsed for nothing.
func namesSecret(body []byte) bool {
	for k := range secretParams {
		if bytes.Contains(body, []byte(`"`+k+`"`)) {
			return true
		}
	}
	return false
}
