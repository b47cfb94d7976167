package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestMalformedFormIs400 posts a body that is not valid URL encoding to
// every route that takes a body, as a user the route lets in: each answers
// 400, none 500 (the public /login and /register/{id} included).
func TestMalformedFormIs400(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	checked := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodPost && rt.Method != http.MethodPut && rt.Method != http.MethodPatch {
			continue
		}
		who := ""
		for _, s := range subjects() {
			if authz.Allowed(rt.Perm, subjectOf(e, s)) {
				who = s
				break
			}
		}
		if who == "" {
			t.Errorf("%s: no test user may use it", rt.Path())
			continue
		}
		for _, body := range []string{"email=%zz", "next=%", "a=1&b=%G0"} {
			status, page, _ := e.do(who, rt.Method, e.concrete(rt.Pattern), "application/x-www-form-urlencoded", body)
			if status != http.StatusBadRequest {
				t.Errorf("%s as %s with %q: %d, want 400", rt.Path(), who, body, status)
			}
			if !rt.API && !strings.Contains(page, "geen geldige URL-codering") {
				t.Errorf("%s: the page does not say (in Dutch) what is wrong:\n%.300s", rt.Path(), page)
			}
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d routes with a body checked", checked)
	}
	t.Logf("%d routes with a body answer 400 to a malformed form", checked)
}
