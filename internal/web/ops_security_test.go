package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

func opsServer(t *testing.T, db *store.DB, opts web.Options) *web.Server {
	t.Helper()
	a := app.New(db, app.Options{DataDir: t.TempDir()})
	t.Cleanup(a.Close)
	srv := web.New(a, opts)
	srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	return srv
}

func send(h http.Handler, method, path string, form url.Values, cookies ...*http.Cookie) *http.Response {
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// TestSecureCookiesAndHSTS (#9.23): with --secure-cookies every cookie —
// session, flash and language — is Secure and Strict-Transport-Security is
// sent; without it neither.
func TestSecureCookiesAndHSTS(t *testing.T) {
	db := storetest.SQLite(t)
	srv := opsServer(t, db, web.Options{SecureCookies: true})
	if _, err := srv.Accounts.Create(t.Context(), account.NewUser{Email: "a@example.org", Name: "A", Password: "long enough pw"}); err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	var all []string
	resp := send(h, "GET", "/login", nil)
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Fatalf("no HSTS with secure cookies: %q", got)
	}
	resp = send(h, "POST", "/language", url.Values{"lang": {"en"}, "next": {"/login"}})
	all = append(all, resp.Header.Values("Set-Cookie")...)
	resp = send(h, "POST", "/login", url.Values{"email": {"a@example.org"}, "password": {"long enough pw"}})
	all = append(all, resp.Header.Values("Set-Cookie")...)
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie {
			session = c
		}
	}
	if session == nil {
		t.Fatalf("no session after login: %d", resp.StatusCode)
	}
	resp = send(h, "POST", "/logout", url.Values{}, session)
	all = append(all, resp.Header.Values("Set-Cookie")...)
	names := map[string]bool{}
	for _, c := range all {
		names[strings.SplitN(c, "=", 2)[0]] = true
		if !strings.Contains(c, "; Secure") {
			t.Errorf("cookie without Secure: %s", c)
		}
	}
	for _, want := range []string{web.SessionCookie, "ketentest_flash", "ketentest_lang"} {
		if !names[want] {
			t.Errorf("cookie %s not set in this test (got %v)", want, names)
		}
	}
	plain := opsServer(t, storetest.SQLite(t), web.Options{}).Handler()
	resp = send(plain, "POST", "/language", url.Values{"lang": {"en"}})
	if resp.Header.Get("Strict-Transport-Security") != "" || strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("plain http: HSTS %q, cookie %q", resp.Header.Get("Strict-Transport-Security"), resp.Header.Get("Set-Cookie"))
	}
}

// TestReadyzFailsWhenWritesFail (#9.23): /readyz proves a write, so a
// database that still reads but refuses writes (a full disk) is not ready.
func TestReadyzFailsWhenWritesFail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := opsServer(t, db, web.Options{}).Handler()
		if resp := send(h, "GET", "/readyz", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("healthy database: readyz %d", resp.StatusCode)
		}
		ctx := t.Context()
		if db.Dialect == store.SQLite {
			_, err := db.Exec(ctx, `CREATE TRIGGER health_full BEFORE UPDATE ON health_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
			if err != nil {
				t.Fatal(err)
			}
		} else {
			for _, q := range []string{
				`CREATE FUNCTION health_full() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ LANGUAGE plpgsql`,
				`CREATE TRIGGER health_full BEFORE UPDATE ON health_probe FOR EACH ROW EXECUTE FUNCTION health_full()`,
			} {
				if _, err := db.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
		}
		resp := send(h, "GET", "/readyz", nil)
		body := readAll(resp)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "refuses writes") || strings.Contains(body, "disk") {
			t.Fatalf("writes fail: readyz %d %s", resp.StatusCode, body)
		}
		if resp := send(h, "GET", "/healthz", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz %d: the process is alive", resp.StatusCode)
		}
	})
}

// TestLoginSaysHowToMakeTheFirstAdmin (#9.23): on a fresh installation the
// login page names the command that makes the first administrator; once
// there is one it does not.
func TestLoginSaysHowToMakeTheFirstAdmin(t *testing.T) {
	db := storetest.SQLite(t)
	srv := opsServer(t, db, web.Options{})
	h := srv.Handler()
	if body := readAll(send(h, "GET", "/login", nil)); !strings.Contains(body, "ketentest user create --admin") {
		t.Fatalf("fresh installation: login page does not say how to make the first administrator")
	}
	if _, err := srv.Accounts.Create(t.Context(), account.NewUser{Email: "u@example.org", Name: "U", Password: "long enough pw"}); err != nil {
		t.Fatal(err)
	}
	if body := readAll(send(h, "GET", "/login", nil)); !strings.Contains(body, "ketentest user create --admin") {
		t.Fatalf("users but no administrator: the hint is still needed")
	}
	if _, err := srv.Accounts.Create(t.Context(), account.NewUser{Email: "admin@example.org", Name: "Admin", Password: "long enough pw", IsAdmin: true}); err != nil {
		t.Fatal(err)
	}
	if body := readAll(send(h, "GET", "/login", nil)); strings.Contains(body, "first-admin") {
		t.Fatalf("with an administrator the login page still shows the first-administrator hint")
	}
}
