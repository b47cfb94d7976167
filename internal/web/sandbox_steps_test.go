package web_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// preStep matches a connection step on the participant page.
var preStep = regexp.MustCompile(`(?s)<pre [^>]*data-step="([a-z]+)"[^>]*>(.*?)</pre>`)

// pageSteps extracts the connection steps of the participant page as the
// browser shows them (entities decoded), by their data-step name.
func pageSteps(t *testing.T, body string) (map[string]string, []string) {
	t.Helper()
	steps := map[string]string{}
	var order []string
	for _, m := range preStep.FindAllStringSubmatch(body, -1) {
		steps[m[1]] = html.UnescapeString(m[2])
		order = append(order, m[1])
	}
	return steps, order
}

// runSh runs script as if pasted into a fresh POSIX shell with -eu (stop
// at the first failing command or unset variable) and only PATH set.
func runSh(t *testing.T, script string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed to run the participant page's steps and is not installed")
	}
	cmd := exec.CommandContext(t.Context(), "sh", "-eu")
	cmd.Stdin = strings.NewReader(script + "\n")
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// consentInBrowser does what the participant's browser does with the
// page's plain authorize URL: open it, choose the first test patient, give
// consent, and read the code from the redirect.
func consentInBrowser(t *testing.T, authorize, redirect string) string {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the browser URL answers %d: %.300s", resp.StatusCode, b)
	}
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(string(b), -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	pm := regexp.MustCompile(`name="patient" value="([^"]+)"`).FindStringSubmatch(string(b))
	if pm == nil {
		t.Fatalf("the chooser offers no patient: %.500s", b)
	}
	form.Set("patient", html.UnescapeString(pm[1]))
	form.Set("decision", "allow")
	u, _ := url.Parse(authorize)
	resp, err = noFollow.PostForm(u.Scheme+"://"+u.Host+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, redirect) {
		t.Fatalf("consent: %d → %q", resp.StatusCode, loc)
	}
	back, _ := url.Parse(loc)
	if back.Query().Get("state") != u.Query().Get("state") {
		t.Errorf("state %q came back as %q", u.Query().Get("state"), back.Query().Get("state"))
	}
	return back.Query().Get("code")
}

// TestParticipantPageStepsRun (#11 item 4): the connection steps on the
// participant page work as written. The browser step is a plain URL (no
// shell syntax) that opens the DVA's chooser; the shell steps, pasted in
// order into one sh -eu on a machine without uuidgen, redeem the code
// (after the participant pastes it where the page says), retrieve the
// Patient with HTTP 200, and refresh the token. A step run before the one
// that sets its variables says so instead of sending an empty token.
func TestParticipantPageStepsRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dvaTS := httptest.NewServer(nil)
		t.Cleanup(dvaTS.Close)
		e := newEnvWith(t, db, app.Options{SandboxURL: dvaTS.URL})
		ctx := t.Context()
		dossiers := dossier.NewStore(db)
		dva := sandbox.NewDVA(db, dossiers, sandbox.Options{BaseURL: dvaTS.URL})
		t.Cleanup(dva.Close)
		dvaTS.Config.Handler = dva

		did, err := dossiers.Create(ctx, e.hid, "Happy flow", "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		p, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_Stappen","given":["Sanne"]}],"birthDate":"1980-05-06"}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dossiers.AddVersion(ctx, did, "", []*fhir.Resource{p}); err != nil {
			t.Fatal(err)
		}
		var org int64
		if err := db.QueryRow(ctx, "SELECT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", e.hid, e.users["deelnemer"].ID).Scan(&org); err != nil {
			t.Fatal(err)
		}
		const redirect = "http://localhost:8000/callback?app=o'k"
		if err := sandbox.RegisterOwnedClient(ctx, db, sandbox.Client{ClientID: "stappen.pgo.example", RedirectURIs: []string{redirect}, HackathonID: e.hid},
			sandbox.Owner{UserID: e.users["deelnemer"].ID, OrganisationID: org}); err != nil {
			t.Fatal(err)
		}

		status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("/hackathons/%d/sandbox", e.hid), "", "")
		if status != http.StatusOK {
			t.Fatalf("participant page: %d", status)
		}
		if strings.Contains(body, "uuidgen") {
			t.Error("the page still uses uuidgen")
		}
		steps, order := pageSteps(t, body)
		if got := strings.Join(order, ","); got != "browser,token,search,refresh" {
			t.Fatalf("steps on the page: %q", got)
		}

		browser := steps["browser"]
		if strings.ContainsAny(browser, "$`(){} \n\"'") {
			t.Errorf("the browser URL holds shell syntax or spaces: %q", browser)
		}
		au, err := url.Parse(browser)
		if err != nil || au.Scheme+"://"+au.Host != dvaTS.URL || au.Path != "/oauth/authorize" {
			t.Fatalf("browser URL %q (%v)", browser, err)
		}
		corr := au.Query().Get("X-Correlation-ID")
		if corr == "" || !strings.Contains(steps["token"], "CORR='"+corr+"'") {
			t.Errorf("the token step does not carry the browser URL's X-Correlation-ID %q", corr)
		}

		// Out of order: the search step alone stops with the page's advice.
		out, err := runSh(t, steps["search"])
		if err == nil || !strings.Contains(out, "voer eerst stap 2 uit") || strings.Contains(out, "HTTP ") {
			t.Errorf("search before token: err %v, output %q", err, out)
		}
		// Without the code pasted, the token step gets no token.
		code := consentInBrowser(t, browser, "http://localhost:8000/callback")
		if code == "" {
			t.Fatal("no code")
		}
		out, err = runSh(t, steps["token"]+"\n"+`test -n "$TOKEN"`)
		if err == nil || !strings.Contains(out, "invalid_grant") {
			t.Errorf("the token step with the placeholder: err %v, output %q", err, out)
		}

		// The participant pastes the code on the line the page points at.
		var lines []string
		pasted := 0
		for _, l := range strings.Split(steps["token"], "\n") {
			if strings.HasPrefix(l, "CODE=") {
				l = "CODE='" + code + "'"
				pasted++
			}
			lines = append(lines, l)
		}
		if pasted != 1 {
			t.Fatalf("the token step has %d CODE= lines", pasted)
		}
		script := strings.Join([]string{strings.Join(lines, "\n"), steps["search"], steps["refresh"], steps["search"]}, "\n")
		out, err = runSh(t, script)
		if err != nil {
			t.Fatalf("the steps fail: %v\n%s", err, out)
		}
		if n := strings.Count(out, "\nHTTP 200\n"); n != 2 {
			t.Errorf("want two searches with HTTP 200, got %d:\n%s", n, out)
		}
		if !strings.Contains(out, `"resourceType":"Bundle"`) || !strings.Contains(out, "XXX_Stappen") {
			t.Errorf("the search returns no Bundle with the patient:\n%.2000s", out)
		}
		if strings.Count(out, `"access_token":`) != 2 || strings.Contains(out, "\nTOKEN=\n") {
			t.Errorf("the token and refresh steps did not both give a token:\n%.2000s", out)
		}
	})
}
