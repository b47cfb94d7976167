package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// upload builds a multipart form with fields and one file.
func upload(fields map[string]string, filename string, file []byte) (string, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if filename != "" {
		w, _ := mw.CreateFormFile("file", filename)
		w.Write(file)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func zipFile(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

const (
	dosPatient = `{"resourceType":"Patient","id":"p1","meta":{"profile":["http://fhir.nl/fhir/StructureDefinition/nl-core-patient"]},"name":[{"family":"XXX_Zorg","given":["Ria"]}],"birthDate":"1980-02-29"}`
	dosCond    = `<Condition xmlns="http://hl7.org/fhir"><id value="c1"/><meta><profile value="http://nictiz.nl/fhir/StructureDefinition/zib-Problem"/></meta><code><text value="Astma"/></code><subject><reference value="Patient/p1"/><display value="Ria"/></subject></Condition>`
	dosXSS     = `{"resourceType":"Flag","id":"x","status":"active","code":{"text":"<script>alert(1)</script>"},"subject":{"reference":"Patient/p1","display":"Ria"}}`
)

var locRE = regexp.MustCompile(`/dossiers/(\d+)`)

func TestDossierScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/dossiers", e.hid)
		good := zipFile(t, "dossier/patient.json", dosPatient, "dossier/condition.xml", dosCond, "dossier/flag.json", dosXSS, "LEESMIJ.txt", "niet FHIR")
		bomb := zipFile(t, "nullen.json", strings.Repeat("0", 20<<20))
		broken := zipFile(t, "ok.json", dosPatient, "map/bad.xml", "<Condition xmlns=\"http://hl7.org/fhir\">\n  <id value=\"c9\"/>\n  <code><text value=\"x\"></code>\n</Condition>")
		fields := map[string]string{"name": "Scenario", "kind": "happyflow", "service_id": "48", "fhir_version": "STU3"}
		tests := []struct {
			name, subject, file string
			data                []byte
			status              int
			want                []string
			created             bool
		}{
			{"zip with json and xml", "test", "dossier.zip", good, http.StatusSeeOther, nil, true},
			{"traversal refused", "test", "evil.zip", zipFile(t, "../../etc/passwd.json", dosPatient), 422, []string{"onveilig pad", "../../etc/passwd.json"}, false},
			{"zip bomb refused", "technisch", "bomb.zip", bomb, 422, []string{"Bestand nullen.json: pakt uit tot 20.0 MiB", "hoogstens 16.0 MiB per bestand"}, false},
			{"broken xml names line and column", "test", "broken.zip", broken, 422, []string{"Bestand map/bad.xml: xml syntaxfout op regel 3, kolom"}, false},
			{"single transaction bundle", "projectleider", "tx.json", []byte(`{"resourceType":"Bundle","type":"transaction","entry":[{"resource":` + dosPatient + `,"request":{"method":"PUT","url":"Patient/p1"}}]}`), http.StatusSeeOther, nil, true},
			{"not FHIR", "test", "notes.json", []byte("hello"), 422, []string{"Bestand notes.json: ", "regel 1, kolom 1"}, false},
			{"observer may not", "observer", "dossier.zip", good, http.StatusForbidden, nil, false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before, _ := dossier.NewStore(db).ListFor(t.Context(), e.hid)
				ct, body := upload(fields, tc.file, tc.data)
				status, page, hdr := e.do(tc.subject, "POST", base, ct, body)
				if status != tc.status {
					t.Fatalf("status %d, want %d: %.500s", status, tc.status, page)
				}
				for _, w := range tc.want {
					if !strings.Contains(page, w) {
						t.Errorf("page lacks %q", w)
					}
				}
				after, _ := dossier.NewStore(db).ListFor(t.Context(), e.hid)
				if got := len(after) - len(before); got != map[bool]int{true: 1, false: 0}[tc.created] {
					t.Errorf("%d dossiers created", got)
				}
				if tc.created && !locRE.MatchString(hdr.Get("Location")) {
					t.Errorf("redirect to %q", hdr.Get("Location"))
				}
			})
		}

		// The first dossier: browse, resource view (escaped), import v2, diff, export.
		list, _ := dossier.NewStore(db).ListFor(t.Context(), e.hid)
		var id int64
		for _, d := range list {
			if d.Resources == 3 {
				id = d.ID
			}
		}
		dpath := fmt.Sprintf("%s/%d", base, id)
		pages := []struct {
			path    string
			subject string
			status  int
			want    []string
			not     []string
		}{
			{dpath, "observer", 200, []string{"Ria XXX_Zorg", "zib-Problem", "nl-core-patient", "Condition", "dossier.zip"}, nil},
			{dpath + "/resources?type=Condition", "observer", 200, []string{"c1", "Astma"}, []string{"/resources/Patient/p1"}},
			{dpath + "/resources?patient=p1&profile=-", "observer", 200, []string{"Flag", "&lt;script&gt;"}, []string{"<script>alert"}},
			{dpath + "/resources/Flag/x", "observer", 200, []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert"}},
			{dpath + "/resources/Condition/c1?format=xml", "observer", 200, []string{"&lt;Condition xmlns=&#34;http://hl7.org/fhir&#34;&gt;", "zib-Problem"}, nil},
			{dpath + "/resources/Condition/nope", "observer", 404, nil, nil},
			{dpath + "?v=7", "observer", 404, nil, nil},
			{dpath + "/diff?from=1&to=1", "observer", 200, []string{"0 toegevoegd, 0 verwijderd, 0 gewijzigd, 3 gelijk"}, nil},
			{"/hackathons/999999/dossiers/" + fmt.Sprint(id), "admin", 404, nil, nil},
		}
		for _, pg := range pages {
			status, body, _ := e.do(pg.subject, "GET", pg.path, "", "")
			if status != pg.status {
				t.Errorf("GET %s: %d, want %d", pg.path, status, pg.status)
				continue
			}
			for _, w := range pg.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s lacks %q", pg.path, w)
				}
			}
			for _, w := range pg.not {
				if strings.Contains(body, w) {
					t.Errorf("GET %s contains %q", pg.path, w)
				}
			}
		}

		// A merge import as a transaction: change the patient, delete the flag, add an observation.
		tx := `{"resourceType":"Bundle","type":"transaction","entry":[
			{"resource":` + strings.Replace(dosPatient, `"1980-02-29"`, `"1980-03-01"`, 1) + `,"request":{"method":"PUT","url":"Patient/p1"}},
			{"request":{"method":"DELETE","url":"Flag/x"}},
			{"fullUrl":"urn:uuid:0f0e0d0c-0000-4000-8000-000000000001","resource":{"resourceType":"Observation","status":"final","code":{"text":"Gewicht"},"subject":{"reference":"Patient/p1","display":"Ria"}},"request":{"method":"POST","url":"Observation"}}]}`
		ct, body := upload(map[string]string{"mode": "merge", "note": "bijgewerkt"}, "update.json", []byte(tx))
		status, page, hdr := e.do("test", "POST", dpath+"/import", ct, body)
		if status != http.StatusSeeOther || !strings.HasSuffix(hdr.Get("Location"), "?v=2") {
			t.Fatalf("import: %d %q %.300s", status, hdr.Get("Location"), page)
		}
		status, page, _ = e.do("observer", "GET", dpath+"/diff", "", "")
		for _, w := range []string{"1 toegevoegd, 1 verwijderd, 1 gewijzigd, 1 gelijk", "Observation/0f0e0d0c-0000-4000-8000-000000000001", "Flag/x", "birthDate", "1980-02-29", "1980-03-01"} {
			if !strings.Contains(page, w) {
				t.Errorf("diff lacks %q (%d)", w, status)
			}
		}
		// A broken import into an existing dossier leaves it at version 2.
		ct, body = upload(map[string]string{"mode": "replace"}, "broken.zip", broken)
		status, page, _ = e.do("test", "POST", dpath+"/import", ct, body)
		if status != 422 || !strings.Contains(page, "regel 3, kolom") {
			t.Errorf("broken import: %d", status)
		}
		if info, _ := dossier.NewStore(db).Get(t.Context(), id); info.Version != 2 || info.Resources != 3 {
			t.Errorf("after refused import: %+v", info)
		}
		// The form names the version it showed; an import onto a dossier that
		// changed since is refused with a conflict and the form offers the latest.
		_, page, _ = e.do("test", "GET", dpath, "", "")
		if !strings.Contains(page, `name="base_version" value="2"`) {
			t.Errorf("import form does not carry the version it shows")
		}
		ct, body = upload(map[string]string{"mode": "merge", "base_version": "1"}, "late.json", []byte(`{"resourceType":"Patient","id":"late"}`))
		status, page, _ = e.do("test", "POST", dpath+"/import", ct, body)
		if status != http.StatusConflict || !strings.Contains(page, "staat nu op versie 2, niet op 1") || !strings.Contains(page, `name="base_version" value="2"`) {
			t.Errorf("import on an old version: %d %.300s", status, page)
		}
		if info, _ := dossier.NewStore(db).Get(t.Context(), id); info.Version != 2 {
			t.Errorf("after a conflicting import: %+v", info)
		}
		// Export v1 as JSON and v2 as XML; both parse back as collections.
		for _, q := range []string{"?v=1", "?v=2&format=xml"} {
			status, out, h := e.do("observer", "GET", dpath+"/export"+q, "", "")
			if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "Scenario-v") || !strings.HasPrefix(h.Get("Content-Type"), "application/fhir+") {
				t.Fatalf("export %s: %d %v", q, status, h)
			}
			b, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(out))
			if err != nil || b.String("type") != "collection" || len(b.Entries()) != 3 {
				t.Errorf("export %s: %v, %d entries", q, err, len(b.Entries()))
			}
		}
		// Edit and generate and demo.
		if status, _, _ := e.form("test", dpath, url.Values{"name": {"Hernoemd"}, "kind": {"kwalificatie"}}); status != http.StatusSeeOther {
			t.Errorf("edit: %d", status)
		}
		if status, page, _ := e.form("test", dpath, url.Values{"name": {""}, "kind": {"kwalificatie"}}); status != 422 || !strings.Contains(page, "Vul een naam in.") {
			t.Errorf("edit without name: %d", status)
		}
		if status, page, _ := e.form("test", base+"/generate", url.Values{"count": {"5"}, "seed": {"x"}, "patients": {"1"}}); status != 422 || !strings.Contains(page, "Een getal van 10 tot en met 20000.") || !strings.Contains(page, "Een heel getal") {
			t.Errorf("generate bad input: %d", status)
		}
		status, _, hdr = e.form("technisch", base+"/generate", url.Values{"count": {"60"}, "seed": {"3"}, "patients": {"2"}})
		if status != http.StatusSeeOther {
			t.Fatalf("generate: %d", status)
		}
		status, page, _ = e.do("observer", "GET", hdr.Get("Location"), "", "")
		if status != 200 || !strings.Contains(page, "Bommendossier") || !strings.Contains(page, "bomb-patient-2") {
			t.Errorf("generated dossier page: %d", status)
		}
		for range 2 {
			if status, _, _ := e.form("projectleider", base+"/demo", url.Values{}); status != http.StatusSeeOther {
				t.Errorf("demo: %d", status)
			}
		}
		status, page, _ = e.do("observer", "GET", base, "", "")
		if status != 200 || strings.Count(page, "synthetisch (ketentest)") != 2 || !strings.Contains(page, "Hernoemd") {
			t.Errorf("list: %d", status)
		}
		if status, _, _ := e.form("observer", dpath+"/delete", url.Values{}); status != http.StatusForbidden {
			t.Errorf("observer delete: %d", status)
		}
		if status, _, _ := e.form("test", dpath+"/delete", url.Values{}); status != http.StatusSeeOther {
			t.Errorf("delete: %d", status)
		}
		if status, _, _ := e.do("observer", "GET", dpath, "", ""); status != 404 {
			t.Errorf("deleted dossier: %d", status)
		}
	})
}

func TestDossierUploadTooLarge(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ct, body := upload(map[string]string{"name": "Groot", "fhir_version": "STU3"}, "big.zip", bytes.Repeat([]byte("x"), web.MaxDossierUpload+1))
	status, page, _ := e.do("test", "POST", fmt.Sprintf("/hackathons/%d/dossiers", e.hid), ct, body)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(page, "too large") {
		t.Fatalf("status %d: %.300s", status, page)
	}
}

// TestDossierFolderUpload: several files (as a browser sends a chosen
// folder) import as one version; a broken one among them is named.
func TestDossierFolderUpload(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	post := func(files ...string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("name", "Map")
		mw.WriteField("fhir_version", "STU3")
		for i := 0; i+1 < len(files); i += 2 {
			w, _ := mw.CreateFormFile("file", files[i])
			w.Write([]byte(files[i+1]))
		}
		mw.Close()
		status, page, _ := e.do("test", "POST", fmt.Sprintf("/hackathons/%d/dossiers", e.hid), mw.FormDataContentType(), buf.String())
		return status, page
	}
	if status, page := post("patient.json", dosPatient, "condition.xml", dosCond, "notes.txt", "x", "kapot.json", "{\n\"resourceType\": \"Patient\",,\n}"); status != 422 || !strings.Contains(page, "kapot.json") || !strings.Contains(page, "regel 2") {
		i := strings.Index(page, "role=\"alert\"")
		t.Fatalf("broken file among several: %d %s", status, page[max(0, i-100):min(len(page), i+400)])
	}
	if status, page := post("patient.json", dosPatient, "condition.xml", dosCond, "notes.txt", "x"); status != http.StatusSeeOther {
		t.Fatalf("folder upload: %d %.300s", status, page)
	}
	list, _ := dossier.NewStore(e.db).ListFor(t.Context(), e.hid)
	if len(list) != 1 || list[0].Resources != 2 {
		t.Fatalf("dossiers %+v", list)
	}
	vs, _ := dossier.NewStore(e.db).Versions(t.Context(), list[0].ID)
	if len(vs) != 1 || vs[0].Source != "patient.json (+2)" {
		t.Errorf("versions %+v", vs)
	}
}
