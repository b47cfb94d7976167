package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var otherParam = regexp.MustCompile(`\{[a-z_]+\.*\}`)

// concrete fills a route pattern with ids of the test hackathon.
func (e *env) concrete(pattern string) string {
	r := strings.NewReplacer("{hid}", fmt.Sprint(e.hid), "{mid}", fmt.Sprint(e.phase1), "{n}", "1",
		"{id}", "999999", "{role}", "projectleider", "{$}", "")
	p := r.Replace(pattern)
	// Any other path value is an id that does not exist: allowed requests get 404.
	p = otherParam.ReplaceAllString(p, "999999")
	if strings.HasSuffix(p, "/static/") {
		p += "app.css"
	}
	return p
}

func subjectOf(e *env, s string) authz.Subject {
	if s == "anonymous" {
		return authz.Subject{}
	}
	u := e.users[s]
	sub := authz.Subject{LoggedIn: true, IsAdmin: u.IsAdmin, CanCreateHackathon: u.CanCreateHackathon}
	if r, err := blueprint.ParseRole(s); err == nil {
		sub.Roles = []blueprint.Role{r}
	}
	return sub
}

// TestRouteRoleMatrix sends every route as every kind of user and checks
// that the guard lets through exactly what the authorization table grants.
func TestRouteRoleMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		routes := e.srv.Routes()
		if len(routes) < 30 {
			t.Fatalf("only %d routes registered", len(routes))
		}
		checked := 0
		for _, rt := range routes {
			if !authz.Known(rt.Perm) {
				t.Errorf("%s: unknown permission %q", rt.Path(), rt.Perm)
			}
			path := e.concrete(rt.Pattern)
			for _, s := range subjects() {
				ct, body := "application/x-www-form-urlencoded", ""
				if rt.API {
					ct, body = "application/json", "{}"
				}
				if rt.Method == "GET" || rt.Method == "DELETE" {
					ct, body = "", ""
				}
				status, _, hdr := e.do(s, rt.Method, path, ct, body)
				want := authz.Allowed(rt.Perm, subjectOf(e, s))
				denied := status == http.StatusUnauthorized || status == http.StatusForbidden ||
					(status == http.StatusSeeOther && strings.HasPrefix(hdr.Get("Location"), "/login?"))
				if want && denied {
					t.Errorf("%s as %s: %d, want access", rt.Path(), s, status)
				}
				if !want && !denied {
					t.Errorf("%s as %s: %d, want 401/403", rt.Path(), s, status)
				}
				checked++
			}
		}
		t.Logf("checked %d route × role combinations", checked)
	})
}

func TestUnknownPathIs404(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, p := range []string{"/nope", "/api/v1/nope", "/hackathons/999999", "/hackathons/abc"} {
			status, _, _ := e.do("admin", "GET", p, "", "")
			if status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, status)
			}
		}
	})
}
