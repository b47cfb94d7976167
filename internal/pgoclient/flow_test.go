package pgoclient_test

import (
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const bgzCert = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert"

const (
	clientID = "pgo.ketentest.test"
	redirect = "http://127.0.0.1:9/hackathons/1/pgo/callback"
	patient  = "medmij-bgz-patient-ts-01"
)

// serveDVA starts the reference DVA over the BgZ Cert dossier on its own
// loopback listener, as serve does with KETENTEST_SANDBOX_ADDR.
func serveDVA(t *testing.T, db *store.DB) (string, *sandbox.DVA) {
	t.Helper()
	if _, err := os.Stat(bgzCert); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout): %v", bgzCert, err)
	}
	rs, err := dossier.LoadDir(filepath.Join(bgzCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("BgZ Cert", "", rs)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	dva := sandbox.NewDVA(db, set, sandbox.Options{BaseURL: base})
	srv := &http.Server{Handler: dva}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); dva.Close() })
	if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: clientID, Name: "ketentest", RedirectURIs: []string{redirect}}); err != nil {
		t.Fatal(err)
	}
	return base, dva
}

func newHackathon(t *testing.T, db *store.DB) (int64, int64) {
	t.Helper()
	ctx := t.Context()
	accts := account.NewService(db)
	accts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := accts.Create(ctx, account.NewUser{Email: "lead@example.org", Name: "Lead", Password: "long enough pw", CanCreateHackathon: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "PGO", Name: "PGO-test", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return h.ID, u.ID
}

// browser follows the DVA's front channel as a user would: choose the
// test patient, allow, and return the redirect back to the PGO.
func browser(t *testing.T, authorizeURL, choose, decision string) *url.URL {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), choose) {
		t.Fatalf("authorize page: %d %s", resp.StatusCode, page)
	}
	au, _ := url.Parse(authorizeURL)
	form := au.Query()
	form.Set("patient", choose)
	post := func() *http.Response {
		resp, err := hc.PostForm(au.Scheme+"://"+au.Host+"/oauth/authorize", form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post(); resp.StatusCode != 200 {
		t.Fatalf("consent page: %d", resp.StatusCode)
	}
	form.Set("decision", decision)
	resp = post()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("decision: %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), redirect+"?") {
		t.Fatalf("redirect back: %q", resp.Header.Get("Location"))
	}
	return loc
}

func sandboxTarget(base string) pgoclient.Target {
	return pgoclient.Target{Kind: pgoclient.TargetSandbox, ServiceID: "48", AuthorizeURL: base + "/oauth/authorize",
		TokenURL: base + "/oauth/token", FHIRBase: base + "/fhir", ClientID: clientID, RedirectURI: redirect, Scope: "ketentest~48"}
}

// TestRunAgainstReferenceDVA is the done-when of the issue without a
// browser: the reference PGO goes through the whole OAuth flow against the
// reference DVA over HTTP and all 28 BgZ searches pass every check.
func TestRunAgainstReferenceDVA(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		base, dva := serveDVA(t, db)
		hid, uid := newHackathon(t, db)
		var pol pgoclient.Policy
		pol.AllowURL(base) // ketentest's own sandbox
		st := pgoclient.NewStore(db)
		c := pgoclient.New(st, &pol)
		ctx := t.Context()
		run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: sandboxTarget(base)}
		authURL, err := c.Begin(ctx, run, "session-secret")
		if err != nil {
			t.Fatal(err)
		}
		au, _ := url.Parse(authURL)
		q := au.Query()
		for _, k := range []string{"state", "MedMij-Request-ID", "X-Correlation-ID", "redirect_uri", "scope", "client_id"} {
			if q.Get(k) == "" {
				t.Errorf("authorize URL lacks %s: %s", k, authURL)
			}
		}
		back := browser(t, authURL, patient, "allow")
		if back.Query().Get("state") != q.Get("state") {
			t.Fatalf("state not returned")
		}
		if _, err := st.ByState(ctx, hid, back.Query().Get("state"), "another session"); err != pgoclient.ErrNotFound {
			t.Fatalf("callback from another session: %v, want not found", err)
		}
		got, err := st.ByState(ctx, hid, back.Query().Get("state"), "session-secret")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Complete(ctx, got, back.String(), back.Query()); err != nil {
			t.Fatal(err)
		}
		if err := c.Complete(ctx, got, back.String(), back.Query()); err == nil {
			t.Error("a replayed callback was accepted")
		}
		run, err = st.Get(ctx, hid, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != pgoclient.StatusPassed || run.Searches != 28 || run.FailedChecks != 0 || run.Warnings != 0 {
			t.Errorf("run: status %s, %d searches, %d failed, %d warnings; %s", run.Status, run.Searches, run.FailedChecks, run.Warnings, run.Error)
		}
		xs, err := st.Exchanges(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) != 31 { // authorize, callback, token, 28 searches
			t.Fatalf("%d exchanges, want 31", len(xs))
		}
		for _, x := range xs {
			if strings.Contains(x.URL, q.Get("state")) || strings.Contains(x.URL, back.Query().Get("code")) {
				t.Errorf("exchange %d keeps the state or code: %s", x.Seq, x.URL)
			}
			if a := x.RequestHeaders.Get("Authorization"); a != "" && a != "Bearer [redacted]" {
				t.Errorf("exchange %d keeps the Authorization header: %q", x.Seq, a)
			}
			if x.Step == "token" && (strings.Contains(x.ResponseBody, `"access_token":"kt`) || !strings.Contains(x.ResponseBody, "[redacted]")) {
				t.Errorf("token response not redacted: %s", x.ResponseBody)
			}
			if x.Step != "search" {
				continue
			}
			if x.Status != 200 || x.RequestHeaders.Get("MedMij-Request-ID") == "" || x.RequestHeaders.Get("X-Correlation-ID") != run.CorrelationID {
				t.Errorf("search %s: %d, headers %v", x.Name, x.Status, x.RequestHeaders)
			}
			if len(x.Checks) != len(pgoclient.SearchChecks) {
				t.Errorf("search %s: %d checks", x.Name, len(x.Checks))
			}
			for _, ck := range x.Checks {
				if !ck.Pass {
					t.Errorf("search %s: check %s failed: %v", x.Name, ck.Check, ck.Messages)
				}
			}
			if !strings.Contains(x.ResponseBody, `"searchset"`) {
				t.Errorf("search %s: body not kept", x.Name)
			}
		}
		// The DVA recorded the same searches, attributed to the client.
		traffic, err := dva.Traffic(ctx, clientID, 100)
		if err != nil {
			t.Fatal(err)
		}
		fhirCalls := 0
		for _, e := range traffic {
			if strings.HasPrefix(e.Path, "/fhir/") && e.RequestID != "" && e.CorrelationID == run.CorrelationID {
				fhirCalls++
			}
		}
		if fhirCalls != 28 {
			t.Errorf("DVA recorded %d FHIR requests with the run's correlation id, want 28", fhirCalls)
		}
	})
}

// TestRunDenied: a patient who refuses consent ends the run with the
// DVA's error, and no token is requested.
func TestRunDenied(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		base, _ := serveDVA(t, db)
		hid, uid := newHackathon(t, db)
		var pol pgoclient.Policy
		pol.AllowURL(base)
		st := pgoclient.NewStore(db)
		c := pgoclient.New(st, &pol)
		run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: sandboxTarget(base)}
		authURL, err := c.Begin(t.Context(), run, "b")
		if err != nil {
			t.Fatal(err)
		}
		back := browser(t, authURL, patient, "deny")
		if err := c.Complete(t.Context(), run, back.String(), back.Query()); err == nil || !strings.Contains(err.Error(), "access_denied") {
			t.Fatalf("denied run: %v", err)
		}
		got, _ := st.Get(t.Context(), hid, run.ID)
		if got.Status != pgoclient.StatusError || !strings.Contains(got.Error, "access_denied") {
			t.Errorf("run %s %q", got.Status, got.Error)
		}
		xs, _ := st.Exchanges(t.Context(), run.ID)
		if len(xs) != 2 {
			t.Errorf("%d exchanges after a refusal, want 2 (authorize, callback)", len(xs))
		}
	})
}

// TestRunRefusedByGuard: the same DVA on loopback, not allowed: the token
// request is refused at dial time and recorded as such.
func TestRunRefusedByGuard(t *testing.T) {
	db := storetest.SQLite(t)
	base, _ := serveDVA(t, db)
	hid, uid := newHackathon(t, db)
	st := pgoclient.NewStore(db)
	c := pgoclient.New(st, &pgoclient.Policy{})
	tgt := sandboxTarget(base)
	tgt.Kind = pgoclient.TargetExternal
	run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: tgt}
	authURL, err := c.Begin(t.Context(), run, "b")
	if err != nil {
		t.Fatal(err)
	}
	back := browser(t, authURL, patient, "allow")
	err = c.Complete(t.Context(), run, back.String(), back.Query())
	if err == nil || !strings.Contains(err.Error(), "SSRF guard") {
		t.Fatalf("loopback token endpoint: %v, want refused by the SSRF guard", err)
	}
}

// TestRunOverTLS: over https the evidence names the TLS version, cipher
// suite and the DVA certificate's subject.
func TestRunOverTLS(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := os.Stat(bgzCert); err != nil {
		t.Skipf("FHIR material not found at %s: %v", bgzCert, err)
	}
	rs, err := dossier.LoadDir(filepath.Join(bgzCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := dossier.NewSet("BgZ Cert", "", rs)
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	defer srv.Close()
	dva := sandbox.NewDVA(db, set, sandbox.Options{BaseURL: srv.URL})
	defer dva.Close()
	srv.Config.Handler = dva
	if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: clientID, RedirectURIs: []string{redirect}}); err != nil {
		t.Fatal(err)
	}
	hid, uid := newHackathon(t, db)
	pol := pgoclient.Policy{RootCAs: x509.NewCertPool()}
	pol.RootCAs.AddCert(srv.Certificate())
	pol.AllowURL(srv.URL)
	st := pgoclient.NewStore(db)
	c := pgoclient.New(st, &pol)
	run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: sandboxTarget(srv.URL)}
	authURL, err := c.Begin(t.Context(), run, "b")
	if err != nil {
		t.Fatal(err)
	}
	// The browser part, over TLS.
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	au, _ := url.Parse(authURL)
	form := au.Query()
	form.Set("patient", patient)
	form.Set("decision", "allow")
	resp, err := hc.PostForm(srv.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	if err := c.Complete(t.Context(), run, back.String(), back.Query()); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Get(t.Context(), hid, run.ID)
	if got.Status != pgoclient.StatusPassed {
		t.Errorf("run over TLS: %s %s", got.Status, got.Error)
	}
	xs, _ := st.Exchanges(t.Context(), run.ID)
	x := xs[len(xs)-1]
	if x.TLSVersion != "TLS 1.3" || x.TLSCipher == "" || !strings.Contains(x.TLSPeer, "O=Acme Co") {
		t.Errorf("TLS evidence: %q %q %q", x.TLSVersion, x.TLSCipher, x.TLSPeer)
	}
	// Without trusting the certificate the token request fails, and says why.
	c2 := pgoclient.New(st, &pgoclient.Policy{Allow: pol.Allow})
	run2 := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: sandboxTarget(srv.URL)}
	authURL, _ = c2.Begin(t.Context(), run2, "b")
	au, _ = url.Parse(authURL)
	form = au.Query()
	form.Set("patient", patient)
	form.Set("decision", "allow")
	resp, err = hc.PostForm(srv.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ = url.Parse(resp.Header.Get("Location"))
	if err := c2.Complete(t.Context(), run2, back.String(), back.Query()); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}
}
