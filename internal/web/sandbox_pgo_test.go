package web_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// sandboxEnv is a server whose reference DVA runs on its own listener over
// one synthetic test patient.
// allowHosts are further non-public hosts the reference PGO may call.
func sandboxEnv(t *testing.T, db *store.DB, allowHosts ...string) (*env, string, *sandbox.DVA) {
	t.Helper()
	p, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p1","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]},
		"name":[{"family":"XXX_Testpersoon","given":["Anna"]}],"birthDate":"1970-01-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("Synthetisch", "", []*fhir.Resource{p})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(nil)
	e := newEnvWith(t, db, app.Options{SandboxURL: srv.URL, PGOAllowHosts: strings.Join(allowHosts, ",")})
	dva := sandbox.NewDVA(db, sandboxtest.InHackathon(e.hid, set), sandbox.Options{BaseURL: srv.URL})
	srv.Config.Handler = dva
	t.Cleanup(func() { srv.Close(); dva.Close() })
	return e, srv.URL, dva
}

func TestParticipantPageGuide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dvaURL, _ := sandboxEnv(t, db)
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		status, body, _ := e.do("deelnemer", "GET", page, "", "")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		for _, want := range []string{dvaURL + "/oauth/authorize", dvaURL + "/oauth/token", dvaURL + "/48/fhir", "ketentest~48",
			"MedMij-Request-ID", "X-Correlation-ID", "curl -sS -X POST &#39;" + dvaURL + "/oauth/token&#39;", "grant_type=refresh_token",
			"GET " + dvaURL + "/48/fhir/Observation/$lastn?code=http://loinc.org|85354-9", dvaURL + "/63/fhir", "ketentest~63", dvaURL + "/medmij/zal.xml", `id="client-form"`} {
			if !strings.Contains(body, want) {
				t.Errorf("participant page lacks %q", want)
			}
		}
		// Self-service registration of a client.
		post := func(who string, v url.Values) (int, string) {
			status, body, _ := e.form(who, page+"/clients", v)
			return status, body
		}
		ok := url.Values{"client_id": {"PGO.Example.nl"}, "name": {"Voorbeeld-PGO <b>"}, "redirect_uris": {"https://pgo.example.nl/cb\r\n\r\nhttp://localhost:8000/cb"}}
		if status, body := post("deelnemer", ok); status != http.StatusSeeOther {
			t.Fatalf("register: %d %s", status, body)
		}
		_, body, _ = e.do("deelnemer", "GET", page, "", "")
		for _, want := range []string{"<code>pgo.example.nl</code>", "Voorbeeld-PGO &lt;b&gt;", "<code>https://pgo.example.nl/cb</code>", "<code>http://localhost:8000/cb</code>"} {
			if !strings.Contains(body, want) {
				t.Errorf("after registering, page lacks %q", want)
			}
		}
		for _, tc := range []struct {
			v     url.Values
			field string
			msg   string
		}{
			{url.Values{"client_id": {"not a host"}, "redirect_uris": {"https://x.example/cb"}}, "client_id", "hostname"},
			{url.Values{"client_id": {"x.example"}, "redirect_uris": {"http://x.example/cb"}}, "redirect_uris", "https"},
			{url.Values{"client_id": {"x.example"}, "redirect_uris": {""}}, "redirect_uris", "at least one"},
			{url.Values{"client_id": {"referentie-pgo-h1.ketentest"}, "redirect_uris": {"https://x.example/cb"}}, "client_id", "reserved"},
		} {
			status, body := post("deelnemer", tc.v)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.msg) {
				t.Errorf("register %v: %d, want 422 naming %q", tc.v, status, tc.msg)
			}
		}
		// Someone else's client cannot be taken over by a participant.
		if err := sandbox.RegisterOwnedClient(t.Context(), db, sandbox.Client{ClientID: "other.example", RedirectURIs: []string{"https://other.example/cb"},
			HackathonID: e.hid}, sandbox.Owner{UserID: e.users["admin"].ID, Manager: true}); err != nil {
			t.Fatal(err)
		}
		if status, body := post("deelnemer", url.Values{"client_id": {"other.example"}, "redirect_uris": {"https://evil.example/cb"}}); status != 422 ||
			!strings.Contains(body, "someone else") {
			t.Errorf("takeover: %d", status)
		}
		clients, _ := sandbox.HackathonClients(t.Context(), db, e.hid)
		for _, c := range clients {
			if c.ClientID == "other.example" && c.RedirectURIs[0] != "https://other.example/cb" {
				t.Errorf("takeover changed the redirect URIs: %v", c.RedirectURIs)
			}
		}
	})
}

var continueRE = regexp.MustCompile(`id="continue" data-continue href="([^"]+)"`)

// TestPGORunAndTrafficPages runs the reference PGO against the sandbox
// through the web pages (the browser's part played by hand), then reads
// the run page and the DVA's traffic as the logging team.
func TestPGORunAndTrafficPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dvaURL, dva := sandboxEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d", e.hid)
		status, body, _ := e.form("deelnemer", base+"/pgo/runs", url.Values{"target": {"sandbox"}, "label": {"Eerste run"}})
		m := continueRE.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil || !strings.HasPrefix(html.UnescapeString(m[1]), dvaURL+"/oauth/authorize?") {
			t.Fatalf("start: %d %s", status, body)
		}
		authURL, _ := url.Parse(html.UnescapeString(m[1]))
		form := authURL.Query()
		if form.Get("redirect_uri") != e.ts.URL+base+"/pgo/callback" || form.Get("client_id") != fmt.Sprintf("referentie-pgo-h%d.ketentest", e.hid) {
			t.Fatalf("authorize query %v", form)
		}
		form.Set("patient", "p1")
		form.Set("decision", "allow")
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := hc.PostForm(dvaURL+"/oauth/authorize", form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		back, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || back.Query().Get("code") == "" {
			t.Fatalf("allow: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// Another user's session cannot complete this run.
		if status, _, _ := e.do("loggingteam", "GET", back.RequestURI(), "", ""); status != http.StatusBadRequest {
			t.Errorf("callback from another user: %d, want 400", status)
		}
		status, _, hdr := e.do("deelnemer", "GET", back.RequestURI(), "", "")
		if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), base+"/pgo/runs/") {
			t.Fatalf("callback: %d %s", status, hdr.Get("Location"))
		}
		runPage := hdr.Get("Location")
		status, body, _ = e.do("deelnemer", "GET", runPage, "", "")
		if status != 200 || !strings.Contains(body, `data-status="`) {
			t.Fatalf("run page: %d", status)
		}
		// One patient with only a Patient: every search answers 200 and the
		// content checks pass; the page has a row per exchange.
		if !strings.Contains(body, `data-status="passed"`) || strings.Count(body, `<tr id="x-`) != 31 {
			t.Errorf("run page: passed? %v, %d rows", strings.Contains(body, `data-status="passed"`), strings.Count(body, `<tr id="x-`))
		}
		if strings.Contains(body, back.Query().Get("code")) || strings.Contains(body, back.Query().Get("state")) {
			t.Error("the run page shows the code or state")
		}
		// Someone without traffic.view and not the runner does not see it; the logging team does.
		if status, _, _ := e.do("loggingteam", "GET", runPage, "", ""); status != 200 {
			t.Errorf("logging team on the run page: %d", status)
		}
		// A run of someone else is not shown to a participant.
		other := &pgoclient.Run{HackathonID: e.hid, CreatedBy: e.users["test"].ID, Target: pgoclient.Target{Kind: pgoclient.TargetExternal,
			Label: "Run van een ander", ServiceID: "48", AuthorizeURL: "https://dva.example/a", TokenURL: "https://dva.example/t",
			FHIRBase: "https://dva.example/fhir", ClientID: "x", Scope: "x~48", RedirectURI: "https://k.example/cb"}}
		if err := pgoclient.NewStore(db).Create(t.Context(), other, "state", "binding", time.Now()); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/pgo/runs/%d", base, other.ID), "", ""); status != 404 {
			t.Errorf("participant on someone else's run: %d, want 404", status)
		}
		if _, list, _ := e.do("deelnemer", "GET", base+"/pgo", "", ""); strings.Contains(list, "Run van een ander") || !strings.Contains(list, "Eerste run") {
			t.Error("participant's run list shows others' runs or lacks their own")
		}
		if _, list, _ := e.do("loggingteam", "GET", base+"/pgo", "", ""); !strings.Contains(list, "Run van een ander") {
			t.Error("logging team's run list lacks a run")
		}
		// Traffic: the DVA recorded the run's requests for this hackathon.
		dva.FlushTraffic()
		status, body, _ = e.do("loggingteam", "GET", base+"/sandbox/traffic", "", "")
		if status != 200 || strings.Count(body, base+"/sandbox/traffic/") < 29 {
			t.Fatalf("traffic list: %d, %d links", status, strings.Count(body, base+"/sandbox/traffic/"))
		}
		// The browser's authorize requests only named the client: listed, marked unproven.
		if !strings.Contains(body, `class="attention unproven"`) || strings.Count(body, `class="attention unproven"`) >= strings.Count(body, base+"/sandbox/traffic/") {
			t.Errorf("traffic list: %d of %d exchanges marked unproven, want the authorize requests only",
				strings.Count(body, `class="attention unproven"`), strings.Count(body, base+"/sandbox/traffic/"))
		}
		status, body, _ = e.do("loggingteam", "GET", base+"/sandbox/traffic?status=4xx", "", "")
		if status != 200 || !strings.Contains(body, "traffic.none") && !strings.Contains(body, "Geen verkeer") {
			t.Errorf("4xx filter: %d", status)
		}
		own := fmt.Sprintf("referentie-pgo-h%d.ketentest", e.hid)
		if _, body, _ := e.do("loggingteam", "GET", base+"/sandbox/traffic?client="+own, "", ""); strings.Count(body, "<code>"+own+"</code>") < 29 {
			t.Errorf("client filter: %d rows of %s", strings.Count(body, "<code>"+own+"</code>"), own)
		}
		if _, body, _ := e.do("loggingteam", "GET", base+"/sandbox/traffic?client=nobody.example", "", ""); strings.Contains(body, "<code>"+own+"</code>") {
			t.Error("client filter for another client shows this client's traffic")
		}
		if status, _, _ := e.do("loggingteam", "GET", base+"/sandbox/traffic?status=abc", "", ""); status != 400 {
			t.Errorf("bad status filter: %d, want 400", status)
		}
		entries, err := sandbox.HackathonTraffic(t.Context(), db, sandbox.TrafficFilter{HackathonID: e.hid, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var tokenX, searchX int64
		for _, en := range entries {
			switch {
			case en.Path == "/oauth/token":
				tokenX = en.ID
			case strings.HasPrefix(en.Path, "/48/fhir/Patient?"):
				searchX = en.ID
			}
		}
		if tokenX == 0 || searchX == 0 {
			t.Fatalf("token %d / search %d exchange not recorded", tokenX, searchX)
		}
		status, body, _ = e.do("loggingteam", "GET", fmt.Sprintf("%s/sandbox/traffic/%d", base, tokenX), "", "")
		if status != 200 || strings.Contains(body, back.Query().Get("code")) || !strings.Contains(body, "[redacted]") || !strings.Contains(body, `&#34;token_type&#34;: &#34;Bearer&#34;`) {
			t.Errorf("token exchange page: %d, redacted %v", status, strings.Contains(body, "[redacted]"))
		}
		status, body, _ = e.do("loggingteam", "GET", fmt.Sprintf("%s/sandbox/traffic/%d", base, searchX), "", "")
		for _, want := range []string{fmt.Sprintf(`href="%s/findings/new?exchange_id=%d"`, base, searchX), "Bevinding loggen", "Bearer [redacted]",
			`&#34;resourceType&#34;: &#34;Bundle&#34;`, "XXX_Testpersoon"} {
			if !strings.Contains(body, want) {
				t.Errorf("search exchange page lacks %q", want)
			}
		}
		if status, _, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/sandbox/traffic/%d", base, searchX), "", ""); status != 403 {
			t.Errorf("participant on the traffic viewer: %d, want 403", status)
		}
	})
}

func TestPGORunStartValidation(t *testing.T) {
	db := storetest.SQLite(t)
	e, _, _ := sandboxEnv(t, db)
	path := fmt.Sprintf("/hackathons/%d/pgo/runs", e.hid)
	for _, tc := range []struct {
		v    url.Values
		want string
	}{
		{url.Values{"target": {"external"}, "authorize_url": {"javascript:alert(1)"}, "token_url": {"https://d.example/t"}, "fhir_base": {"https://d.example/fhir"}, "client_id": {"x"}, "scope": {"a~48"}}, "https://"},
		{url.Values{"target": {"external"}, "authorize_url": {"https://d.example/a"}, "token_url": {"file:///etc/passwd"}, "fhir_base": {"https://d.example/fhir"}, "client_id": {"x"}, "scope": {"a~48"}}, "https://"},
		{url.Values{"target": {"external"}, "authorize_url": {"https://d.example/a"}, "token_url": {"https://d.example/t"}, "fhir_base": {"https://u:p@d.example/fhir"}, "client_id": {"x"}, "scope": {"a~48"}}, "user name"},
		{url.Values{"target": {"external"}, "authorize_url": {"https://d.example/a"}, "token_url": {"https://d.example/t"}, "fhir_base": {"https://d.example/fhir"}, "scope": {"a~48"}}, "client_id is required"},
		{url.Values{"target": {"mars"}}, "Kies de referentie-DVA"},
	} {
		status, body, _ := e.form("deelnemer", path, tc.v)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%v: %d, want 422 naming %q", tc.v, status, tc.want)
		}
	}
	runs, _ := e.db.Query(t.Context(), "SELECT COUNT(*) FROM pgo_runs")
	defer runs.Close()
	var n int
	for runs.Next() {
		runs.Scan(&n)
	}
	if n != 0 {
		t.Errorf("%d runs stored from invalid input", n)
	}
}
