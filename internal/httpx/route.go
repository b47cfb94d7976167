package httpx

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/authz"
)

// Route binds a method and path pattern (net/http ServeMux syntax) to a
// handler and the permission it requires. Per-hackathon permissions take the
// hackathon from the {hid} path value.
type Route struct {
	Method  string
	Pattern string
	Perm    authz.Permission
	API     bool // JSON API: errors as problem+json, 401 instead of a login redirect
	// OwnCredentials: a public route whose handler checks a credential of
	// its own (the metrics scraper's bearer token), so the guard does not
	// read the Authorization header as an API token.
	OwnCredentials bool
	Handler        http.HandlerFunc
}

// Path is the route's method and pattern, as registered on a ServeMux.
func (r Route) Path() string { return r.Method + " " + r.Pattern }
