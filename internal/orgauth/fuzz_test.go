package orgauth

import (
	"context"
	"net/url"
	"testing"
	"time"
)

func FuzzParseJWS(f *testing.F) {
	k := newKey(f)
	s, _ := ClientAssertion(k, "k1", "c", tokenURL, t0, time.Minute)
	f.Add(s)
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Fuzz(func(t *testing.T, in string) {
		j, err := ParseJWS(in)
		if err != nil {
			return
		}
		_ = j.Verify(&k.PublicKey) // must not panic, whatever alg says
	})
}

func FuzzParseJWK(f *testing.F) {
	j, _ := PublicJWK(&newKey(f).PublicKey, "k")
	b, _ := jsonMarshal(j)
	f.Add(b)
	f.Add([]byte(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`))
	f.Add([]byte(`{"kty":"EC","crv":"P-256","x":"","y":""}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if _, jwk, err := ParseJWK(in); err == nil {
			_ = jwk.Thumbprint()
		}
	})
}

// FuzzTokenRequest runs arbitrary assertions through every grant.
func FuzzTokenRequest(f *testing.F) {
	e := newEnv(f, "h1", nil, nil, nil)
	f.Add(GrantClientCredentials, e.assertion(f, nil), "")
	f.Add(GrantVPToken, "x.y.z", `{"definition_id":"d","descriptor_map":[{}]}`)
	f.Add(GrantJWTBearer, e.assertion(f, nil), "")
	f.Fuzz(func(t *testing.T, grant, assertion, sub string) {
		form := url.Values{"grant_type": {grant}, "client_assertion_type": {AssertionTypeJWT}, "client_assertion": {assertion},
			"assertion": {assertion}, "presentation_submission": {sub}, "authorization_base": {"base-h1"}}
		_, _ = e.srv.Token(context.Background(), form, []string{assertion})
	})
}
