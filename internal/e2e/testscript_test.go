package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/sandbox/harness"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testscript"
	"github.com/ketentest/ketentest/internal/web"
)

const bgzTestSet = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Test"

// TestTestScriptRunAgainstParticipantDVA is issue 14's "done when" in the
// browser: a participant uploads two Nictiz XIS-Server scripts, points them
// at its own DVA (a second, in-process ketentest sandbox loaded by the
// set's _LoadResources) with its token, and sees the per-assert results
// with the exchanges behind them.
func TestTestScriptRunAgainstParticipantDVA(t *testing.T) {
	if _, err := os.Stat(bgzTestSet); err != nil {
		t.Skipf("FHIR material not found at %s: %v", bgzTestSet, err)
	}
	ctx := Browser(t)
	// The participant's DVA: its own database, its own listener.
	loads, err := testscript.LoadDir(filepath.Join(bgzTestSet, "_LoadResources"), fhir.Unknown, "")
	if err != nil || len(loads) == 0 {
		t.Fatalf("load scripts: %v", err)
	}
	l, err := testscript.LoadedResources(loads[0], time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("BgZ Test", "p:", l.Resources)
	if err != nil {
		t.Fatal(err)
	}
	dvaDB := storetest.SQLite(t)
	dva := sandbox.NewDVA(dvaDB, sandbox.ForService("48", set), sandbox.Options{})
	if err := sandbox.RegisterClient(context.Background(), dvaDB, sandbox.Client{ClientID: harness.ClientID, Name: "vendor", RedirectURIs: []string{harness.Redirect}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dva.Close)
	dvaSrv := httptest.NewServer(dva)
	t.Cleanup(dvaSrv.Close)
	token, err := harness.Token(context.Background(), dvaSrv.URL, "p:medmij-bgz-test-patA", "ketentest~48")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(dvaSrv.URL)

	db := storetest.SQLite(t)
	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{PGOAllowHosts: u.Host})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	dev := newUser(t, srv, account.NewUser{Email: "dev@dva.example", Name: "Dana DVA-bouwer"})
	h := newHackathon(t, srv, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead.ID)
	org, err := srv.Hackathons.CreateOrganisation(t.Context(), "Ziekenhuis-DVA B.V.", "dva")
	if err != nil {
		t.Fatal(err)
	}
	addMember(t, srv, h.ID, dev.ID, "deelnemer", org, lead.ID)
	hack := fmt.Sprintf("%s/hackathons/%d", ts.URL, h.ID)
	scripts := []string{
		filepath.Join(bgzTestSet, "XIS-Server", "medmij-bgz-test-xis-1-09-alert-xml.xml"),
		filepath.Join(bgzTestSet, "XIS-Server", "medmij-bgz-test-xis-1-02-patient-json.xml"),
	}
	for i, s := range scripts {
		abs, err := filepath.Abs(s)
		if err != nil {
			t.Fatal(err)
		}
		scripts[i] = abs
	}

	// The server offers the shared Nictiz sets (KETENTEST_TESTSCRIPTS_DIR).
	old := testscript.SetsDir()
	testscript.SetSetsDir(filepath.Dir(filepath.Dir(filepath.Dir(bgzTestSet))))
	t.Cleanup(func() { testscript.SetSetsDir(old) })
	do(t, ctx, "log in", login(ts.URL, "dev@dva.example")...)
	do(t, ctx, "open the TestScript page from the menu",
		chromedp.Navigate(hack),
		chromedp.Click(css(`nav a[href$="/testscripts"]`)),
		chromedp.WaitVisible(css("#testscript-form")))
	Screenshot(t, ctx, "testscript-form")
	if n := eval0(t, ctx, `String(document.querySelectorAll("#set option[value$='/XIS-Server']").length)`); n == "0" {
		t.Error("the form offers no XIS-Server set of the server")
	}
	do(t, ctx, "start a run",
		chromedp.SendKeys(css("#label"), "Eerste poging"),
		chromedp.SendKeys(css("#base_url"), dvaSrv.URL+"/48/fhir"),
		chromedp.SendKeys(css("#token"), token),
		chromedp.SetUploadFiles(css("#file"), scripts),
		chromedp.Submit(css("#file")),
		chromedp.WaitVisible(css("#run-counts")))
	Screenshot(t, ctx, "testscript-run")
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			Screenshot(t, ctx, "failed")
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	pass := eval(`document.querySelector("#run-counts").dataset.pass`)
	fail := eval(`document.querySelector("#run-counts").dataset.fail`)
	unsupported := eval(`document.querySelector("#run-counts").dataset.unsupported`)
	passed := eval(`String(document.querySelectorAll('.ts-assert[data-status="pass"]').length)`)
	scriptsShown := eval(`String(document.querySelectorAll("section.ts-script").length)`)
	if p, _ := strconv.Atoi(pass); p == 0 || passed != pass || scriptsShown != "2" {
		t.Fatalf("pass %s (shown %s), fail %s, unsupported %s, scripts %s", pass, passed, fail, unsupported, scriptsShown)
	}
	t.Logf("two XIS-Server scripts against the participant's DVA: pass %s, fail %s, unsupported %s", pass, fail, unsupported)
	// The exchange behind an operation is on the page, its token masked.
	do(t, ctx, "open an exchange", chromedp.Click(css("#op-1 details summary")))
	exchange := text(t, ctx, "#op-1 details pre")
	if !strings.Contains(exchange, "GET "+dvaSrv.URL+"/48/fhir/") || !strings.Contains(exchange, "Authorization: Bearer [redacted]") || strings.Contains(exchange, token) {
		t.Errorf("exchange: %q", exchange)
	}

	// A zip of a script folder (scripts, _LoadResources, fixtures) with a
	// wrong token: the run page shows the failures in red.
	zipPath := filepath.Join(t.TempDir(), "bgz-test.zip")
	writeScriptZip(t, zipPath, bgzTestSet, []string{
		"XIS-Server/medmij-bgz-test-xis-1-09-alert-xml.xml",
		"XIS-Server/medmij-bgz-test-xis-1-02-patient-json.xml",
		"_LoadResources/load-resources-purgecreateupdate-xml.xml",
		"_LoadResources/properties.json",
	})
	do(t, ctx, "start a run with a zip",
		chromedp.Navigate(hack+"/testscripts"),
		chromedp.WaitVisible(css("#testscript-form")),
		chromedp.SendKeys(css("#label"), "Zip met fout token"),
		chromedp.SendKeys(css("#base_url"), dvaSrv.URL+"/48/fhir"),
		chromedp.SendKeys(css("#token"), "fout-token"),
		chromedp.SetUploadFiles(css("#file"), []string{zipPath}),
		chromedp.Submit(css("#file")),
		chromedp.WaitVisible(css("#ts-summary")))
	Screenshot(t, ctx, "testscript-run-zip-failed")
	if n := eval(`String(document.querySelectorAll("section.ts-script").length)`); n != "2" {
		t.Errorf("the zip ran %s scripts, want its 2 XIS-Server scripts", n)
	}
	if c := eval(`getComputedStyle(document.querySelector(".status.ts-fail")).color`); c != "rgb(179, 38, 30)" {
		t.Errorf("a failed assert's badge is %s, want the app's red", c)
	}
	if eval(`String(document.querySelectorAll("#ts-summary rect.ts-bar-fail").length)`) != "1" {
		t.Error("the summary bar has no red segment")
	}

	// The client direction: the participant's PGO played a PHR-Client
	// script against ketentest's own sandbox; the page judges that traffic.
	playPHRClient(t, db, set, h.ID, org, dev.ID)
	const phrSet = "STU3/BgZ-3-0/Test/PHR-Client"
	do(t, ctx, "open the client page",
		chromedp.Navigate(hack+"/testscripts"),
		chromedp.Click(css("#client-link")),
		chromedp.WaitVisible(css("#testscript-client-form")))
	do(t, ctx, "evaluate one PHR-Client script",
		chromedp.SetValue(css("#set"), phrSet),
		chromedp.Submit(css("#set")),
		chromedp.WaitVisible(css("#script")),
		chromedp.SetValue(css("#script"), phrSet+"/medmij-bgz-test-phr-1-09-alert.xml"),
		chromedp.Submit(css("#script")),
		chromedp.WaitVisible(css("#client-result")),
		chromedp.Click(css("#op-1 details summary")))
	Screenshot(t, ctx, "testscript-client")
	if eval(`String(document.querySelectorAll('.ts-assert[data-status="fail"]').length)`) != "0" ||
		eval(`String(document.querySelectorAll('.ts-assert[data-status="pass"]').length)`) == "0" {
		t.Errorf("the played script does not pass on the client page")
	}
	if ex := text(t, ctx, "#op-1 details pre"); !strings.Contains(ex, "GET /48/fhir/Flag") {
		t.Errorf("client exchange: %q", ex)
	}
	do(t, ctx, "evaluate the whole set",
		chromedp.SetValue(css("#script"), ""),
		chromedp.Submit(css("#script")),
		chromedp.WaitVisible(css("#client-result")))
	Screenshot(t, ctx, "testscript-client-set")
	if eval(`String(document.querySelectorAll('.log-finding').length)`) == "0" {
		t.Error("the scripts the PGO did not play offer no finding")
	}
}

// writeScriptZip zips files of a script set folder, keeping their paths.
func writeScriptZip(t *testing.T, dst, dir string, files []string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("BgZ-Test/" + f)
		w.Write(data)
	}
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// playPHRClient registers an OAuth client at ketentest's own sandbox (the
// app's database), plays the BgZ Test alert PHR-Client script as that
// client, and then makes the client the participant's own.
func playPHRClient(t *testing.T, db *store.DB, set *dossier.Set, hid, org, uid int64) {
	t.Helper()
	ctx := context.Background()
	dva := sandbox.NewDVA(db, sandbox.ForService("48", set), sandbox.Options{})
	t.Cleanup(dva.Close)
	srv := httptest.NewServer(dva)
	t.Cleanup(srv.Close)
	if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: harness.ClientID, Name: "Dana's PGO", RedirectURIs: []string{harness.Redirect}}); err != nil {
		t.Fatal(err)
	}
	tok, err := harness.Token(ctx, srv.URL, "p:medmij-bgz-test-patA", "ketentest~48")
	if err != nil {
		t.Fatal(err)
	}
	s, err := testscript.Load(filepath.Join(bgzTestSet, "PHR-Client", "medmij-bgz-test-phr-1-09-alert.xml"), fhir.Unknown, "")
	if err != nil {
		t.Fatal(err)
	}
	res := testscript.Run(ctx, s, testscript.Options{Base: srv.URL + "/48/fhir", Token: tok, HTTP: http.DefaultClient,
		Headers: map[string]string{"MedMij-Request-ID": "${UUID}", "X-Correlation-ID": "${UUID}"}})
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	dva.FlushTraffic()
	if _, err := db.Exec(ctx, "UPDATE sandbox_clients SET hackathon_id = ?, organisation_id = ?, registered_by = ? WHERE client_id = ?", hid, org, uid, harness.ClientID); err != nil {
		t.Fatal(err)
	}
}

func eval0(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}
