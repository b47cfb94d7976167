package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
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

func TestMain(m *testing.M) {
	// Request logs would drown the test output; warnings and errors still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(m.Run())
}

// env is the real web server (guard included) over a database with one
// hackathon and a user in each kind of role, each with an API token.
type env struct {
	t      *testing.T
	ts     *httptest.Server
	users  map[string]*account.User
	tokens map[string]string // subject → bearer token
	cookie map[string]string // subject → session cookie
	vars   map[string]string // {name} placeholders in URLs and bodies
}

// The subjects: "admin", "lead" (projectleider, created the hackathon),
// "tech" (technisch coördinator), "client" (opdrachtgever), "participant"
// (deelnemer), "observer" (English UI) and "nobody" (no role at all).
var subjectRoles = map[string]blueprint.Role{
	"tech": blueprint.RoleTechnischCoordinator, "client": blueprint.RoleOpdrachtgever,
	"participant": blueprint.RoleDeelnemer, "observer": blueprint.RoleObserver,
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, users: map[string]*account.User{}, tokens: map[string]string{}, cookie: map[string]string{}, vars: map[string]string{}}
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	for _, s := range []string{"admin", "lead", "tech", "client", "participant", "observer", "nobody"} {
		lang := "nl"
		if s == "observer" {
			lang = "en"
		}
		u, err := accounts.Create(ctx, account.NewUser{Email: s + "@example.org", Name: "User " + s, Password: "long enough pw",
			IsAdmin: s == "admin", CanCreateHackathon: s == "lead", Language: lang})
		if err != nil {
			t.Fatal(err)
		}
		e.users[s] = u
		_, secret, err := accounts.CreateToken(ctx, u.ID, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[s] = secret
		e.vars[s+"_id"] = strconv.FormatInt(u.ID, 10)
	}
	e.tokens["bad"] = account.TokenPrefix + "not-a-real-token"
	sess, err := accounts.CreateSession(ctx, e.users["nobody"].ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.cookie["nobody-session"] = sess

	hs := hackathon.NewService(db)
	h, err := hs.Create(ctx, hackathon.Input{Code: "TEST", Name: "Testhackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, e.users["lead"].ID)
	if err != nil {
		t.Fatal(err)
	}
	e.vars["hid"] = strconv.FormatInt(h.ID, 10)
	org, err := hs.CreateOrganisation(ctx, "Vendor BV", "pgo")
	if err != nil {
		t.Fatal(err)
	}
	e.vars["org"] = strconv.FormatInt(org, 10)
	for s, r := range subjectRoles {
		if err := hs.AddMember(ctx, h.ID, e.users[s].ID, string(r), org, e.users["lead"].ID); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := hs.Milestones(ctx, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Iteration == 1 && (m.Code == "1A" || m.Code == "2A") {
			e.vars["m"+m.Code] = strconv.FormatInt(m.ID, 10)
		}
	}

	e.ts = httptest.NewServer(web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// expand fills {name} placeholders from e.vars.
func (e *env) expand(s string) string {
	for k, v := range e.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// response is what a scenario gets back.
type response struct {
	status int
	header http.Header
	body   string
}

// json decodes the body into a generic value.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

// do sends a request as subject: by bearer token, by session cookie when
// the subject has one, or anonymously.
func (e *env) do(subject, method, path, body string, header map[string]string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok, ok := e.tokens[subject]; ok {
		req.Header.Set("Authorization", "Bearer "+tok)
	} else if c, ok := e.cookie[subject]; ok {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: c})
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}
