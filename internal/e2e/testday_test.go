package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// fakeDVA answers /fhir/metadata with a CapabilityStatement (or 404 when
// broken) and the OAuth endpoints with 400, as a DVA does to a bare call.
func fakeDVA(t *testing.T, broken bool) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/fhir/metadata", func(w http.ResponseWriter, r *http.Request) {
		if broken {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"resourceType":"CapabilityStatement"}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadRequest) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s.URL
}

// TestTestDayStory takes three demo participants through the snelcheck —
// one DVA fails an automated check and gets a no-go, the PGO joins at its
// own risk — tells each its own result (5B only after the last), generates
// rounds on two days and the table layout, records results (one filled
// from a reference PGO run), logs a finding from a failed step, and shows
// the matrix with day 1 and day 2.
func TestTestDayStory(t *testing.T) {
	good, bad := fakeDVA(t, false), fakeDVA(t, true)
	hosts := []string{}
	for _, u := range []string{good, bad} {
		pu, _ := url.Parse(u)
		hosts = append(hosts, pu.Host)
	}
	t.Setenv("KETENTEST_PGO_ALLOW_HOSTS", strings.Join(hosts, ","))
	ctx := BrowserFor(t, 240*time.Second) // a long story: eight people, two days
	db := storetest.SQLite(t)
	bg := context.Background()
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	users := map[string]*account.User{}
	for _, n := range []string{"lead", "tech", "test", "rel", "event", "pgo"} {
		users[n] = newUser(t, srv, account.NewUser{Email: n + "@example.org", Name: "User " + n, CanCreateHackathon: n == "lead"})
	}
	h := newHackathon(t, srv, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 15), Days: []date.Date{date.New(2027, 3, 10), date.New(2027, 4, 7)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, users["lead"].ID)
	if _, err := srv.Hackathons.RecordDecision(bg, h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, users["lead"].ID); err != nil {
		t.Fatal(err)
	}
	for role, n := range map[string]string{"technisch": "tech", "test": "test", "relatiemanager": "rel", "eventplanner": "event"} {
		addMember(t, srv, h.ID, users[n].ID, role, 0, users["lead"].ID)
	}
	orgs := map[string]int64{}
	for _, o := range [][3]string{{"GezondApp", "pgo", "pgo@gezondapp.example"}, {"Oost DVA", "dva", "dva@oost.example"}, {"Wankel DVA", "dva", "dva@wankel.example"}} {
		id, err := srv.Hackathons.CreateOrganisation(bg, o[0], o[1])
		if err != nil {
			t.Fatal(err)
		}
		orgs[o[0]] = id
		if _, err := db.Exec(bg, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, ?, ?, ?, ?, 'nl', 'confirmed', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, h.ID, id, o[1], "Contact "+o[0], o[2], "h-"+o[2]); err != nil {
			t.Fatal(err)
		}
	}
	addMember(t, srv, h.ID, users["pgo"].ID, "deelnemer", orgs["GezondApp"], users["lead"].ID)
	milestone := func(code string) string {
		var st string
		db.QueryRow(bg, "SELECT status FROM milestones WHERE hackathon_id = ? AND code = ?", h.ID, code).Scan(&st)
		return st
	}
	sc := fmt.Sprintf("%s/hackathons/%d/snelcheck", ts.URL, h.ID)

	do(t, ctx, "technical coordinator draws up and establishes the snelcheck", append(login(ts.URL, "tech@example.org"),
		chromedp.Navigate(sc+"/lists"), chromedp.WaitVisible(css("#sc-draw-up")), chromedp.Click(css("#sc-draw-up")),
		chromedp.WaitVisible(css("#sc-establish")), chromedp.Click(css("#sc-establish")))...)
	// The drawn-up page shows a flash already: wait for the establishing
	// itself before leaving the page, or the navigation aborts its POST.
	for i := 0; milestone("2G") != "gereed"; i++ {
		if i == 100 {
			t.Fatalf("2G: %s", milestone("2G"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	do(t, ctx, "technical coordinator applies the snelcheck",
		chromedp.Navigate(sc), chromedp.WaitVisible(css("#sc-apply-all")), chromedp.Click(css("#sc-apply-all")), chromedp.WaitVisible(css(".flash")))
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "project leader fixes the final participant list", append(login(ts.URL, "lead@example.org"),
		chromedp.Navigate(sc), chromedp.WaitVisible(css("#sc-final-list")), chromedp.Click(css("#sc-final-list")), chromedp.WaitVisible(css(".flash")))...)
	if got := text(t, ctx, "#sc-final-list-state"); milestone("3B") != "gereed" || !strings.Contains(got, "3 organisaties") {
		t.Fatalf("3B %s: %q", milestone("3B"), got)
	}
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "technical coordinator again", login(ts.URL, "tech@example.org")...)
	for name, ep := range map[string]string{"Oost DVA": good + "/fhir", "Wankel DVA": bad + "/fhir"} {
		do(t, ctx, "endpoint of "+name,
			chromedp.Navigate(fmt.Sprintf("%s/participants/%d", sc, orgs[name])), chromedp.WaitVisible(css("#endpoint")),
			chromedp.SendKeys(css("#endpoint"), ep), chromedp.Submit(css("#endpoint")), chromedp.WaitVisible(css(".flash")))
	}
	do(t, ctx, "run the automated checks", chromedp.Navigate(sc), chromedp.WaitVisible(css("#sc-run-all")), chromedp.Click(css("#sc-run-all")), chromedp.WaitVisible(css(".flash")))
	Screenshot(t, ctx, "testday-01-matrix")
	if row := text(t, ctx, fmt.Sprintf("#sc-row-%d", orgs["Wankel DVA"])); !strings.Contains(row, "niet gehaald") {
		t.Fatalf("the broken DVA fails nothing: %q", row)
	}
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "participant ticks a self-declaration", append(login(ts.URL, "pgo@example.org"),
		chromedp.Navigate(sc+"/mine"), chromedp.WaitVisible(css("form[id^=sc-declare-] input[name=evidence_url]")),
		chromedp.SendKeys(css("form[id^=sc-declare-] input[name=evidence_url]"), "https://gezondapp.example/verklaring.pdf"),
		chromedp.Submit(css("form[id^=sc-declare-] input[name=evidence_url]")), chromedp.WaitVisible(css(".flash")))...)
	do(t, ctx, "log out", logout()...)
	Screenshot(t, ctx, "testday-02-mine")

	do(t, ctx, "log in as test coordinator", login(ts.URL, "test@example.org")...)
	for name, out := range map[string]string{"Wankel DVA": "no_go", "GezondApp": "eigen_risico", "Oost DVA": "go"} {
		do(t, ctx, "decide "+name,
			chromedp.Navigate(fmt.Sprintf("%s/participants/%d", sc, orgs[name])), chromedp.WaitVisible(css("#outcome-"+out)),
			chromedp.Click(css("#outcome-"+out)), chromedp.SendKeys(css("#reason"), "Besluit na de snelcheck"),
			chromedp.Click(css("#sc-decide-submit")), chromedp.WaitVisible(css(".flash")))
	}
	if milestone("5A") != "gereed" {
		t.Fatalf("5A: %s", milestone("5A"))
	}
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "log in as relationship manager", login(ts.URL, "rel@example.org")...)
	for _, name := range []string{"Wankel DVA", "GezondApp", "Oost DVA"} {
		if got := milestone("5B"); got == "gereed" {
			t.Fatalf("5B done before %s was told", name)
		}
		do(t, ctx, "tell "+name,
			chromedp.Navigate(fmt.Sprintf("%s/participants/%d", sc, orgs[name])), chromedp.WaitVisible(css("#sc-notify")),
			chromedp.Click(css("#sc-notify")), chromedp.WaitVisible(css(".flash")))
	}
	if milestone("5B") != "gereed" {
		t.Fatalf("5B after everyone was told: %s", milestone("5B"))
	}
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "test coordinator changes GezondApp's decision after it was told", append(login(ts.URL, "test@example.org"),
		chromedp.Navigate(fmt.Sprintf("%s/participants/%d", sc, orgs["GezondApp"])), chromedp.WaitVisible(css("#outcome-go")),
		chromedp.Click(css("#outcome-go")), chromedp.SendKeys(css("#reason"), "Certificaat vernieuwd"),
		chromedp.Click(css("#sc-decide-submit")), chromedp.WaitVisible(css(".flash")))...)
	if milestone("5B") != "open" {
		t.Fatalf("5B after a decision changed behind a told participant: %s", milestone("5B"))
	}
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "relationship manager tells GezondApp again", append(login(ts.URL, "rel@example.org"),
		chromedp.Navigate(fmt.Sprintf("%s/participants/%d", sc, orgs["GezondApp"])), chromedp.WaitVisible(css("#sc-notify")),
		chromedp.Click(css("#sc-notify")), chromedp.WaitVisible(css(".flash")))...)
	if milestone("5B") != "gereed" {
		t.Fatalf("5B after telling GezondApp again: %s", milestone("5B"))
	}
	do(t, ctx, "log out", logout()...)

	rounds := fmt.Sprintf("%s/hackathons/%d/rounds", ts.URL, h.ID)
	do(t, ctx, "log in as test coordinator again", login(ts.URL, "test@example.org")...)
	for _, d := range []string{"1", "2"} {
		do(t, ctx, "round on day "+d,
			chromedp.Navigate(rounds), chromedp.WaitVisible(css("#start")),
			chromedp.SetValue(css("#day_number"), d), chromedp.SetValue(css("#start"), "10:00"), chromedp.SetValue(css("#end"), "11:00"),
			chromedp.Click(css("#round-add")), chromedp.WaitVisible(css(".flash")))
	}
	do(t, ctx, "open the rounds", chromedp.Navigate(rounds), chromedp.WaitVisible(css("#rounds-generate")))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#rounds-generate").removeAttribute("data-confirm") === undefined`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "generate and publish",
		chromedp.Click(css("#rounds-generate")), chromedp.WaitVisible(css("#rounds-generated")),
		chromedp.Click(css("#rounds-publish")), chromedp.WaitVisible(css("#layout-tables")))
	if milestone("4A") != "gereed" || milestone("2S") != "gereed" {
		t.Fatalf("2S/4A: %s %s", milestone("2S"), milestone("4A"))
	}
	do(t, ctx, "table 1 gets six seats and no power point",
		chromedp.WaitVisible(css("#table-1 input[name=seats]")), chromedp.SetValue(css("#table-1 input[name=seats]"), "6"),
		chromedp.Click(css("#table-1 input[name=power]")), chromedp.Submit(css("#table-1 input[name=seats]")))
	// The published layout shows a flash already: wait for the save itself.
	for i, seats := 0, 0; seats != 6; i++ {
		if i == 100 {
			t.Fatalf("table 1 has %d seats after the edit", seats)
		}
		time.Sleep(100 * time.Millisecond)
		db.QueryRow(bg, "SELECT seats FROM testday_tables WHERE hackathon_id = ? AND table_no = 1", h.ID).Scan(&seats)
	}
	do(t, ctx, "the layout after the edit", chromedp.Navigate(rounds+"/layout"), chromedp.WaitVisible(css("#layout-tables")))
	Screenshot(t, ctx, "testday-03-layout")
	if row := text(t, ctx, "#layout-tables tbody tr"); !strings.Contains(row, "6") || !strings.Contains(row, "nee") {
		t.Fatalf("printed layout after the edit: %q", row)
	}
	scen := fmt.Sprintf("%s/hackathons/%d/scenarios", ts.URL, h.ID)
	// A real test dossier of the data service, version 2.
	did, err := db.Insert(bg, "INSERT INTO dossiers (hackathon_id, name, service_id, fhir_version, created_at) VALUES (?, 'Happy flow BgZ', '48', 'STU3', CURRENT_TIMESTAMP)", h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 2; v++ {
		if _, err := db.Exec(bg, "INSERT INTO dossier_versions (dossier_id, version, created_at, resource_count) VALUES (?, ?, CURRENT_TIMESTAMP, 31)", did, v); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, "scenario from the blueprint uses a dossier version, reviewed and final",
		chromedp.Navigate(scen), chromedp.WaitVisible(css("#scenario-template")), chromedp.Click(css("#scenario-template")),
		chromedp.WaitVisible(css("#scenario-list a")), chromedp.Click(css("#scenario-list a")),
		chromedp.WaitVisible(css("#scenario-dossier-form input[type=checkbox]")), chromedp.Click(css("#scenario-dossier-form input[type=checkbox]")),
		chromedp.Click(css("#scenario-dossiers-save")), chromedp.WaitVisible(css("#scenario-dossiers")),
		chromedp.WaitVisible(css("#reviewers")), chromedp.SendKeys(css("#reviewers"), "Nictiz"), chromedp.Click(css("#scenario-reviewed")),
		chromedp.WaitVisible(css("#scenario-final")), chromedp.Click(css("#scenario-final")), chromedp.WaitVisible(css("#scenario-version")))
	Screenshot(t, ctx, "testday-06-scenario")
	if got := text(t, ctx, "#scenario-dossiers"); !strings.Contains(got, "Happy flow BgZ") || !strings.Contains(got, "Versie 2") {
		t.Fatalf("scenario page does not show the dossier version: %q", got)
	}
	do(t, ctx, "re-run the snelcheck for the extra day",
		chromedp.Navigate(rounds), chromedp.WaitVisible(css("#day-rerun-2")), chromedp.Click(css("#day-rerun-2")), chromedp.WaitVisible(css(".flash")),
		chromedp.WaitVisible(css("#extra-day-2 .run-passed")))
	Screenshot(t, ctx, "testday-07-extra-day")
	if milestone("7A") != "gereed" {
		t.Fatalf("7A after preparing day 2: %s", milestone("7A"))
	}
	var pair1, round1 int64
	var start time.Time
	db.QueryRow(bg, `SELECT p.id, r.id, r.starts_at FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id WHERE p.hackathon_id = ? AND r.day_number = 1`, h.ID).Scan(&pair1, &round1, &start)
	// A reference PGO run against Oost DVA during round 1.
	if _, err := db.Exec(bg, `INSERT INTO pgo_runs (hackathon_id, target, service_id, authorize_url, token_url, fhir_base, client_id, redirect_uri, scope, state_hash, binding_hash, correlation_id, status, searches, failed_checks, created_at)
		VALUES (?, 'external', '48', 'a', 't', ?, 'c', 'r', 's', 'sh-e2e', 'bh', 'corr', 'passed', 28, 0, ?)`, h.ID, good+"/fhir", start.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// GezondApp's own OAuth run and searches on the sandbox during day 2's round.
	var pair2 int64
	var start2 time.Time
	db.QueryRow(bg, `SELECT p.id, r.starts_at FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id WHERE p.hackathon_id = ? AND r.day_number = 2`, h.ID).Scan(&pair2, &start2)
	if _, err := db.Exec(bg, "INSERT INTO sandbox_clients (client_id, name, redirect_uris, hackathon_id, organisation_id, created_at) VALUES ('gezondapp', 'GezondApp', 'https://app.example/cb', ?, ?, CURRENT_TIMESTAMP)",
		h.ID, orgs["GezondApp"]); err != nil {
		t.Fatal(err)
	}
	hdr := `{"Medmij-Request-Id":["8c3f2a4e-2b1d-4c55-9a77-3e0b6f1d2c10"],"X-Correlation-Id":["e2e"]}`
	for i, x := range [][2]string{{"POST", "/oauth/token"}, {"GET", "/fhir/48/Patient"}, {"GET", "/fhir/48/AllergyIntolerance"}} {
		if _, err := db.Exec(bg, "INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us, request_headers) VALUES (?, 'gezondapp', ?, ?, 200, 900, ?)",
			start2.Add(time.Duration(5+i)*time.Minute), x[0], x[1], hdr); err != nil {
			t.Fatal(err)
		}
	}
	res := fmt.Sprintf("%s/hackathons/%d/results", ts.URL, h.ID)
	do(t, ctx, "fill from the reference run and the sandbox traffic",
		chromedp.Navigate(res), chromedp.WaitVisible(css("#results-autofill")), chromedp.Click(css("#results-autofill")), chromedp.WaitVisible(css(".flash")))
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "participant records a failed step and logs a finding", append(login(ts.URL, "pgo@example.org"),
		chromedp.Navigate(fmt.Sprintf("%s/pairs/%d", res, pair1)), chromedp.WaitVisible(css("tr#step-3 select[name=outcome]")),
		chromedp.SetValue(css("tr#step-3 select[name=outcome]"), "gefaald"),
		chromedp.SendKeys(css("tr#step-3 input[name=note]"), "B overschrijft de allergieën van A"),
		chromedp.Submit(css("tr#step-3 input[name=note]")), chromedp.WaitVisible(css("tr#step-3 a.log-finding")),
		chromedp.Click(css("tr#step-3 a.log-finding")), chromedp.WaitVisible(css("#f-title")),
		chromedp.SendKeys(css("#f-title"), "Tweede ophaalactie overschrijft allergieën"),
		chromedp.Click(css("#save")), chromedp.Sleep(500*time.Millisecond))...)
	var fRound, fStep int64
	if err := db.QueryRow(bg, "SELECT COALESCE(test_round_id, 0), COALESCE(scenario_step_id, 0) FROM findings WHERE hackathon_id = ?", h.ID).Scan(&fRound, &fStep); err != nil || fRound != round1 || fStep != 3 {
		t.Fatalf("finding from the failed step: round %d step %d %v", fRound, fStep, err)
	}
	shot := filepath.Join(t.TempDir(), "overzicht.png")
	if err := os.WriteFile(shot, screenshotPNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "the pair page links the finding; a screenshot is added as evidence",
		chromedp.Navigate(fmt.Sprintf("%s/pairs/%d", res, pair1)), chromedp.WaitVisible(css("tr#step-3 a.finding-link")),
		chromedp.SetUploadFiles(css("tr#step-3 .screenshot-form input[type=file]"), []string{shot}),
		chromedp.Submit(css("tr#step-3 .screenshot-form input[type=file]")), chromedp.WaitVisible(css("tr#step-3 img.thumb")))
	Screenshot(t, ctx, "testday-04-pair")
	if auto := text(t, ctx, "tr#step-1"); !strings.Contains(auto, "automatisch") || !strings.Contains(auto, "geslaagd") {
		t.Errorf("step 1 not filled from the run: %q", auto)
	}
	do(t, ctx, "day 2's pair was filled from GezondApp's sandbox traffic",
		chromedp.Navigate(fmt.Sprintf("%s/pairs/%d", res, pair2)), chromedp.WaitVisible(css("tr#step-1 a.traffic-link")))
	Screenshot(t, ctx, "testday-08-pair-day2")
	if got := text(t, ctx, "tr#step-1"); !strings.Contains(got, "automatisch") || !strings.Contains(got, "Uitwisseling") {
		t.Errorf("day 2 step 1 not filled from the sandbox traffic: %q", got)
	}
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "the matrix shows day 1 beside day 2", append(login(ts.URL, "test@example.org"),
		chromedp.Navigate(res), chromedp.WaitVisible(css("#results-day-1")), chromedp.WaitVisible(css("#results-day-2")), chromedp.WaitVisible(css("#results-xlsx")))...)
	Screenshot(t, ctx, "testday-05-results")
}

// screenshotPNG is a small picture of a PGO's overview: a few grey bars.
func screenshotPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 160; x++ {
			c := color.RGBA{250, 250, 250, 255}
			if y%20 > 4 && y%20 < 12 && x > 10 && x < 40+y {
				c = color.RGBA{90, 110, 140, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
