package e2e

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestDossierImportBrowseDiff: a test coordinator loads the demo dossiers,
// uploads a zip as a new dossier, sees a broken zip refused with file, line
// and column, imports a second version, and reads the diff and a resource.
func TestDossierImportBrowseDiff(t *testing.T) {
	ctx := Browser(t)
	srv, ts := serve(t, storetest.SQLite(t), web.Options{Version: "e2e"})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	h := newHackathon(t, srv, hackathon.Input{Code: "DOS", Name: "Dossierhackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, lead.ID)
	dir := t.TempDir()
	write := func(name string, files ...string) string {
		p := filepath.Join(dir, name)
		f, _ := os.Create(p)
		zw := zip.NewWriter(f)
		for i := 0; i+1 < len(files); i += 2 {
			w, _ := zw.Create(files[i])
			w.Write([]byte(files[i+1]))
		}
		zw.Close()
		f.Close()
		return p
	}
	pat := `{"resourceType":"Patient","id":"p1","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]},"name":[{"text":"Ria XXX_Zorg"}],"birthDate":"1980-02-29"}`
	v1 := write("v1.zip", "patient.json", pat)
	v2 := write("v2.zip", "patient.json", strings.Replace(pat, "1980-02-29", "1980-03-01", 1),
		"flag.xml", `<Flag xmlns="http://hl7.org/fhir"><id value="f1"/><status value="active"/><code><text value="MRSA"/></code><subject><reference value="Patient/p1"/><display value="Ria"/></subject></Flag>`)
	bad := write("bad.zip", "kapot.xml", "<Patient xmlns=\"http://hl7.org/fhir\">\n<id value=\"p\"/>\n<name></naam>\n</Patient>")
	base := fmt.Sprintf("%s/hackathons/%d/dossiers", ts.URL, h.ID)

	do(t, ctx, "log in", login(ts.URL, "lead@example.org")...)
	do(t, ctx, "load demo dossiers",
		chromedp.Navigate(base),
		chromedp.WaitVisible(css(`form[action$="/dossiers/demo"] button`)),
		chromedp.Click(css(`form[action$="/dossiers/demo"] button`)),
		chromedp.WaitVisible(css(".flash")),
	)
	if list := text(t, ctx, "main table"); !strings.Contains(list, "BgZ synthetisch (ketentest)") || !strings.Contains(list, "Vaccinaties synthetisch") {
		t.Fatalf("list after demo: %q", list)
	}
	Screenshot(t, ctx, "dossier-01-list")
	do(t, ctx, "refuse a broken zip",
		chromedp.SendKeys(css("#name"), "Eigen dossier"),
		chromedp.SetUploadFiles(css("#file"), []string{bad}),
		chromedp.Submit(css("#name")),
		chromedp.WaitVisible(css(".field-error")),
	)
	if msg := text(t, ctx, ".field-error"); !strings.Contains(msg, "kapot.xml") || !strings.Contains(msg, "regel 3, kolom 7") {
		t.Fatalf("error for the broken zip: %q", msg)
	}
	do(t, ctx, "create from a zip",
		chromedp.SetUploadFiles(css("#file"), []string{v1}),
		chromedp.Submit(css("#name")),
		chromedp.WaitVisible(css(".flash")),
	)
	if h1 := text(t, ctx, "main h1"); h1 != "Eigen dossier" {
		t.Fatalf("heading %q", h1)
	}
	do(t, ctx, "import version 2",
		chromedp.SetUploadFiles(css(`form[action$="/import"] input[type=file]`), []string{v2}),
		chromedp.Submit(css(`form[action$="/import"] input[type=file]`)),
		chromedp.WaitVisible(css(".flash")),
	)
	Screenshot(t, ctx, "dossier-02-show")
	do(t, ctx, "open the diff", chromedp.Click(css(`a[href*="/diff?from=1"]`)), chromedp.WaitVisible(css("main h2")))
	Screenshot(t, ctx, "dossier-03-diff")
	if d := text(t, ctx, "main"); !strings.Contains(d, "1 toegevoegd, 0 verwijderd, 1 gewijzigd") || !strings.Contains(d, "birthDate") || !strings.Contains(d, "Flag/f1") {
		t.Fatalf("diff page: %q", d)
	}
	do(t, ctx, "open the flag as XML", chromedp.Click(css(`a[href*="/resources/Flag/f1"]`)), chromedp.WaitVisible(css("pre.fhir")),
		chromedp.Click(css(`a[href*="format=xml"]`)), chromedp.WaitVisible(css("pre.fhir")))
	if x := text(t, ctx, "pre.fhir"); !strings.Contains(x, `<Flag xmlns="http://hl7.org/fhir">`) || !strings.Contains(x, `<text value="MRSA"/>`) {
		t.Fatalf("resource XML: %q", x)
	}
	Screenshot(t, ctx, "dossier-04-resource")
}
