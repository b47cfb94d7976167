package redact

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	h := Header(http.Header{"Authorization": {"Bearer abc"}, "Cookie": {"s=1"}, "Location": {"https://pgo.example/cb?code=C0DE&state=ST"}, "Accept": {"x"}})
	if h.Get("Authorization") != "Bearer "+Mask || h.Get("Cookie") != Mask || h.Get("Accept") != "x" {
		t.Errorf("headers %v", h)
	}
	if l := h.Get("Location"); strings.Contains(l, "C0DE") || strings.Contains(l, "ST&") || !strings.HasPrefix(l, "https://pgo.example/cb?") {
		t.Errorf("Location %q", l)
	}
	for _, tc := range []struct{ in, want string }{
		{URL("https://d/fhir/Observation?code=http://loinc.org|85354-9"), "https://d/fhir/Observation?code=http://loinc.org|85354-9"},
		{URL("https://d/fhir/x?access_token=T"), "https://d/fhir/x?access_token=%5Bredacted%5D"},
		{OAuthURL("https://d/cb?code=C&state=S"), "https://d/cb?code=%5Bredacted%5D&state=%5Bredacted%5D"},
		{Values("grant_type=refresh_token&refresh_token=R"), "grant_type=refresh_token&refresh_token=%5Bredacted%5D"},
		{Values("a=%zz&code=x"), Mask},
		{Values("a=1"), "a=1"},
		{string(JSON([]byte(`{"access_token":"A","token_type":"Bearer","refresh_token":"R"}`))), `{"access_token":"[redacted]","refresh_token":"[redacted]","token_type":"Bearer"}`},
		{string(JSON([]byte(`[1]`))), `[1]`},
		{string(Body("application/x-www-form-urlencoded", []byte("code=C"))), "code=%5Bredacted%5D"},
		{Pretty(`{"a":1}`), "{\n  \"a\": 1\n}"},
		{Pretty(`<x/>`), `<x/>`},
		{Pretty(`{broken`), `{broken`},
	} {
		if tc.in != tc.want {
			t.Errorf("got %q, want %q", tc.in, tc.want)
		}
	}
}

func FuzzValues(f *testing.F) {
	f.Add("code=abc&state=x")
	f.Add("a=%zz&refresh_token=x")
	f.Fuzz(func(t *testing.T, s string) {
		out := Values(s)
		v, err := url.ParseQuery(out)
		if err != nil {
			return
		}
		for _, k := range []string{"code", "state", "refresh_token", "access_token", "client_secret"} {
			for _, val := range v[k] {
				if val != Mask {
					t.Errorf("%s kept: %q -> %q", k, s, out)
				}
			}
		}
	})
}
