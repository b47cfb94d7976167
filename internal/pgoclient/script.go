package pgoclient

import (
	"net/url"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Search is one request operation of a TestScript.
type Search struct {
	Name     string // the test's name
	Resource string
	Params   string // as written, e.g. "?code=http://loinc.org|85354-9" or "/$lastn?..."
}

// Path is the request path below the FHIR base, with the query values
// URL-encoded (as encodeRequestUrl asks).
func (s Search) Path() string {
	p, raw, _ := strings.Cut(s.Params, "?")
	out := "/" + s.Resource + p
	if raw == "" {
		return out
	}
	var parts []string
	for _, pair := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return out + "?" + strings.Join(parts, "&")
}

// ScriptSearches returns the operations with a resource type of a STU3
// TestScript (XML or JSON), in order.
func ScriptSearches(data []byte) ([]Search, error) { return ScriptSearchesOf(fhir.STU3, data) }

// ScriptSearchesOf returns the operations with a resource type of a
// TestScript of FHIR release v, in order.
func ScriptSearchesOf(v fhir.Version, data []byte) ([]Search, error) {
	ts, err := fhir.ParseOptions{Version: v}.Parse(data)
	if err != nil {
		return nil, err
	}
	var out []Search
	for _, test := range ts.Get("test") {
		for _, op := range test.Get("action.operation") {
			if r := op.String("resource"); r != "" {
				out = append(out, Search{Name: test.String("name"), Resource: r, Params: op.String("params")})
			}
		}
	}
	return out, nil
}
