package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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

const sharedScripts = "../../../shared/fhir/testscripts"

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixtureScript creates its fixture (a file two folders up, as the Nictiz
// sets keep them in _reference) and asserts the answer.
const fixtureScript = `{"resourceType":"TestScript","status":"active","name":"fixture-create",
 "fixture":[{"id":"pat","autocreate":false,"autodelete":false,"resource":{"reference":"../_reference/resources/patient-zip.json"}}],
 "test":[{"action":[{"operation":{"type":{"code":"update"},"resource":"Patient","params":"/zip-1","sourceId":"pat","contentType":"json"}},
  {"assert":{"description":"created","response":"okay"}}]}]}`

// TestTestscriptZipUpload: a zip of a script folder runs its XIS-Server
// scripts with fixtures resolved next to each script (the server gets the
// fixture's body); its _LoadResources and PHR-Client scripts are not run;
// unsafe or oversized zips are refused naming the field, storing nothing.
func TestTestscriptZipUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var mu sync.Mutex
		var bodies []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, r.Method+" "+r.URL.Path+" "+string(b))
			mu.Unlock()
			w.Header().Set("Content-Type", "application/fhir+json")
			w.Write(b)
		}))
		defer srv.Close()
		u, _ := url.Parse(srv.URL)
		e := newEnvWith(t, db, app.Options{PGOAllowHosts: u.Host})
		path := fmt.Sprintf("/hackathons/%d/testscripts/runs", e.hid)
		fields := url.Values{"label": {"zip"}, "base_url": {srv.URL + "/fhir"}}
		good := zipOf(t, map[string]string{
			"set/XIS-Server/create.json":                fixtureScript,
			"set/_reference/resources/patient-zip.json": `{"resourceType":"Patient","id":"zip-1","name":[{"family":"Fixture-uit-zip"}]}`,
			"set/_LoadResources/load.json":              strings.Replace(fixtureScript, "fixture-create", "load", 1),
			"set/PHR-Client/client.json":                `{"resourceType":"TestScript","status":"active","name":"client","origin":[{"extension":[{"url":"http://fhir.interoplab.eu/fhir/StructureDefinition/Interoplab-CL-ext-SUT","valueBoolean":true}],"index":1,"profile":{"code":"FHIR-Client"}}],"test":[{"action":[{"operation":{"type":{"code":"read"},"resource":"Patient","params":"/1","origin":1}}]}]}`,
		})
		for _, c := range []struct {
			name string
			zip  []byte
			want string
		}{
			{"traversal.zip", zipOf(t, map[string]string{"../evil.json": fixtureScript}), "traversal.zip is geen bruikbare zip"},
			{"empty.zip", zipOf(t, map[string]string{"readme.txt": "hallo"}), "In empty.zip staan geen XIS-Server-TestScripts"},
			{"bomb.zip", zipOf(t, map[string]string{"set/XIS-Server/a.json": fixtureScript, "big.json": strings.Repeat(" ", int(testscript.DefaultZipLimits.MaxTotalSize)+1)}), "bomb.zip is geen bruikbare zip"},
			{"broken.zip", []byte("PK\x03\x04 not a zip"), "broken.zip is geen bruikbare zip"},
		} {
			status, body, _ := e.tsUpload("deelnemer", path, fields, map[string][]byte{c.name: c.zip})
			if status != 422 || !strings.Contains(body, c.want) || !strings.Contains(body, `id="file" name="file" type="file" multiple accept=".xml,.json,.zip" aria-describedby="file-help" aria-invalid="true"`) {
				t.Errorf("%s: %d, want 422 naming the file field with %q", c.name, status, c.want)
			}
		}
		if len(bodies) != 0 {
			t.Fatalf("refused zips reached the server: %q", bodies)
		}
		status, _, hdr := e.tsUpload("deelnemer", path, fields, map[string][]byte{"set.zip": good})
		if status != 303 {
			t.Fatalf("zip run: %d", status)
		}
		_, body, _ := e.do("deelnemer", "GET", hdr.Get("Location"), "", "")
		if len(bodies) != 1 || !strings.HasPrefix(bodies[0], "PUT /fhir/Patient/zip-1 ") || !strings.Contains(bodies[0], "Fixture-uit-zip") {
			t.Fatalf("the server got %q, want one PUT with the fixture from the zip", bodies)
		}
		for _, want := range []string{"set.zip/set/XIS-Server/create.json", `data-status="pass"`, `class="status ts-pass"`, `id="ts-summary"`} {
			if !strings.Contains(body, want) {
				t.Errorf("run page lacks %q", want)
			}
		}
		for _, not := range []string{"_LoadResources/load.json", "PHR-Client/client.json"} {
			if strings.Contains(body, not) {
				t.Errorf("run page runs %s", not)
			}
		}
	})
}

// TestTestscriptPickSet: the sets of the configured folder are offered;
// picking one runs its XIS-Server scripts; an id outside the list is
// refused naming the field.
func TestTestscriptPickSet(t *testing.T) {
	alert, err := os.ReadFile(filepath.Join(bgzTest, "XIS-Server", "medmij-bgz-test-xis-1-09-alert-xml.xml"))
	if err != nil {
		t.Fatalf("FHIR material: %v", err)
	}
	dir := t.TempDir()
	for _, p := range []string{"STU3/Mini/Test/XIS-Server/alert.xml", "STU3/Mini/Test/PHR-Client/alert.xml"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), alert, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := testscript.SetsDir()
	testscript.SetSetsDir(dir)
	t.Cleanup(func() { testscript.SetSetsDir(old) })
	base, token := tsParticipantDVA(t)
	u, _ := url.Parse(base)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{PGOAllowHosts: u.Host})
		path := fmt.Sprintf("/hackathons/%d/testscripts", e.hid)
		_, body, _ := e.do("deelnemer", "GET", path, "", "")
		if !strings.Contains(body, `<option value="STU3/Mini/Test/XIS-Server"`) || strings.Contains(body, `<option value="STU3/Mini/Test/PHR-Client"`) {
			t.Errorf("the index does not offer exactly the XIS-Server set")
		}
		for _, bad := range []string{"../../etc", "STU3/Mini/Test/PHR-Client", "STU3/Mini/Test"} {
			status, body, _ := e.tsUpload("deelnemer", path+"/runs", url.Values{"base_url": {base}, "set": {bad}}, nil)
			if status != 422 || !strings.Contains(body, "Kies een scriptset uit de lijst.") {
				t.Errorf("set %q: %d", bad, status)
			}
		}
		status, _, hdr := e.tsUpload("deelnemer", path+"/runs", url.Values{"base_url": {base}, "token": {token}, "set": {"STU3/Mini/Test/XIS-Server"}}, nil)
		if status != 303 {
			t.Fatalf("set run: %d", status)
		}
		_, body, _ = e.do("deelnemer", "GET", hdr.Get("Location"), "", "")
		if !strings.Contains(body, "STU3/Mini/Test/XIS-Server/alert.xml") || !strings.Contains(body, `data-status="pass"`) || strings.Contains(body, `data-status="fail"`) {
			t.Errorf("set run page: %s", regexp.MustCompile(`data-status="\w+"`).FindAllString(body, -1))
		}
	})
}

// TestTestscriptClientPage: a participant judges a PHR-Client script on
// its own OAuth client's recorded traffic: the script it played passes
// with the exchange behind it; a script it did not play fails at its
// operation with a log-finding link; another organisation's client and an
// unknown set are refused.
func TestTestscriptClientPage(t *testing.T) {
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
	old := testscript.SetsDir()
	testscript.SetSetsDir(sharedScripts)
	t.Cleanup(func() { testscript.SetSetsDir(old) })
	const setID = "STU3/BgZ-3-0/Test/PHR-Client"
	const played = setID + "/medmij-bgz-test-phr-1-09-alert.xml"
	const notPlayed = setID + "/medmij-bgz-test-phr-1-02-patient.xml"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		dva := sandbox.NewDVA(db, sandbox.ForService("48", set), sandbox.Options{})
		t.Cleanup(dva.Close)
		srv := httptest.NewServer(dva)
		t.Cleanup(srv.Close)
		var org int64
		if err := db.QueryRow(ctx, "SELECT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", e.hid, e.users["deelnemer"].ID).Scan(&org); err != nil {
			t.Fatal(err)
		}
		// The fixed test set's patients belong to no hackathon: the client
		// gets its token and plays first, and is then made the
		// participant's own.
		if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: harness.ClientID, Name: "Mijn PGO", RedirectURIs: []string{harness.Redirect}}); err != nil {
			t.Fatal(err)
		}
		tok, err := harness.Token(ctx, srv.URL, "p:medmij-bgz-test-patA", "ketentest~48")
		if err != nil {
			t.Fatal(err)
		}
		s, err := testscript.Load(filepath.Join(sharedScripts, played), fhir.Unknown, "")
		if err != nil {
			t.Fatal(err)
		}
		// The PGO plays the script's requests (as a client would).
		res := testscript.Run(ctx, s, testscript.Options{Base: srv.URL + "/48/fhir", Token: tok, HTTP: http.DefaultClient,
			Headers: map[string]string{"MedMij-Request-ID": "${UUID}", "X-Correlation-ID": "${UUID}"}})
		if res.Error != "" {
			t.Fatal(res.Error)
		}
		dva.FlushTraffic()
		if _, err := db.Exec(ctx, "UPDATE sandbox_clients SET hackathon_id = ?, organisation_id = ?, registered_by = ? WHERE client_id = ?", e.hid, org, e.users["deelnemer"].ID, harness.ClientID); err != nil {
			t.Fatal(err)
		}

		page := fmt.Sprintf("/hackathons/%d/testscripts/client", e.hid)
		status, body, _ := e.do("deelnemer", "GET", page, "", "")
		if status != 200 || !strings.Contains(body, `<option value="`+harness.ClientID+`"`) || !strings.Contains(body, `<option value="`+setID+`"`) || strings.Contains(body, `XIS-Server"`) {
			t.Fatalf("client form: %d", status)
		}
		q := url.Values{"client": {harness.ClientID}, "set": {setID}, "script": {played}, "since": {"60"}}
		status, body, _ = e.do("deelnemer", "GET", page+"?"+q.Encode(), "", "")
		if status != 200 {
			t.Fatalf("evaluate: %d", status)
		}
		for _, want := range []string{"The client sent this request", `data-status="pass"`, `id="ts-summary"`, "/48/fhir/Flag", "HTTP 200"} {
			if !strings.Contains(body, want) {
				t.Errorf("client page lacks %q", want)
			}
		}
		if strings.Contains(body, `data-status="fail"`) || strings.Contains(body, tok) {
			t.Errorf("the played script fails, or the token is shown")
		}
		q.Set("script", notPlayed)
		_, body, _ = e.do("deelnemer", "GET", page+"?"+q.Encode(), "", "")
		if !strings.Contains(body, `data-status="fail"`) || !strings.Contains(body, "no GET /Patient") || !strings.Contains(body, "log-finding") {
			t.Errorf("a script the PGO did not play does not fail with a finding link")
		}
		for _, c := range []struct {
			q    url.Values
			want string
		}{
			{url.Values{"client": {"someone.else.example"}, "set": {setID}}, "Kies een van je eigen OAuth-clients."},
			{url.Values{"client": {harness.ClientID}, "set": {"STU3/BgZ-3-0/Test/XIS-Server"}}, "Kies een scriptset uit de lijst."},
			{url.Values{"client": {harness.ClientID}, "set": {setID}, "script": {"../x.xml"}}, "Kies een script uit de set."},
			{url.Values{"client": {harness.ClientID}, "set": {setID}, "since": {"7"}}, "Kies een periode uit de lijst."},
		} {
			status, body, _ := e.do("deelnemer", "GET", page+"?"+c.q.Encode(), "", "")
			if status != 422 || !strings.Contains(body, c.want) {
				t.Errorf("%v: %d, want 422 with %q", c.q, status, c.want)
			}
		}
	})
}
