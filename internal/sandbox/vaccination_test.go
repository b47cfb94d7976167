package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const immunization = "../../../shared/fhir/testscripts/R4/Immunization-2-0"

// qualificationPatients maps the pre-issued qualification tokens to the
// patient ids they stand for.
func qualificationPatients(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../../../shared/fhir/testscripts/Configuration/QualificationTokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct{ AccessToken, ResourceID string }
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range list {
		out[strings.TrimPrefix(e.AccessToken, "Bearer ")] = e.ResourceID
	}
	return out
}

var bearerRE = regexp.MustCompile(`value="Bearer ([0-9a-f-]{36})"`)

// scriptPatient returns the patient a TestScript is written for.
func scriptPatient(t *testing.T, file string, tokens map[string]string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := bearerRE.FindSubmatch(data)
	if m == nil || tokens[string(m[1])] == "" {
		t.Fatalf("%s: no qualification token", file)
	}
	return tokens[string(m[1])]
}

// TestVaccinations loads the Nictiz vaccination (R4, data service 63)
// fixtures of Cert and Test as stored dossiers, then runs every search of
// the PHR-Client and XIS-Server scripts as the patient each script is
// written for, through the OAuth flow with scope ketentest~63, checking the
// resource counts the scripts expect and reading the Medication each
// Immunization names, as the XIS-Server script does.
func TestVaccinations(t *testing.T) {
	if _, err := os.Stat(immunization); err != nil {
		t.Skipf("FHIR material not found at %s: %v", immunization, err)
	}
	tokens := qualificationPatients(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, goal := range []string{"Cert", "Test"} {
			t.Run(goal, func(t *testing.T) {
				rs, err := dossier.LoadDir(filepath.Join(immunization, goal, "_reference", "resources"), fhir.R4)
				if err != nil {
					t.Fatal(err)
				}
				st := dossier.NewStore(db)
				id, err := st.Create(t.Context(), 0, "Vaccinaties "+goal, "63", fhir.R4)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := st.AddVersion(t.Context(), id, "fixtures", rs); err != nil {
					t.Fatal(err)
				}
				e := newEnvSource(t, db, st, "", Options{})
				scripts, _ := filepath.Glob(filepath.Join(immunization, goal, "*", "*.xml"))
				ran := 0
				content := map[string]int{}
				for _, file := range scripts {
					role := filepath.Base(filepath.Dir(file))
					if role != "PHR-Client" && role != "XIS-Server" {
						continue
					}
					patient := scriptPatient(t, file, tokens)
					pe := e.as(fmt.Sprintf("%d:%s", id, patient), "ketentest~63")
					tr := pe.token(t)
					hdr := map[string]string{}
					if strings.HasSuffix(file, "-xml.xml") {
						hdr["Accept"] = "application/fhir+xml"
					}
					for _, q := range scriptQueries(t, file) {
						path := "/63" + q.requestPath()
						resp, body := pe.fhirGet(t, path, tr.AccessToken, hdr)
						if resp.StatusCode != 200 {
							t.Fatalf("%s %s: %d %s", filepath.Base(file), path, resp.StatusCode, trunc(body))
						}
						if hdr["Accept"] != "" && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/fhir+xml") {
							t.Errorf("%s: Content-Type %q", path, resp.Header.Get("Content-Type"))
						}
						b, err := fhir.Parse(body)
						if err != nil {
							t.Fatal(err)
						}
						if b.Version != fhir.R4 {
							t.Errorf("%s: answered as %s", path, b.Version)
						}
						checkSearchSet(t, path, b)
						serverChecks(t, path, b, content)
						got := map[string]int{}
						for _, en := range b.Entries() {
							got[en.Resource.Type()]++
						}
						for typ, want := range q.Counts {
							if got[typ] != want && !q.Warn[typ] {
								t.Errorf("%s %s as %s: %d %s, script expects %d (got %v)", filepath.Base(file), path, patient, got[typ], typ, want, got)
							}
						}
						ran++
						if role == "XIS-Server" && q.Resource == "Immunization" {
							readProducts(t, pe, tr.AccessToken, b)
						}
					}
				}
				t.Logf("%d searches; content findings on the fixtures (not the server): %v", ran, content)
				if ran < 8 {
					t.Errorf("ran %d script searches, want at least 8", ran)
				}
			})
		}
	})
}

// readProducts reads the Medication of every Immunization's
// PharmaceuticalProduct extension, making a relative reference absolute with
// the self link's base, as the XIS-Server script does.
func readProducts(t *testing.T, e *env, token string, b *fhir.Resource) {
	t.Helper()
	self := ""
	for _, l := range b.Get("link") {
		if l.String("relation") == "self" {
			self = l.String("url")
		}
	}
	base := regexp.MustCompile(`Immunization[/?].*$`).ReplaceAllString(self, "")
	n := 0
	for _, en := range b.Entries() {
		if en.Resource.Type() != "Immunization" {
			continue
		}
		for _, ext := range en.Resource.Get("extension") {
			if ext.String("url") != "http://nictiz.nl/fhir/StructureDefinition/ext-imm-Vaccination.PharmaceuticalProduct" {
				continue
			}
			ref := ext.String("valueReference.reference")
			u := ref
			if strings.HasPrefix(ref, "Medication/") {
				u = base + ref
			}
			path := strings.TrimPrefix(u, e.srv.URL)
			resp, body := e.fhirGet(t, path, token, nil)
			if resp.StatusCode != 200 {
				t.Errorf("read %s: %d %s", u, resp.StatusCode, trunc(body))
				continue
			}
			m, err := fhir.Parse(body)
			if err != nil || m.Type() != "Medication" || "Medication/"+m.ID() != ref {
				t.Errorf("read %s: %v %s", u, err, trunc(body))
			}
			n++
		}
	}
	if n == 0 {
		t.Errorf("no PharmaceuticalProduct read from %s", self)
	}
}
