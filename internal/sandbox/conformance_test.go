package sandbox

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirsearch"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestResponsesParseAsDeclared runs the searches of the qualification
// scripts (BgZ 48, PDF/A 51, vaccinations 63) and reads against the
// reference DVA in JSON and XML. Every answer must parse in the FHIR
// release its endpoint declares, use only elements that release defines
// (repeating ones as JSON arrays, single ones not), say the same in both
// formats, and survive JSON → XML → JSON unchanged.
func TestResponsesParseAsDeclared(t *testing.T) {
	db := storetest.SQLite(t)
	pdfa, err := dossier.LoadDir(filepath.Join(pdfaCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Skipf("PDF/A fixtures: %v", err)
	}
	pset, err := dossier.NewSet("PDF/A", "pdfa:", pdfa)
	if err != nil {
		t.Fatal(err)
	}
	vacc, err := dossier.LoadDir(filepath.Join(immunization, "Cert", "_reference", "resources"), fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	vset, err := dossier.NewSet("Vaccinaties", "imm:", vacc)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvSource(t, db, Merge(ForService("48", bgzSet(t)), ForService("51", pset), ForService("63", vset)), testPatient, Options{})
	type target struct {
		svc, key, scope string
		v               fhir.Version
		scripts         string
	}
	n := 0
	for _, tg := range []target{
		{"48", testPatient, "ketentest~48", fhir.STU3, filepath.Join(bgzCert, "PHR-Client")},
		{"51", "pdfa:example-pdfa-kwalificatie1", "ketentest~51", fhir.STU3, filepath.Join(pdfaCert, "XIS-Server")},
		{"63", vaccPatient, "ketentest~63", fhir.R4, filepath.Join(immunization, "Cert", "XIS-Server")},
	} {
		tok := e.as(tg.key, tg.scope).token(t).AccessToken
		files, _ := filepath.Glob(filepath.Join(tg.scripts, "*.xml"))
		paths := map[string]bool{}
		for _, f := range files {
			for _, q := range scriptQueries(t, f) {
				if q.Resource == "" || strings.Contains(q.Params, "$") && !strings.Contains(q.Params, "$lastn") {
					continue
				}
				q.Params = fhirsearch.ResolveDates(q.Params, time.Now(), nil)
				if strings.Contains(q.Params, "${") {
					continue // ids the script fills in from earlier answers
				}
				paths["/"+tg.svc+strings.TrimPrefix(q.requestPath(), "")] = true
			}
		}
		if len(paths) < 2 {
			t.Fatalf("%s: only %d searches in %s", tg.svc, len(paths), tg.scripts)
		}
		for p := range paths {
			jr, j := e.fhirGet(t, p, tok, map[string]string{"Accept": "application/fhir+json"})
			xr, x := e.fhirGet(t, p, tok, map[string]string{"Accept": "application/fhir+xml"})
			if jr.StatusCode == 404 && xr.StatusCode == 404 && !strings.Contains(p, "?") {
				checkDeclared(t, p, tg.v, j, x) // a read of an id the fixtures lack: the OperationOutcome
				continue
			}
			if jr.StatusCode != 200 || xr.StatusCode != 200 {
				t.Errorf("%s: %d/%d %s", p, jr.StatusCode, xr.StatusCode, trunc(j))
				continue
			}
			checkDeclared(t, p, tg.v, j, x)
			n++
			// Read every resource of the answer too.
			b, _ := fhir.ParseOptions{Version: tg.v}.Parse(j)
			for _, en := range b.Entries() {
				rp := "/" + tg.svc + "/fhir/" + en.Resource.Type() + "/" + en.Resource.ID()
				jr, j := e.fhirGet(t, rp, tok, map[string]string{"Accept": "application/fhir+json"})
				xr, x := e.fhirGet(t, rp, tok, map[string]string{"Accept": "application/fhir+xml"})
				if jr.StatusCode != 200 || xr.StatusCode != 200 {
					t.Errorf("%s: %d/%d", rp, jr.StatusCode, xr.StatusCode)
					continue
				}
				checkDeclared(t, rp, tg.v, j, x)
				n++
			}
		}
	}
	t.Logf("%d answers checked in JSON and XML", n)
}

func checkDeclared(t *testing.T, path string, v fhir.Version, j, x []byte) {
	t.Helper()
	rj, err := fhir.ParseOptions{Version: v}.Parse(j)
	if err != nil {
		t.Errorf("%s: JSON does not parse as %s: %v", path, v, err)
		return
	}
	rx, err := fhir.ParseOptions{Version: v}.Parse(x)
	if err != nil {
		t.Errorf("%s: XML does not parse as %s: %v", path, v, err)
		return
	}
	for _, p := range shapeProblems(v, rj.Type(), rj.Root, path) {
		t.Errorf("%s", p)
	}
	if got, err := fhir.MarshalJSON(rx); err != nil || !bytes.Equal(got, j) {
		t.Errorf("%s: the XML answer says something else than the JSON one: %v\n%s\n%s", path, err, trunc(got), trunc(j))
	}
	xb, err := fhir.MarshalXML(rj)
	if err != nil {
		t.Errorf("%s: to XML: %v", path, err)
		return
	}
	back, err := fhir.ParseOptions{Version: v}.Parse(xb)
	if err != nil {
		t.Errorf("%s: JSON→XML does not parse: %v", path, err)
		return
	}
	if got, _ := fhir.MarshalJSON(back); !bytes.Equal(got, j) {
		t.Errorf("%s: JSON → XML → JSON changed the answer", path)
	}
}

// shapeProblems lists elements below n (of FHIR type typ) that release v
// does not define there, and arrays where the cardinality says otherwise.
func shapeProblems(v fhir.Version, typ string, n *fhir.Node, at string) []string {
	var out []string
	for _, c := range n.Children {
		if c.IsResource() {
			out = append(out, shapeProblems(v, c.Resource, c, at+"/"+c.Resource)...)
			continue
		}
		info, ok := fhir.LookupElement(v, typ, c.Name)
		if !ok {
			out = append(out, at+": "+typ+"."+c.Name+" is not an element of "+v.String())
			continue
		}
		if c.Array != info.Many {
			out = append(out, at+": "+typ+"."+c.Name+" written as array="+boolStr(c.Array)+", cardinality many="+boolStr(info.Many))
		}
		if c.Kind == fhir.KindComplex && info.Type != "" && c.Name != "div" {
			out = append(out, shapeProblems(v, info.Type, c, at)...)
		}
	}
	return out
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestShapeProblemsFinds: the shape check itself catches an R4 array in
// STU3 and an element the release lacks.
func TestShapeProblemsFinds(t *testing.T) {
	r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Flag","id":"f","status":"active","category":[{"text":"x"}],"code":{"text":"y"},"subject":{"reference":"Patient/p"},"foo":"1"}`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(shapeProblems(fhir.STU3, "Flag", r.Root, "Flag"), "\n")
	if !strings.Contains(got, "Flag.category written as array=true") || !strings.Contains(got, "Flag.foo is not an element") {
		t.Errorf("problems: %s", got)
	}
}
