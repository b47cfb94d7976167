package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/web"
)

// env is a running server with a hackathon and a person in every role.
type env struct {
	t      *testing.T
	db     *store.DB
	srv    *web.Server
	ts     *httptest.Server
	tokens map[string]string // subject → API token
	users  map[string]*account.User
	hid    int64
	phase1 int64 // a milestone of phase 1
	phase2 int64 // a milestone of phase 2
}

const testPassword = "long enough pw"

// subjects: "anonymous", "nobody" (logged in, no role), "admin", and every hackathon role.
func subjects() []string {
	out := []string{"anonymous", "nobody", "admin"}
	for _, r := range blueprint.AllHackathonRoles() {
		out = append(out, string(r))
	}
	return out
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return newEnvWith(t, db, app.Options{})
}

// newEnvWith is newEnv with the services built from o; the base URL is the
// test server's own unless o names one, and files go to a temporary dir.
func newEnvWith(t *testing.T, db *store.DB, o app.Options) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, tokens: map[string]string{}, users: map[string]*account.User{}}
	e.ts = httptest.NewServer(nil)
	t.Cleanup(e.ts.Close)
	if o.BaseURL == "" {
		o.BaseURL = e.ts.URL
	}
	if o.DataDir == "" {
		o.DataDir = t.TempDir()
	}
	a := app.New(db, o)
	t.Cleanup(a.Close)
	// /metrics as serve configures it by default: loopback only.
	e.srv = web.New(a, web.Options{Version: "test", Metrics: web.MetricsAccess{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}})
	e.srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ts.Config.Handler = e.srv.Handler()
	for _, s := range subjects()[1:] {
		u, err := e.srv.Accounts.Create(ctx, account.NewUser{Email: s + "@example.org", Name: "User " + s, Password: testPassword,
			IsAdmin: s == "admin", CanCreateHackathon: s == string(blueprint.RoleProjectleider)})
		if err != nil {
			t.Fatal(err)
		}
		e.users[s] = u
		_, secret, err := e.srv.Accounts.CreateToken(ctx, u.ID, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[s] = secret
	}
	lead := e.users[string(blueprint.RoleProjectleider)]
	h, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "TEST", Name: "Testhackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.hid = h.ID
	org, _ := e.srv.Hackathons.CreateOrganisation(ctx, "Vendor BV", "pgo")
	for _, r := range blueprint.AllHackathonRoles() {
		if r == blueprint.RoleProjectleider || r == blueprint.RoleOpdrachtnemer {
			continue
		}
		if err := e.srv.Hackathons.AddMember(ctx, h.ID, e.users[string(r)].ID, string(r), org, lead.ID); err != nil {
			t.Fatal(err)
		}
	}
	// Opdrachtnemer is a party, not a grantable role; its subject gets it directly.
	if _, err := db.Exec(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, created_at) VALUES (?, ?, 'opdrachtnemer', CURRENT_TIMESTAMP)",
		h.ID, e.users["opdrachtnemer"].ID); err != nil {
		t.Fatal(err)
	}
	ms, _ := e.srv.Hackathons.Milestones(ctx, h.ID)
	for _, m := range ms {
		if m.Code == "1A" {
			e.phase1 = m.ID
		}
		if m.Code == "2A" {
			e.phase2 = m.ID
		}
	}
	return e
}

// do sends a request as subject (by API token) and returns status and body.
func (e *env) do(subject, method, path, contentType, body string, header ...string) (int, string, http.Header) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok, ok := e.tokens[subject]; ok {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// form posts url-encoded values as subject.
func (e *env) form(subject, path string, v url.Values, header ...string) (int, string, http.Header) {
	return e.do(subject, "POST", path, "application/x-www-form-urlencoded", v.Encode(), header...)
}
