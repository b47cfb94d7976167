package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/sandbox/harness"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testscript"
)

const bgzTest = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Test"

// participantDVA is a second, in-process reference DVA acting as a
// participant's server, seeded by the BgZ Test _LoadResources; it returns
// the FHIR base of data service 48 and a token of test patient A.
func tsParticipantDVA(t *testing.T) (base, token string) {
	t.Helper()
	loads, err := testscript.LoadDir(filepath.Join(bgzTest, "_LoadResources"), fhir.Unknown, "")
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
	db := storetest.SQLite(t)
	d := sandbox.NewDVA(db, sandbox.ForService("48", set), sandbox.Options{})
	if err := sandbox.RegisterClient(context.Background(), db, sandbox.Client{ClientID: harness.ClientID, Name: "vendor", RedirectURIs: []string{harness.Redirect}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	tok, err := harness.Token(context.Background(), srv.URL, "p:medmij-bgz-test-patA", "ketentest~48")
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL + "/48/fhir", tok
}

// upload posts the run form with files as multipart.
func (e *env) tsUpload(subject, path string, fields url.Values, files map[string][]byte) (int, string, http.Header) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	status, body, hdr := e.do(subject, "POST", path, mw.FormDataContentType(), buf.String())
	return status, body, hdr
}

func TestTestscriptRunPages(t *testing.T) {
	if _, err := os.Stat(bgzTest); err != nil {
		t.Skipf("FHIR material not found: %v", err)
	}
	base, token := tsParticipantDVA(t)
	u, _ := url.Parse(base)
	script, err := os.ReadFile(filepath.Join(bgzTest, "XIS-Server", "medmij-bgz-test-xis-1-09-alert-xml.xml"))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{PGOAllowHosts: u.Host})
		path := fmt.Sprintf("/hackathons/%d/testscripts", e.hid)
		files := map[string][]byte{"alert.xml": script}
		good := url.Values{"label": {"Eerste run"}, "base_url": {base}, "token": {token}}

		// Bad input names the field in Dutch and stores nothing.
		for _, c := range []struct {
			fields url.Values
			files  map[string][]byte
			want   string
		}{
			{url.Values{"base_url": {"ftp://x"}}, files, "Vul een FHIR-basis-URL in"},
			{good, nil, "Kies een of meer TestScripts"},
			{good, map[string][]byte{"p.json": []byte(`{"resourceType":"Patient"}`)}, "p.json is geen leesbaar TestScript"},
		} {
			status, body, _ := e.tsUpload("deelnemer", path+"/runs", c.fields, c.files)
			if status != 422 || !strings.Contains(body, c.want) {
				t.Errorf("%v: %d, want 422 with %q", c.fields, status, c.want)
			}
		}
		if runs, _ := testscript.NewStore(db).List(context.Background(), e.hid, 0, 0); len(runs) != 0 {
			t.Fatalf("bad input stored %d runs", len(runs))
		}

		status, _, hdr := e.tsUpload("deelnemer", path+"/runs", good, files)
		if status != 303 || !strings.HasPrefix(hdr.Get("Location"), path+"/runs/") {
			t.Fatalf("start: %d %v", status, hdr)
		}
		first := hdr.Get("Location")
		status, body, _ := e.do("deelnemer", "GET", first, "", "")
		if status != 200 {
			t.Fatalf("run page: %d", status)
		}
		for _, want := range []string{"Dit is de eerste run", `data-status="pass"`, "Confirm that Bundle does not use Burgerservicenummer (BSN) anywhere.", "HTTP 200", "/48/fhir/Flag"} {
			if !strings.Contains(body, want) {
				t.Errorf("run page lacks %q", want)
			}
		}
		if strings.Contains(body, token) {
			t.Error("the token is shown")
		}
		m := regexp.MustCompile(`data-pass="(\d+)" data-fail="(\d+)" data-unsupported="(\d+)"`).FindStringSubmatch(body)
		if m == nil || m[1] == "0" {
			t.Fatalf("counts %v", m)
		}
		t.Logf("alert script against the participant's DVA: pass %s, fail %s, unsupported %s", m[1], m[2], m[3])

		// A second run against a server that is not there: every assert
		// that looked at the answer fails; the page compares and offers a
		// finding per failed assert.
		bad := url.Values{"label": {"Tweede run"}, "base_url": {base}, "token": {"wrong-token"}}
		_, _, hdr = e.tsUpload("deelnemer", path+"/runs", bad, files)
		second := hdr.Get("Location")
		_, body, _ = e.do("deelnemer", "GET", second, "", "")
		if !strings.Contains(body, "Vorige run van dezelfde scripts") || !strings.Contains(body, "geslaagd</span> → <span class=\"status ts-fail\">gefaald") {
			t.Errorf("no comparison with the first run")
		}
		lf := regexp.MustCompile(`class="button noprint log-finding" href="([^"]+)"`).FindStringSubmatch(body)
		if lf == nil {
			t.Fatal("no log-finding link")
		}
		link := html.UnescapeString(lf[1])
		status, body, _ = e.do("deelnemer", "GET", link, "", "")
		if status != 200 || !strings.Contains(body, "TestScript: Confirm that the operation was successful") {
			t.Errorf("finding form not prefilled: %d", status)
		}
		// The printable report has no exchanges; JUnit is XML.
		if _, body, _ = e.do("deelnemer", "GET", second+"?print=1", "", ""); strings.Contains(body, "<details") {
			t.Error("the printable report shows exchanges")
		}
		if status, body, hdr = e.do("deelnemer", "GET", second+"/junit.xml", "", ""); status != 200 || !strings.Contains(body, "<testsuites") || !strings.HasPrefix(hdr.Get("Content-Type"), "application/xml") {
			t.Errorf("junit: %d %s", status, hdr.Get("Content-Type"))
		}
		// Another participant does not see the run; the logging team does.
		if status, _, _ = e.do("deelnemer", "GET", first, "", ""); status != 200 {
			t.Errorf("own run: %d", status)
		}
		if status, _, _ = e.do("loggingteam", "GET", first, "", ""); status != 200 {
			t.Errorf("logging team: %d", status)
		}
	})
}

// TestTestscriptGuard: without an allow-list entry a loopback server is
// refused by the SSRF guard (the run is stored, its asserts fail).
func TestTestscriptGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hits := 0
		srv := httptest.NewServer(nil)
		srv.Config.Handler = httpCounter(&hits)
		defer srv.Close()
		script := []byte(`{"resourceType":"TestScript","status":"active","name":"x","test":[{"action":[{"operation":{"type":{"code":"read"},"resource":"Patient","params":"/1"}},{"assert":{"description":"ok","response":"okay"}}]}]}`)
		status, _, hdr := e.tsUpload("deelnemer", fmt.Sprintf("/hackathons/%d/testscripts/runs", e.hid), url.Values{"base_url": {srv.URL}}, map[string][]byte{"x.json": script})
		if status != 303 {
			t.Fatalf("%d", status)
		}
		_, body, _ := e.do("deelnemer", "GET", hdr.Get("Location"), "", "")
		if hits != 0 || !strings.Contains(body, "not allowed") || !strings.Contains(body, `data-status="fail"`) {
			t.Errorf("guard: %d hits", hits)
		}
	})
}

func httpCounter(n *int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { *n++ }
}
