package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/validate"
)

// TestValidatePage: a participant pastes or uploads a resource and sees
// each issue with severity, FHIRPath, line:column and a Dutch message; bad
// input is refused naming the field; without definitions the page says so.
func TestValidatePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		pool := validate.NewPool(t.TempDir(), map[fhir.Version][]string{
			fhir.R4: {"../../../shared/fhir/packages/hl7.fhir.r4.core", "../../../shared/fhir/packages/nictiz.fhir.nl.r4.zib2020"},
		})
		old := validate.SetDefaultPool(pool)
		t.Cleanup(func() { validate.SetDefaultPool(old) })
		e := newEnv(t, db)
		path := fmt.Sprintf("/hackathons/%d/validate", e.hid)

		status, body, _ := e.do("deelnemer", "GET", path, "", "")
		if status != 200 || !strings.Contains(body, `id="validate-form"`) || !strings.Contains(body, "FHIR-resource valideren") {
			t.Fatalf("GET: %d %s", status, body)
		}

		bad := "{\n  \"resourceType\": \"Patient\",\n  \"gender\": \"mannelijk\",\n  \"colour\": \"blue\"\n}"
		status, body, _ = e.form("deelnemer", path, url.Values{"resource": {bad}, "fhir_version": {"auto"}})
		if status != 200 {
			t.Fatalf("paste: %d %s", status, body)
		}
		for _, want := range []string{`id="validate-issues"`, "<code>Patient.gender</code>", "<td>3:3</td>", "zit niet in waardelijst", "onbekend element", "<td>fout</td>", "2 fouten"} {
			if !strings.Contains(body, want) {
				t.Errorf("paste: no %q in the result", want)
			}
		}

		// an upload, in English
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "patient.json")
		fw.Write([]byte(`{"resourceType":"Patient","id":"p1","gender":"male"}`))
		mw.WriteField("fhir_version", "R4")
		mw.WriteField("profile", "http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient")
		mw.Close()
		status, body, _ = e.do("deelnemer", "POST", path, mw.FormDataContentType(), buf.String(), "Accept-Language", "en", "Cookie", "lang=en")
		if status != 200 || !strings.Contains(body, "patient.json") || !strings.Contains(body, `id="validate-summary"`) {
			t.Fatalf("upload: %d %s", status, body)
		}

		for _, c := range []struct {
			name   string
			form   url.Values
			status int
			want   string
		}{
			{"empty", url.Values{"resource": {"  "}}, 422, "Kies een bestand of plak een resource"},
			{"not FHIR", url.Values{"resource": {"{\n \"resourceType\": \"Patient\",\n \"id\": }"}}, 422, "regel 3"},
			{"relative profile", url.Values{"resource": {`{"resourceType":"Patient"}`}, "profile": {"nl-core-Patient"}}, 422, "volledige URL"},
			{"bad version", url.Values{"resource": {`{"resourceType":"Patient"}`}, "fhir_version": {"R5"}}, 422, "Kies R4, STU3"},
			{"too large", url.Values{"resource": {strings.Repeat(" ", 950<<10)}}, 413, "groter dan 900 KB"},
			{"no STU3 definitions", url.Values{"resource": {`{"resourceType":"Patient"}`}, "fhir_version": {"STU3"}}, 503, "geen definities ingesteld"},
		} {
			status, body, _ := e.form("deelnemer", path, c.form)
			if status != c.status || !strings.Contains(body, c.want) {
				i := strings.Index(body, "<main")
				t.Errorf("%s: %d, want %d with %q:\n%s", c.name, status, c.status, c.want, body[max(i, 0):])
			}
		}

		validate.SetDefaultPool(validate.NewPool("", nil))
		status, body, _ = e.do("deelnemer", "GET", path, "", "")
		if status != http.StatusOK || !strings.Contains(body, `id="validate-unavailable"`) {
			t.Fatalf("no definitions: %d", status)
		}
	})
}
