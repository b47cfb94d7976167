package web_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const immunizationCert = "../../../shared/fhir/testscripts/R4/Immunization-2-0/Cert/_reference/resources"

const participantSecret = "deelnemer-geheim-Q7#x"

// participantDVA is a participant's DVA: a reference DVA over the Nictiz
// vaccination Cert fixtures on its own listener whose token endpoint
// demands client_secret_post, as a confidential-client DVA does. The
// reference PGO may reach it through KETENTEST_PGO_ALLOW_HOSTS.
func participantDVA(t *testing.T, db *store.DB) string {
	t.Helper()
	if _, err := os.Stat(immunizationCert); err != nil {
		t.Skipf("FHIR material not found at %s: %v", immunizationCert, err)
	}
	rs, err := dossier.LoadDir(immunizationCert, fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("Vaccinaties Cert", "", rs)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(nil)
	dva := sandbox.NewDVA(db, set, sandbox.Options{BaseURL: srv.URL, Provider: "deelnemer-dva"})
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/oauth/token" {
			r.ParseForm()
			if r.PostForm.Get("client_secret") != participantSecret {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"error":"invalid_client"}`)
				return
			}
			r.PostForm.Del("client_secret")
			enc := r.PostForm.Encode()
			r.Body, r.ContentLength, r.Form, r.PostForm = io.NopCloser(strings.NewReader(enc)), int64(len(enc)), nil, nil
		}
		dva.ServeHTTP(w, r)
	})
	t.Cleanup(func() { srv.Close(); dva.Close() })
	return srv.URL
}

var (
	pickRE     = regexp.MustCompile(`name="pick" value="(\d+)"><button type="submit" class="pick" data-pick="\d+">`)
	exchangeRE = regexp.MustCompile(`href="(/hackathons/\d+/pgo/runs/\d+/exchanges/(\d+))"`)
)

// TestPGOExternalRunToFinding is the participant's path end to end: pick
// the participant's DVA from its ZAL, run vaccinations against it with a
// client secret, open a search exchange, log a finding from it
// (?pgo_exchange_id=), and follow the finding's link back to the exchange.
// The secret appears in no page and no stored row.
func TestPGOExternalRunToFinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ext := participantDVA(t, db)
		u, _ := url.Parse(ext)
		e, _, _ := sandboxEnv(t, db, u.Host)
		base := fmt.Sprintf("/hackathons/%d", e.hid)
		callback := e.ts.URL + base + "/pgo/callback"
		const clientID = "pgo.deelnemer.test"
		if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: clientID, RedirectURIs: []string{callback}}); err != nil {
			t.Fatal(err)
		}
		var pages strings.Builder

		// Discovery: the ZAL lists the DVA's data services; pick vaccinations.
		status, body, _ := e.form("deelnemer", base+"/pgo/discover", url.Values{"zal_url": {ext + "/medmij/zal.xml"}, "gnl_url": {ext + "/medmij/gnl.xml"}, "q": {"63"}})
		pages.WriteString(body)
		picks := pickRE.FindAllStringSubmatch(body, -1)
		if status != 200 || len(picks) != 1 || !strings.Contains(body, "Vaccinaties 1.0") {
			t.Fatalf("discover: %d, %d picks", status, len(picks))
		}
		status, body, _ = e.form("deelnemer", base+"/pgo/discover", url.Values{"zal_url": {ext + "/medmij/zal.xml"}, "gnl_url": {ext + "/medmij/gnl.xml"}, "pick": {picks[0][1]}})
		pages.WriteString(body)
		for _, want := range []string{`id="picked"`, `value="` + ext + `/63/fhir"`, `value="` + ext + `/oauth/token"`, `value="deelnemer-dva~63"`,
			`<option value="63" selected>`, `value="external" id="target-external" checked`} {
			if !strings.Contains(body, want) {
				t.Errorf("picked form lacks %s", want)
			}
		}
		// A list the guard refuses is an error on the field.
		if status, body, _ := e.form("deelnemer", base+"/pgo/discover", url.Values{"zal_url": {"http://10.0.0.1/zal.xml"}}); status != 422 || !strings.Contains(body, "SSRF guard") {
			t.Errorf("guarded list: %d", status)
		}

		// The run, with the secret sent as client_secret_post.
		start := url.Values{"target": {"external"}, "service_id": {"63"}, "label": {"Deelnemer vaccinaties"},
			"authorize_url": {ext + "/oauth/authorize"}, "token_url": {ext + "/oauth/token"}, "fhir_base": {ext + "/63/fhir"},
			"client_id": {clientID}, "scope": {"deelnemer-dva~63"}, "auth_method": {pgoclient.AuthPost}}
		if status, body, _ := e.form("deelnemer", base+"/pgo/runs", start); status != 422 || !strings.Contains(body, "client secret is required") {
			t.Errorf("without a secret: %d", status)
		}
		start.Set("client_secret", participantSecret)
		status, body, _ = e.form("deelnemer", base+"/pgo/runs", start)
		pages.WriteString(body)
		m := continueRE.FindStringSubmatch(body)
		if status != 200 || m == nil {
			t.Fatalf("start: %d %s", status, body)
		}
		authURL, _ := url.Parse(html.UnescapeString(m[1]))
		form := authURL.Query()
		form.Set("patient", "nl-core-Patient--XXX-Boekwijt")
		form.Set("decision", "allow")
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := hc.PostForm(ext+"/oauth/authorize", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		back, _ := url.Parse(resp.Header.Get("Location"))
		status, _, hdr := e.do("deelnemer", "GET", back.RequestURI(), "", "")
		if status != http.StatusSeeOther {
			t.Fatalf("callback: %d (%s)", status, resp.Header.Get("Location"))
		}
		runPage := hdr.Get("Location")
		status, body, _ = e.do("deelnemer", "GET", runPage, "", "")
		pages.WriteString(body)
		if status != 200 || !strings.Contains(body, `data-status="passed"`) {
			t.Fatalf("run page: %d passed=%v", status, strings.Contains(body, `data-status="passed"`))
		}
		xs := exchangeRE.FindAllStringSubmatch(body, -1)
		if len(xs) < 4 {
			t.Fatalf("%d exchange links", len(xs))
		}
		search := xs[len(xs)-1] // the Immunization search
		status, body, _ = e.do("deelnemer", "GET", search[1], "", "")
		pages.WriteString(body)
		newFinding := fmt.Sprintf("%s/findings/new?pgo_exchange_id=%s", base, search[2])
		if status != 200 || !strings.Contains(body, `href="`+newFinding+`"`) || !strings.Contains(body, "Bevinding loggen") {
			t.Fatalf("exchange page %d lacks the finding link %s", status, newFinding)
		}

		// Link 1: the exchange → the new-finding form, which keeps it.
		status, body, _ = e.do("deelnemer", "GET", newFinding, "", "")
		byID := fmt.Sprintf("%s/pgo/exchanges/%s", base, search[2])
		if status != 200 || !strings.Contains(body, `name="pgo_exchange_id" value="`+search[2]+`"`) || !strings.Contains(body, `href="`+byID+`"`) {
			t.Fatalf("new finding form: %d", status)
		}
		key := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`).FindStringSubmatch(body)
		findingPage := e.logFinding("deelnemer", url.Values{"title": {"Immunization zonder performer-display"}, "pgo_exchange_id": {search[2]},
			"idempotency_key": {key[1]}, "severity": {"midden"}})

		// Link 2: the finding → the exchange page (through the id-only link).
		status, body, _ = e.do("deelnemer", "GET", findingPage, "", "")
		if status != 200 || !strings.Contains(body, `id="pgo-exchange-link" href="`+byID+`"`) {
			t.Fatalf("finding page: %d lacks the link %s", status, byID)
		}
		status, _, hdr = e.do("deelnemer", "GET", byID, "", "")
		if status != http.StatusSeeOther || hdr.Get("Location") != search[1] {
			t.Errorf("exchange by id: %d → %q, want %s", status, hdr.Get("Location"), search[1])
		}
		if status, _, _ := e.do("loggingteam", "GET", byID, "", ""); status != http.StatusSeeOther {
			t.Errorf("logging team on the exchange link: %d", status)
		}
		if status, _, _ := e.do("deelnemer", "GET", base+"/pgo/exchanges/999999", "", ""); status != 404 {
			t.Errorf("unknown exchange: %d", status)
		}
		// An exchange that is not of this hackathon is refused, nothing saved.
		status, body, _ = e.form("deelnemer", base+"/findings", url.Values{"title": {"Verkeerd"}, "pgo_exchange_id": {"999999"}, "idempotency_key": {"k-bad"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "reference PGO exchange") {
			t.Errorf("bad pgo_exchange_id: %d", status)
		}

		// The secret: in no page, no stored row.
		if strings.Contains(pages.String(), participantSecret) {
			t.Error("a page shows the client secret")
		}
		for _, table := range []string{"pgo_runs", "pgo_exchanges", "sandbox_traffic", "sandbox_bodies", "findings"} {
			rows, err := db.Query(t.Context(), "SELECT * FROM "+table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				rows.Scan(ptrs...)
				if s := fmt.Sprintf("%s", vals); strings.Contains(s, participantSecret) || strings.Contains(s, url.QueryEscape(participantSecret)) {
					t.Errorf("%s keeps the client secret", table)
				}
			}
			rows.Close()
		}
	})
}

// TestPGOStartServiceAndAuth: the data service chosen on the form decides
// the sandbox's resource endpoint and scope; bad choices are refused on
// their field, and a refused form never shows the secret again.
func TestPGOStartServiceAndAuth(t *testing.T) {
	db := storetest.SQLite(t)
	e, dvaURL, _ := sandboxEnv(t, db)
	path := fmt.Sprintf("/hackathons/%d/pgo/runs", e.hid)
	ext := url.Values{"target": {"external"}, "authorize_url": {"https://d.example/a"}, "token_url": {"https://d.example/t"},
		"fhir_base": {"https://d.example/fhir"}, "client_id": {"x"}, "scope": {"a~63"}, "service_id": {"63"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, vs := range ext {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, tc := range []struct {
		v    url.Values
		want string
	}{
		{with("service_id", "99"), "Kies een gegevensdienst"},
		{with("auth_method", "none", "client_secret", "geheim-123"), "choose client_secret_basic or client_secret_post"},
		{with("auth_method", "client_secret_basic"), "client secret is required"},
		{with("auth_method", "private_key_jwt", "client_secret", "geheim-123"), "unknown client authentication"},
	} {
		status, body, _ := e.form("deelnemer", path, tc.v)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%v: %d, want 422 naming %q", tc.v, status, tc.want)
		}
		if strings.Contains(body, "geheim-123") {
			t.Errorf("%v: the refused form shows the secret", tc.v)
		}
	}
	status, body, _ := e.form("deelnemer", path, url.Values{"target": {"sandbox"}, "service_id": {"pzp"}})
	if m := continueRE.FindStringSubmatch(body); status != 200 || m == nil || !strings.Contains(html.UnescapeString(m[1]), "scope=ketentest~pzp") &&
		!strings.Contains(html.UnescapeString(m[1]), "scope=ketentest%7Epzp") {
		t.Fatalf("sandbox pzp run: %d", status)
	}
	var base, svc string
	if err := db.QueryRow(t.Context(), "SELECT fhir_base, service_id FROM pgo_runs").Scan(&base, &svc); err != nil || base != dvaURL+"/pzp/fhir" || svc != "pzp" {
		t.Errorf("stored run: %q %q %v", base, svc, err)
	}
}
