package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// runSteps runs shell steps as a participant pastes them into one fresh
// POSIX shell (sh -eu: stop at the first failure or unset variable).
func runSteps(t *testing.T, script string) (string, error) {
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

// openLinkWith navigates to the href of the first link under sel whose text
// holds want.
func openLinkWith(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const a = [...document.querySelectorAll(%q)].find(a => a.textContent.includes(%q)); return a ? a.href : ""; })()`, sel+" a", want)))
	if err != nil || href == "" {
		Screenshot(t, ctx, "failed")
		t.Fatalf("no link %q under %s (%v)", want, sel, err)
	}
	return href
}

// TestStoryWalk is the done-when walk of issue #11, in one browser: a new
// hackathon is made on the form (its kick-off two weeks away: nothing is
// late), registration opened, a person registers, the organiser reads the
// confirmation in Berichten (no SMTP) and passes its link on, accounts are
// made and the invitation read in Berichten, a test dossier is uploaded,
// the participant registers a client and connects with the participant
// page's own steps (browser URL in the browser, shell steps in sh), logs a
// finding, the triage team assigns it to the participant's organisation,
// the participant follows it up, and the organiser opens the handover.
func TestStoryWalk(t *testing.T) {
	ctx := BrowserFor(t, 4*time.Minute)
	db := storetest.SQLite(t)
	bg := context.Background()
	start := time.Now()
	defer func() { t.Logf("the walk took %s", time.Since(start).Round(time.Second)) }()

	// The reference DVA on its own listener, as serve runs it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dvaURL := "http://" + ln.Addr().String()
	dva := sandbox.NewDVA(db, dossier.NewStore(db), sandbox.Options{BaseURL: dvaURL})
	dvaSrv := &http.Server{Handler: dva}
	go dvaSrv.Serve(ln)
	t.Cleanup(func() { dvaSrv.Close(); dva.Close() })
	// The participant's own PGO: its callback only says the code arrived.
	cbLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	callback := fmt.Sprintf("http://localhost:%d/callback", cbLn.Addr().(*net.TCPAddr).Port)
	cbSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>PGO Noord</title><h1 id="cb">PGO Noord: code ontvangen</h1>`)
	})}
	go cbSrv.Serve(cbLn)
	t.Cleanup(func() { cbSrv.Close() })

	// Mail goes out through a test SMTP server: the organiser reads the
	// confirmation in Berichten, but a set-password link is never shown
	// there (comms keeps it apart), so the participant takes it from the
	// invitation mail.
	smtpSrv := commstest.Start(t)
	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{SandboxURL: dvaURL,
		SMTP: comms.Config{Addr: smtpSrv.Addr, From: "hackathon@ketentest.example"}})
	mailer := srv.App.Mailer
	if mailer == nil {
		t.Fatal("no mail worker with an SMTP server configured")
	}
	mailer.Runner.Poll = 100 * time.Millisecond
	wctx, stopWorker := context.WithCancel(context.Background())
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); mailer.Run(wctx) }()
	defer func() { stopWorker(); <-workerDone }()
	newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Lotte Lead", CanCreateHackathon: true})
	triage := newUser(t, srv, account.NewUser{Email: "triage@example.org", Name: "Tim Triage"})
	today := date.Of(time.Now())
	kickoff, day1 := today.AddDays(14), today.AddDays(30)

	// 1. A new hackathon on the form.
	do(t, ctx, "log in as the project lead", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "make a hackathon",
		chromedp.Navigate(ts.URL+"/hackathons/new"),
		chromedp.WaitVisible(css("#name")),
		chromedp.SendKeys(css("#name"), "BgZ-hackathon Noord"),
		chromedp.SendKeys(css("#code"), "NOORD"),
		chromedp.SetValue(css("#variant"), "technisch"),
		chromedp.SendKeys(css("#location"), "Groningen"),
		chromedp.SetValue(css("#kickoff_date"), kickoff.String()),
		chromedp.SetValue(css("#day_1"), day1.String()),
		chromedp.SetValue(css(`input[name=service_id_1]`), "48"),
		chromedp.SetValue(css(`input[name=service_name_1]`), "Basisgegevensset Zorg"),
		chromedp.SetValue(css(`select[name=service_fhir_1]`), "STU3"),
		chromedp.Submit(css("#name")),
		chromedp.WaitVisible(css("#timeline-h")),
	)
	Screenshot(t, ctx, "walk-01-new-hackathon")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	var hid int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(loc, ts.URL), "/hackathons/%d", &hid); err != nil || hid == 0 {
		t.Fatalf("after creating: %s", loc)
	}
	hack := fmt.Sprintf("%s/hackathons/%d", ts.URL, hid)
	if main := text(t, ctx, "main"); strings.Contains(main, "te laat") || !strings.Contains(main, "vooruit gepland") {
		t.Errorf("a hackathon made today: late milestones or no word on the planning: %q", main)
	}
	addMember(t, srv, hid, triage.ID, string(blueprint.RoleTriageteam), 0, 0)

	// 2. Registration opened and used.
	do(t, ctx, "open the registration",
		chromedp.Navigate(hack+"/participants"),
		chromedp.WaitVisible(css(`form[action$="/participants/settings"]`)),
		chromedp.Click(css(`form[action$="/participants/settings"] input[name=open]`)),
		chromedp.SendKeys(css(`form[action$="/participants/settings"] textarea[name=privacy_text]`), "Wij bewaren je gegevens tot na de hackathon."),
		chromedp.Submit(css(`form[action$="/participants/settings"] textarea[name=privacy_text]`)),
		chromedp.WaitVisible(css(".flash")),
	)
	do(t, ctx, "log out", logout()...)
	const visitor = "piet@pgo-noord.example"
	do(t, ctx, "register on the public form",
		chromedp.Navigate(fmt.Sprintf("%s/register/%d", ts.URL, hid)),
		chromedp.WaitVisible(css("input[name=name]")),
		chromedp.SendKeys(css("input[name=name]"), "Piet Peters"),
		chromedp.SendKeys(css("input[name=email]"), visitor),
		chromedp.SendKeys(css("input[name=organisation]"), "PGO Noord BV"),
		chromedp.SetValue(css("select[name=chain_role]"), "pgo"),
		chromedp.Click(css("input[name=attend_kickoff]")),
		chromedp.Click(css("input[name=consent]")),
	)
	Screenshot(t, ctx, "walk-02-registration-form")
	do(t, ctx, "submit", chromedp.Submit(css("input[name=consent]")), waitText("main", "e-mail gestuurd"))

	// 3. The confirmation read in Berichten.
	do(t, ctx, "log in as the project lead", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "Berichten", chromedp.Navigate(hack+"/outbox"), chromedp.WaitVisible(css("main table a")))
	do(t, ctx, "open the confirmation request", chromedp.Navigate(openLinkWith(t, ctx, "main table", "Bevestig")), chromedp.WaitVisible(css("#message-links")))
	Screenshot(t, ctx, "walk-03-berichten-confirmation")
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#message-links a[href*="/register/confirm/"]`), "href"))
	if err != nil || !strings.Contains(attr.Value, "/register/confirm/") {
		t.Fatalf("confirmation link: %q %v", attr.Value, err)
	}
	confirm := attr.Value
	do(t, ctx, "log out", logout()...)
	do(t, ctx, "the registrant confirms",
		chromedp.Navigate(confirm),
		chromedp.WaitVisible(css("main form button")),
		chromedp.Click(css("main form button")),
		waitText("main", "bevestigd"))

	// 4. Accounts, the invitation read in Berichten, a password set.
	do(t, ctx, "log in as the project lead", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "make accounts",
		chromedp.Navigate(hack+"/participants"),
		chromedp.WaitVisible(css("#create-accounts button")),
		chromedp.Click(css("#create-accounts button")),
		chromedp.WaitVisible(css("#accounts-result")))
	Screenshot(t, ctx, "walk-04-accounts")
	if got := text(t, ctx, "#accounts-result"); !strings.Contains(got, "1 nieuwe accounts") {
		t.Fatalf("accounts: %q", got)
	}
	do(t, ctx, "Berichten", chromedp.Navigate(hack+"/outbox"), chromedp.WaitVisible(css("main table a")))
	do(t, ctx, "open the invitation", chromedp.Navigate(openLinkWith(t, ctx, "main table", "Je account")), chromedp.WaitVisible(css("#message-facts")))
	Screenshot(t, ctx, "walk-04b-berichten-invitation")
	if links := text(t, ctx, "main"); strings.Contains(links, "/account/set-password/") && !strings.Contains(links, "[secret-1]") {
		t.Errorf("Berichten shows a usable set-password link: %q", links)
	}
	invite := waitFor(t, smtpSrv, visitor, "Je account voor")
	body, _ := mailParts(t, invite)
	setPassword := linkIn(t, body, "/account/set-password/")

	// 5. A test dossier.
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "noord.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, body := range map[string]string{
		"patient.json":      `{"resourceType":"Patient","id":"noord-1","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]},"name":[{"family":"XXX_Noord","given":["Nina"]}],"birthDate":"1975-06-01","generalPractitioner":[{"reference":"Practitioner/hap-1"}]}`,
		"practitioner.json": `{"resourceType":"Practitioner","id":"hap-1","name":[{"family":"Huisarts","given":["Hans"]}]}`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	if err := os.WriteFile(zipPath, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "upload a test dossier",
		chromedp.Navigate(hack+"/dossiers"),
		chromedp.WaitVisible(css("#name")),
		chromedp.SendKeys(css("#name"), "Happy flow Noord"),
		chromedp.SetValue(css("#service_id"), "48"),
		chromedp.SetValue(css("#fhir_version"), "STU3"),
		chromedp.SetUploadFiles(css("#file"), []string{zipPath}),
		chromedp.Submit(css("#name")),
		chromedp.WaitVisible(css(".flash")))
	Screenshot(t, ctx, "walk-05-dossier")
	if got := text(t, ctx, "main"); !strings.Contains(got, "XXX_Noord") {
		t.Errorf("dossier page lacks the patient: %q", got)
	}
	do(t, ctx, "log out", logout()...)

	// 6. The participant sets a password, registers a client and connects
	// with the page's own steps.
	const pw = "mijn nieuwe wachtwoord"
	do(t, ctx, "set a password",
		chromedp.Navigate(setPassword),
		chromedp.WaitVisible(css("#password")),
		chromedp.SendKeys(css("#password"), pw),
		chromedp.SendKeys(css("#password_again"), pw),
		chromedp.Submit(css("#password_again")),
		waitText(".flash", "wachtwoord"))
	do(t, ctx, "log in as the participant", loginWith(ts.URL, visitor, pw)...)
	do(t, ctx, "register the PGO's client",
		chromedp.Navigate(hack+"/sandbox"),
		chromedp.WaitVisible(css("#client-form")),
		chromedp.SendKeys(css("#client_id"), "pgo-noord.example"),
		chromedp.SendKeys(css("#client_name"), "PGO Noord"),
		chromedp.SendKeys(css("#redirect_uris"), callback),
		chromedp.Submit(css("#client_id")),
		chromedp.WaitVisible(css(".flash")),
		chromedp.Navigate(hack+"/sandbox#examples"),
		chromedp.WaitVisible(css(`pre[data-step="browser"]`)))
	Screenshot(t, ctx, "walk-06-participant-page")
	steps := map[string]string{}
	for _, s := range []string{"browser", "token", "search", "refresh"} {
		steps[s] = text(t, ctx, fmt.Sprintf(`pre[data-step=%q]`, s))
	}
	if !strings.Contains(steps["browser"], "client_id=pgo-noord.example") {
		t.Fatalf("the browser step does not use the participant's client: %q", steps["browser"])
	}
	do(t, ctx, "open the browser step's URL and choose the test patient",
		chromedp.Navigate(strings.TrimSpace(steps["browser"])),
		chromedp.WaitVisible(css(`input[name=patient]`)))
	Screenshot(t, ctx, "walk-07-dva-chooser")
	do(t, ctx, "consent",
		chromedp.Click(css(`input[name=patient]`)),
		chromedp.Submit(css(`input[name=patient]`)),
		chromedp.WaitVisible(css(`button[name=decision][value=allow]`)),
		chromedp.Click(css(`button[name=decision][value=allow]`)),
		chromedp.WaitVisible(css("#cb")))
	Screenshot(t, ctx, "walk-08-callback")
	back, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	bu, _ := url.Parse(back)
	code := bu.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", back)
	}
	var lines []string
	for _, l := range strings.Split(steps["token"], "\n") {
		if strings.HasPrefix(l, "CODE=") {
			l = "CODE='" + code + "'" // what the page asks the participant to do
		}
		lines = append(lines, l)
	}
	out, err := runSteps(t, strings.Join([]string{strings.Join(lines, "\n"), steps["search"], steps["refresh"], steps["search"]}, "\n"))
	if err != nil || strings.Count(out, "\nHTTP 200\n") != 2 || !strings.Contains(out, "XXX_Noord") {
		t.Fatalf("the participant page's steps: %v\n%s", err, out)
	}

	// 7. A finding logged by the participant.
	do(t, ctx, "log a finding",
		chromedp.Navigate(hack+"/findings/new"),
		chromedp.WaitVisible(css("#f-title")),
		chromedp.SendKeys(css("#f-title"), "Patient mist huisarts in de _include"),
		chromedp.SendKeys(css("#f-description"), "De zoekvraag met _include=Patient:general-practitioner geeft geen Practitioner terug."),
		chromedp.SetValue(css("#f-chain_link"), "dva"),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#log-status a") && document.querySelector("#log-status a").textContent === "NOORD-1"`))
	Screenshot(t, ctx, "walk-09-finding-logged")
	fs := finding.NewService(db)
	list, err := fs.List(bg, hid, finding.Filter{Limit: 10}, finding.Viewer{Staff: true})
	if err != nil || len(list) != 1 {
		t.Fatalf("findings: %d %v", len(list), err)
	}
	f := list[0]
	fpage := fmt.Sprintf("%s/findings/%d", hack, f.ID)
	do(t, ctx, "log out", logout()...)

	// 8. Triaged to the participant's organisation.
	do(t, ctx, "log in as triage", login(ts.URL, "triage@example.org")...)
	do(t, ctx, "open the finding", chromedp.Navigate(fpage), chromedp.WaitVisible(css("#triage")))
	orgOption, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('#triage select[name=actor_organisation_id] option')].find(o => o.textContent.includes("PGO Noord BV"))?.value || ""`))
	if err != nil || orgOption == "" {
		t.Fatalf("the triage form does not offer PGO Noord BV: %v", err)
	}
	do(t, ctx, "triage",
		chromedp.SendKeys(css(`#triage input[name=category]`), "Zoeken"),
		chromedp.SetValue(css(`#triage select[name=severity]`), "hoog"),
		chromedp.SetValue(css(`#triage select[name=actor_organisation_id]`), orgOption),
		chromedp.Submit(css(`#triage input[name=category]`)),
		chromedp.WaitVisible(css(".flash")))
	Screenshot(t, ctx, "walk-10-triaged")
	if g, _ := fs.Get(bg, hid, f.ID, finding.Viewer{Staff: true}); g == nil || g.Status != finding.StatusToegewezen {
		t.Fatalf("after triage: %+v", g)
	}
	do(t, ctx, "log out", logout()...)

	// 9. Followed up by the participant's organisation.
	do(t, ctx, "log in as the participant", loginWith(ts.URL, visitor, pw)...)
	do(t, ctx, "the vendor takes it into analysis",
		chromedp.Navigate(fpage),
		chromedp.WaitVisible(css(`form[action$="/status"] select[name=status]`)),
		chromedp.SetValue(css(`form[action$="/status"] select[name=status]`), "in_analyse"),
		chromedp.Submit(css(`form[action$="/status"] select[name=status]`)),
		waitText("main", "In analyse"))
	do(t, ctx, "the vendor names its tracker",
		chromedp.SendKeys(css(`input[name=tracker_key]`), "NOORD-42"),
		chromedp.Click(css(`form[action$="/followup"] button`)),
		poll(`document.querySelector(".flash") && document.body.textContent.includes("NOORD-42")`))
	Screenshot(t, ctx, "walk-11-followed-up")
	do(t, ctx, "log out", logout()...)

	// 10. The handover opened.
	do(t, ctx, "log in as the project lead", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "the findings of the actor", chromedp.Navigate(fmt.Sprintf("%s/findings?actor=%s", hack, orgOption)), chromedp.WaitVisible(css("#export-handover-csv")))
	Screenshot(t, ctx, "walk-12-handover")
	csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector("#export-handover-csv").href).then(async r => r.status + "\n" + await r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"200\n", "Nummer,Titel,Beschrijving,Status,Ernst", "NOORD-1,Patient mist huisarts in de _include,", "In analyse", "Hoog", "PGO Noord BV", "NOORD-42"} {
		if !strings.Contains(csvText, want) {
			t.Errorf("handover lacks %q:\n%s", want, csvText)
		}
	}
}
