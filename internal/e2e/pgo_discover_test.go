package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

const immunizationCert = "../../../shared/fhir/testscripts/R4/Immunization-2-0/Cert/_reference/resources"

// TestPGODiscoverVaccinationsToFinding: a PGO developer fetches the
// reference DVA's ZAL on the reference PGO page, picks vaccinations (63),
// starts the run as against any DVA, consents, sees the R4 checks pass,
// logs a finding from the search exchange (through the log screen's
// script) and follows the finding's link back to the exchange.
func TestPGODiscoverVaccinationsToFinding(t *testing.T) {
	if _, err := os.Stat(immunizationCert); err != nil {
		t.Skipf("FHIR material not found at %s: %v", immunizationCert, err)
	}
	ctx := Browser(t)
	db := storetest.SQLite(t)
	bg := t.Context()
	rs, err := dossier.LoadDir(immunizationCert, fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	_, dvaURL, did := serveDVA(t, db, "Vaccinaties Cert", "63", fhir.R4, "Nictiz vaccination Cert fixtures", rs)
	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{SandboxURL: dvaURL})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	dev := newUser(t, srv, account.NewUser{Email: "dev@pgo.example", Name: "Dirk Developer"})
	h := newHackathon(t, srv, hackathon.Input{Code: "VAC", Name: "Vaccinatie-hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead.ID)
	dossierInHackathon(t, db, did, h.ID)
	org, err := srv.Hackathons.CreateOrganisation(bg, "Voorbeeld-PGO B.V.", "pgo")
	if err != nil {
		t.Fatal(err)
	}
	addMember(t, srv, h.ID, dev.ID, "deelnemer", org, lead.ID)
	hack := fmt.Sprintf("%s/hackathons/%d", ts.URL, h.ID)
	// The developer's own PGO registration at the DVA, with ketentest's callback.
	if err := sandbox.RegisterClient(bg, db, sandbox.Client{ClientID: "dev.pgo.example", HackathonID: h.ID,
		RedirectURIs: []string{hack + "/pgo/callback"}}); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, "log in as the PGO developer", login(ts.URL, "dev@pgo.example")...)
	do(t, ctx, "fetch the sandbox's ZAL (prefilled) with the GNL",
		chromedp.Navigate(hack+"/pgo"),
		chromedp.WaitVisible(css("#discover-fetch")),
		chromedp.Click(css("#discover-fetch")),
		chromedp.WaitVisible(css("#discovered")),
	)
	Screenshot(t, ctx, "pgo-discover-01-list")
	if list := text(t, ctx, "#discovered"); !strings.Contains(list, "Vaccinaties 1.0") || !strings.Contains(list, "Proactieve zorgplanning") {
		t.Fatalf("discovered list: %q", list)
	}
	do(t, ctx, "pick vaccinations",
		chromedp.Click(css(`#discovered button.pick[data-pick="3"]`)),
		chromedp.WaitVisible(css("#picked")),
	)
	for sel, want := range map[string]string{"#fhir_base": dvaURL + "/63/fhir", "#token_url": dvaURL + "/oauth/token", "#scope": "ketentest~63", "#service_id": "63"} {
		if v, err := chromedp.Run(ctx, chromedp.Value(css(sel))); err != nil || v != want {
			t.Errorf("%s = %q (%v), want %q", sel, v, err, want)
		}
	}
	do(t, ctx, "start the run with the developer's client_id",
		chromedp.SendKeys(css("#client_id"), "dev.pgo.example"),
		chromedp.Click(css("#run-start")),
		chromedp.WaitVisible(css(`input[name=patient]`)),
		chromedp.Click(css(fmt.Sprintf(`input[name=patient][value=%q]`, fmt.Sprintf("%d:nl-core-Patient--XXX-Boekwijt", did)))),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`button[value=allow]`)),
		chromedp.Click(css(`button[value=allow]`)),
		chromedp.WaitVisible(css("#run-status")),
	)
	Screenshot(t, ctx, "pgo-discover-02-run")
	st, err := chromedp.Run(ctx, chromedp.AttributeValue(css("#run-status"), "data-status"))
	if status := st.Value; err != nil || status != "passed" {
		t.Fatalf("run status %q: %s / %s", status, text(t, ctx, "#run-summary"), text(t, ctx, "#problems"))
	}
	if s := text(t, ctx, "#run-summary"); !strings.HasPrefix(s, "1 zoekvragen;") {
		t.Errorf("summary %q", s)
	}
	do(t, ctx, "open the Immunization search and log a finding from it",
		chromedp.Click(css(`#x-4 a`)),
		chromedp.WaitVisible(css("#log-finding")),
	)
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(css("#log-finding"), "href"))
	if err != nil || !strings.Contains(link.Value, "/findings/new?pgo_exchange_id=") {
		t.Fatalf("Bevinding loggen links to %q (%v)", link.Value, err)
	}
	do(t, ctx, "log the finding",
		chromedp.Click(css("#log-finding")),
		chromedp.WaitVisible(css("#pgo-exchange-link")),
		chromedp.SendKeys(css("#f-title"), "Immunization mist de locatie"),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#log-status a") && document.querySelector("#log-status a").textContent === "VAC-1"`),
		chromedp.Click(css("#log-status a")),
		chromedp.WaitVisible(css("#pgo-exchange-link")),
	)
	Screenshot(t, ctx, "pgo-discover-03-finding")
	do(t, ctx, "follow the finding's link to the exchange",
		chromedp.Click(css("#pgo-exchange-link")),
		chromedp.WaitVisible(css("#response-body")),
	)
	if b := text(t, ctx, "#response-body"); !strings.Contains(b, `"Immunization"`) {
		t.Errorf("exchange page body: %.200q", b)
	}
}
