package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

// SandboxAddr is the default of --demo-sandbox-addr: where `serve --demo`
// starts the reference DVA when no sandbox is configured.
const SandboxAddr = "127.0.0.1:8443"

// GezondappClient is the sandbox OAuth client the demo PGO organisation
// Gezondapp BV registered for itself.
const GezondappClient = "pgo.gezondapp.example"

const gezondappRedirect = "https://pgo.gezondapp.example/medmij/callback"

// handlerTransport serves requests with an in-process handler, so the
// demo can drive the reference DVA without a listener.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	in.Host, in.RequestURI, in.RemoteAddr = req.URL.Host, req.URL.RequestURI(), "127.0.0.1:50443"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// loadSandbox registers Gezondapp's own sandbox client and records the
// traffic of a few retrievals: by Gezondapp's PGO (including its
// mistakes) and two runs of ketentest's reference PGO.
func loadSandbox(ctx context.Context, db *store.DB, hid int64, users map[string]*account.User, now time.Time, o Options) error {
	hs := hackathon.NewService(db)
	gezondapp, err := hs.CreateOrganisation(ctx, orgGezondapp, "pgo")
	if err != nil {
		return err
	}
	daan := users["deelnemer"]
	if err := sandbox.RegisterOwnedClient(ctx, db, sandbox.Client{ClientID: GezondappClient, Name: "Gezondapp (testomgeving)",
		RedirectURIs: []string{gezondappRedirect, "http://localhost:3000/medmij/callback"}, HackathonID: hid},
		sandbox.Owner{UserID: daan.ID, OrganisationID: gezondapp}); err != nil {
		return err
	}
	seen, err := sandbox.Traffic(ctx, db, GezondappClient, 1)
	if err != nil || len(seen) > 0 {
		return err
	}
	base := o.SandboxURL
	dva := sandbox.NewDVA(db, dossier.NewStore(db), sandbox.Options{BaseURL: base})
	defer dva.Close() // writes the buffered traffic
	hc := &http.Client{Transport: handlerTransport{dva}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	patients, err := bgzPatients(ctx, db, hid)
	if err != nil {
		return err
	}
	if err := gezondappSession(ctx, hc, base, patients[0]); err != nil {
		return fmt.Errorf("gezondapp traffic: %w", err)
	}
	st := pgoclient.NewStore(db)
	if runs, err := st.List(ctx, hid, 0, 1); err != nil || len(runs) > 0 {
		return err
	}
	c := pgoclient.New(st, &pgoclient.Policy{})
	c.HTTP = hc
	clientID := fmt.Sprintf("referentie-pgo-h%d%s", hid, sandbox.ReservedClientSuffix) // as the PGO page registers it
	callback := o.BaseURL + fmt.Sprintf("/hackathons/%d/pgo/callback", hid)
	if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: clientID, Name: "ketentest referentie-PGO",
		RedirectURIs: []string{callback}, HackathonID: hid}); err != nil {
		return err
	}
	target := pgoclient.Target{Kind: pgoclient.TargetSandbox, ServiceID: "48", AuthorizeURL: base + "/oauth/authorize",
		TokenURL: base + "/oauth/token", FHIRBase: base + "/48/fhir", ClientID: clientID, RedirectURI: callback, Scope: "ketentest~48"}
	for _, r := range []struct {
		by       string
		label    string
		patient  dossier.PatientInfo
		decision string
	}{
		{"logging", "Referentie-DVA: volledige BgZ van " + patients[0].Name, patients[0], "allow"},
		{"deelnemer", "Toestemming geweigerd (foutpad)", patients[len(patients)-1], "deny"},
		{"test", "Referentie-DVA: controle na update testdossiers", patients[len(patients)-1], "allow"},
	} {
		t := target
		t.Label = r.label
		run := &pgoclient.Run{HackathonID: hid, CreatedBy: users[r.by].ID, Target: t}
		authURL, err := c.Begin(ctx, run, "demo")
		if err != nil {
			return err
		}
		back, err := authorize(ctx, hc, authURL, r.patient.Key, r.decision)
		if err != nil {
			return err
		}
		// A refused consent ends the run with the DVA's error, as it should.
		if err := c.Complete(ctx, run, back.String(), back.Query()); err != nil && r.decision == "allow" {
			return fmt.Errorf("reference PGO run: %w", err)
		}
	}
	return nil
}

// bgzPatients are the demo hackathon's test patients of data service 48.
func bgzPatients(ctx context.Context, db *store.DB, hid int64) ([]dossier.PatientInfo, error) {
	all, err := dossier.NewStore(db).Patients(ctx)
	if err != nil {
		return nil, err
	}
	var out []dossier.PatientInfo
	for _, p := range all {
		if p.HackathonID == hid && p.ServiceID == "48" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no BgZ test patients in the demo dossiers")
	}
	return out, nil
}

// authorize plays the user at the DVA's front channel: open the authorize
// page, choose the test patient, decide, and return where the DVA sends
// the browser back to.
func authorize(ctx context.Context, hc *http.Client, authURL, patientKey, decision string) (*url.URL, error) {
	resp, err := get(ctx, hc, authURL, "")
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("authorize page: HTTP %d", resp.StatusCode)
	}
	au, err := url.Parse(authURL)
	if err != nil {
		return nil, err
	}
	form := au.Query()
	form.Set("patient", patientKey)
	post := func() (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, au.Scheme+"://"+au.Host+"/oauth/authorize", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return do(hc, req)
	}
	if resp, err := post(); err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("consent page: %v %v", err, status(resp))
	}
	form.Set("decision", decision)
	resp, err = post()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("consent decision: HTTP %d", resp.StatusCode)
	}
	return url.Parse(resp.Header.Get("Location"))
}

func status(r *http.Response) any {
	if r == nil {
		return "no response"
	}
	return r.StatusCode
}

func do(hc *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

func get(ctx context.Context, hc *http.Client, u, bearer string, correlation ...string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
		req.Header.Set("Accept", "application/fhir+json")
		req.Header.Set("MedMij-Request-ID", pgoclient.NewUUID())
	}
	for _, c := range correlation {
		req.Header.Set("X-Correlation-ID", c)
	}
	return do(hc, req)
}

// gezondappSession is Gezondapp's PGO testing against the sandbox: one
// good retrieval, a reused authorization code, an expired-looking token
// and a search for a resource the BgZ does not serve.
func gezondappSession(ctx context.Context, hc *http.Client, base string, p dossier.PatientInfo) error {
	corr := pgoclient.NewUUID()
	q := url.Values{"response_type": {"code"}, "client_id": {GezondappClient}, "redirect_uri": {gezondappRedirect},
		"scope": {"ketentest~48"}, "state": {"gezondapp-demo"},
		"MedMij-Request-ID": {pgoclient.NewUUID()}, "X-Correlation-ID": {corr}}
	back, err := authorize(ctx, hc, base+"/oauth/authorize?"+q.Encode(), p.Key, "allow")
	if err != nil {
		return err
	}
	code := back.Query().Get("code")
	if code == "" {
		return fmt.Errorf("no code in %s", back.Redacted())
	}
	token := func() (string, int, error) {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {gezondappRedirect}, "client_id": {GezondappClient}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("MedMij-Request-ID", pgoclient.NewUUID())
		req.Header.Set("X-Correlation-ID", corr)
		resp, err := hc.Do(req)
		if err != nil {
			return "", 0, err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		tok, _ := pgoclient.CheckTokenResponse(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), body)
		if tok == nil {
			return "", resp.StatusCode, nil
		}
		return tok.AccessToken, resp.StatusCode, nil
	}
	access, st, err := token()
	if err != nil || access == "" {
		return fmt.Errorf("token: HTTP %d %v", st, err)
	}
	for i, s := range pgoclient.Services["48"].Searches {
		if i >= 10 {
			break
		}
		if _, err := get(ctx, hc, base+"/48/fhir"+s.Path(), access, corr); err != nil {
			return err
		}
	}
	if _, _, err := token(); err != nil { // the code again: the DVA must refuse it
		return err
	}
	if _, err := get(ctx, hc, base+"/48/fhir/Patient", "verlopen-token-uit-de-cache", corr); err != nil {
		return err
	}
	_, err = get(ctx, hc, base+"/48/fhir/Immunization?patient="+url.QueryEscape(p.ID), access, corr)
	return err
}
