package e2e

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/web"
)

// The helpers every browser test shares: serving the platform, making the
// accounts and hackathon a story needs, and logging in and out.

func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(m.Run())
}

type css = chromedp.CSS

// password is the password of every account the browser tests make.
const password = "long enough pw"

// serve starts the platform on db behind a test HTTP server, closed when
// the test ends.
func serve(t *testing.T, db *store.DB, opts web.Options) (*web.Server, *httptest.Server) {
	t.Helper()
	return serveWith(t, db, opts, app.Options{})
}

// serveWith is serve with the services built from o, as serve builds them
// from its configuration; the base URL is the test server's own and files
// go to a temporary directory.
func serveWith(t *testing.T, db *store.DB, opts web.Options, o app.Options) (*web.Server, *httptest.Server) {
	t.Helper()
	ts := httptest.NewServer(nil)
	t.Cleanup(ts.Close)
	o.BaseURL = ts.URL
	if o.DataDir == "" {
		o.DataDir = t.TempDir()
	}
	a := app.New(db, o)
	t.Cleanup(a.Close)
	srv := web.New(a, opts)
	ts.Config.Handler = srv.Handler()
	return srv, ts
}

// newUser makes an account that logs in with password.
func newUser(t *testing.T, srv *web.Server, u account.NewUser) *account.User {
	t.Helper()
	u.Password = password
	made, err := srv.Accounts.Create(context.Background(), u)
	if err != nil {
		t.Fatalf("create user %s: %v", u.Email, err)
	}
	return made
}

// newHackathon makes a hackathon led by lead.
func newHackathon(t *testing.T, srv *web.Server, in hackathon.Input, lead int64) *hackathon.Hackathon {
	t.Helper()
	h, err := srv.Hackathons.Create(context.Background(), in, lead)
	if err != nil {
		t.Fatalf("create hackathon %s: %v", in.Code, err)
	}
	return h
}

// addMember gives user a role in the hackathon (for an organisation, or 0).
func addMember(t *testing.T, srv *web.Server, hid, user int64, role string, org, by int64) {
	t.Helper()
	if err := srv.Hackathons.AddMember(context.Background(), hid, user, role, org, by); err != nil {
		t.Fatalf("add member %d as %s: %v", user, role, err)
	}
}

// login logs in on the login page with an account the test made.
func login(base, email string) []chromedp.Action[chromedp.Void] {
	return loginWith(base, email, password)
}

// loginWith logs in on the login page with the given password.
func loginWith(base, email, pw string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email),
		chromedp.SendKeys(css("#password"), pw),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(`header form[action="/logout"]`)),
	}
}

// logout presses the header's log-out button and waits for the login form.
func logout() []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Click(css(`header form[action="/logout"] button`)),
		chromedp.WaitVisible(css("#email")),
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		Screenshot(t, ctx, "failed")
		t.Fatalf("%s: %v", what, err)
	}
}

// serveDVA stores rs as a dossier of data service svc and serves the
// reference DVA on its own loopback listener, as serve does with
// --sandbox-addr; serveWith's app.Options.SandboxURL names it for the pages.
// It returns the DVA, its base URL and the dossier id.
func serveDVA(t *testing.T, db *store.DB, name, svc string, v fhir.Version, note string, rs []*fhir.Resource) (*sandbox.DVA, string, int64) {
	t.Helper()
	dossiers := dossier.NewStore(db)
	did, err := dossiers.Create(t.Context(), 0, name, svc, v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dossiers.AddVersion(t.Context(), did, note, rs); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dvaURL := "http://" + ln.Addr().String()
	dva := sandbox.NewDVA(db, dossiers, sandbox.Options{BaseURL: dvaURL})
	dvaSrv := &http.Server{Handler: dva}
	go dvaSrv.Serve(ln)
	t.Cleanup(func() { dvaSrv.Close(); dva.Close() })
	return dva, dvaURL, did
}

// dossierInHackathon moves a dossier served by serveDVA into hackathon hid:
// the DVA offers a client only the test patients of its own hackathon.
func dossierInHackathon(t *testing.T, db *store.DB, did, hid int64) {
	t.Helper()
	if _, err := db.Exec(t.Context(), "UPDATE dossiers SET hackathon_id = ? WHERE id = ?", hid, did); err != nil {
		t.Fatal(err)
	}
}
