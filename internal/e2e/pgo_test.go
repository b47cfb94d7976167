package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

const bgzCert = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert"

// TestPGOAgainstSandbox is the "done when" in the browser: a PGO
// developer opens the participant page, starts a run of the reference PGO
// against the sandbox, is sent to the reference DVA (on its own loopback
// listener, loaded with the BgZ Cert dossier), chooses the test patient and
// consents, comes back, and the run page shows all 28 searches with every
// check passing.
func TestPGOAgainstSandbox(t *testing.T) {
	if _, err := os.Stat(bgzCert); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout): %v", bgzCert, err)
	}
	ctx := Browser(t)
	db := storetest.SQLite(t)
	bg := t.Context()

	// The BgZ Cert dossier, stored as serve would have it.
	rs, err := dossier.LoadDir(filepath.Join(bgzCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	dva, dvaURL, did := serveDVA(t, db, "BgZ Cert", "48", fhir.STU3, "Nictiz BgZ Cert fixtures", rs)

	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{SandboxURL: dvaURL})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	dev := newUser(t, srv, account.NewUser{Email: "dev@pgo.example", Name: "Dirk Developer"})
	h := newHackathon(t, srv, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead.ID)
	dossierInHackathon(t, db, did, h.ID)
	org, err := srv.Hackathons.CreateOrganisation(bg, "Voorbeeld-PGO B.V.", "pgo")
	if err != nil {
		t.Fatal(err)
	}
	addMember(t, srv, h.ID, dev.ID, "deelnemer", org, lead.ID)
	logger := newUser(t, srv, account.NewUser{Email: "log@example.org", Name: "Lotte Logging"})
	addMember(t, srv, h.ID, logger.ID, "loggingteam", 0, lead.ID)
	hack := fmt.Sprintf("%s/hackathons/%d", ts.URL, h.ID)
	patientKey := fmt.Sprintf("%d:medmij-bgz-patient-ts-01", did)

	do(t, ctx, "log in as the PGO developer", login(ts.URL, "dev@pgo.example")...)
	do(t, ctx, "open the participant page", chromedp.Navigate(hack+"/sandbox"), chromedp.WaitVisible(css("#ep-authorize")))
	Screenshot(t, ctx, "pgo-01-participant-page")
	if got := text(t, ctx, "#ep-authorize"); got != dvaURL+"/oauth/authorize" {
		t.Fatalf("authorize endpoint on the participant page: %q", got)
	}
	if got := text(t, ctx, "#patients"); !strings.Contains(got, "XXX_") {
		t.Errorf("test patients on the participant page: %q", got)
	}
	do(t, ctx, "go to the reference PGO",
		chromedp.Click(css(`main a[href$="/pgo"]`)),
		chromedp.WaitVisible(css("#run-start")),
	)
	do(t, ctx, "start a run against the sandbox",
		chromedp.Click(css("#target-sandbox")),
		chromedp.SendKeys(css("#label"), "BgZ tegen de sandbox"),
		chromedp.Click(css("#run-start")),
		chromedp.WaitVisible(css(`input[name=patient]`)),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasPrefix(loc, dvaURL+"/oauth/authorize?") {
		t.Fatalf("after start: at %q (%v), want the DVA's authorize page", loc, err)
	}
	Screenshot(t, ctx, "pgo-02-dva-choose-patient")
	do(t, ctx, "choose the test patient",
		chromedp.Click(css(fmt.Sprintf(`input[name=patient][value=%q]`, patientKey))),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`button[value=allow]`)),
	)
	Screenshot(t, ctx, "pgo-03-dva-consent")
	do(t, ctx, "consent",
		chromedp.Click(css(`button[value=allow]`)),
		chromedp.WaitVisible(css("#run-status")),
	)
	Screenshot(t, ctx, "pgo-04-run")
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.HasPrefix(loc, hack+"/pgo/runs/") {
		t.Fatalf("after consent: at %q, want the run page", loc)
	}
	st, err := chromedp.Run(ctx, chromedp.AttributeValue(css("#run-status"), "data-status"))
	if err != nil {
		t.Fatal(err)
	}
	if status := st.Value; status != "passed" {
		t.Fatalf("run status %q: %s / %s", status, text(t, ctx, "#run-summary"), text(t, ctx, "#problems"))
	}
	if s := text(t, ctx, "#run-summary"); !strings.HasPrefix(s, "28 zoekvragen;") || !strings.Contains(s, "0 fouten, 0 waarschuwingen") {
		t.Errorf("summary %q", s)
	}
	if p := text(t, ctx, "#problems"); !strings.Contains(p, "Alle controles geslaagd") {
		t.Errorf("problems list %q", p)
	}
	fails, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#checks td.ck.fail, #checks td.ck.warn").length`))
	if err != nil {
		t.Fatal(err)
	}
	passes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#checks td.ck.pass").length`))
	if err != nil {
		t.Fatal(err)
	}
	if fails != 0 || passes < 28*16 {
		t.Errorf("check cells: %d failed, %d passed (want 0 and at least %d)", fails, passes, 28*16)
	}

	// Open the first search; it links to the DVA's record for a finding.
	dva.FlushTraffic()
	do(t, ctx, "open the Patient search",
		chromedp.Click(css(`#x-4 a`)),
		chromedp.WaitVisible(css("#log-finding")),
	)
	Screenshot(t, ctx, "pgo-05-exchange")
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(css("#log-finding"), "href"))
	if href := link.Value; err != nil || !strings.Contains(href, "/findings/new?exchange_id=") {
		t.Errorf("Bevinding loggen links to %q (%v)", href, err)
	}
	if b := text(t, ctx, "#response-body"); !strings.Contains(b, `"resourceType": "Bundle"`) || !strings.Contains(b, "medmij-bgz-patient-ts-01") {
		t.Errorf("response body shown: %.200q", b)
	}

	// The logging team finds the same requests in the DVA's traffic, filters
	// on the errors (none) and on the client, and opens one to log a finding.
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "log in as logging team", login(ts.URL, "log@example.org")...)
	do(t, ctx, "open the traffic", chromedp.Navigate(hack+"/sandbox/traffic"), chromedp.WaitVisible(css("#traffic")))
	Screenshot(t, ctx, "pgo-06-traffic")
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#traffic tbody a").length`))
	if err != nil || rows < 31 {
		t.Fatalf("traffic rows %d (%v), want at least the run's 31 requests to the DVA", rows, err)
	}
	do(t, ctx, "filter on 4xx",
		chromedp.SetValue(css(`#traffic-filter select[name=status]`), "4xx"),
		chromedp.Click(css(`#traffic-filter button`)),
		chromedp.WaitReady(css(`#traffic-filter option[value="4xx"][selected]`)),
	)
	if got := text(t, ctx, "#traffic tbody"); !strings.Contains(got, "Geen verkeer") {
		t.Errorf("4xx traffic of a passing run: %q", got)
	}
	do(t, ctx, "open a search",
		chromedp.Navigate(hack+"/sandbox/traffic?status=2xx"),
		chromedp.WaitVisible(css("#traffic")),
		chromedp.Click(css(`#traffic tbody tr:first-child a`)),
		chromedp.WaitVisible(css("#log-finding")),
	)
	Screenshot(t, ctx, "pgo-07-traffic-exchange")
	link, err = chromedp.Run(ctx, chromedp.AttributeValue(css("#log-finding"), "href"))
	if href := link.Value; err != nil || !strings.Contains(href, "/findings/new?exchange_id=") {
		t.Errorf("Bevinding loggen on the traffic page links to %q (%v)", href, err)
	}
	if h := text(t, ctx, "table.headers"); !strings.Contains(h, "Bearer [redacted]") {
		t.Errorf("request headers shown: %q", h)
	}
}
