package conformance

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const shared = "../../../shared/fhir/packages/"

func TestLoadCoreTypesBundle(t *testing.T) {
	s := NewSet()
	if err := s.Load(shared + "hl7.fhir.r4.core/profiles-types.json"); err != nil {
		t.Fatal(err)
	}
	r := s.Lookup("http://hl7.org/fhir/StructureDefinition/HumanName")
	if r == nil || r.Type != "StructureDefinition" || r.Version != "4.0.1" {
		t.Fatalf("HumanName = %+v", r)
	}
	if s.Lookup("http://hl7.org/fhir/StructureDefinition/HumanName|4.0.1") != r {
		t.Error("lookup with |version did not find it")
	}
	if s.Lookup("http://hl7.org/fhir/StructureDefinition/HumanName|3.0.1") != nil {
		t.Error("lookup with a wrong version found something")
	}
	if !strings.Contains(r.Source, "#entry[") {
		t.Errorf("source %q does not name the bundle entry", r.Source)
	}
}

func TestLoadNictizFolder(t *testing.T) {
	s := NewSet()
	if err := s.Load(shared + "nictiz.fhir.nl.r4.zib2020"); err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) != 0 {
		t.Errorf("problems: %v", s.Problems)
	}
	sd := s.Lookup("http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient")
	if sd == nil || sd.Type != "StructureDefinition" {
		t.Fatalf("nl-core-Patient not loaded (%d resources)", s.Len())
	}
	if len(s.All("ValueSet")) < 100 || len(s.All("CodeSystem")) == 0 {
		t.Errorf("value sets %d, code systems %d", len(s.All("ValueSet")), len(s.All("CodeSystem")))
	}
}

func TestLoadSTU3Folder(t *testing.T) {
	s := NewSet()
	if err := s.Load(shared + "nictiz.fhir.nl.stu3.zib2017"); err != nil {
		t.Fatal(err)
	}
	if s.Lookup("http://fhir.nl/fhir/StructureDefinition/nl-core-patient") == nil {
		t.Fatalf("nl-core-patient not loaded (%d resources, problems %v)", s.Len(), s.Problems)
	}
}

func tgz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

const vsJSON = `{"resourceType":"ValueSet","url":"http://example.org/vs","version":"1","status":"active"}`

func TestLoadPackageTgzAndCache(t *testing.T) {
	data := tgz(t, map[string]string{
		"package/package.json":         `{"name":"example","version":"1.0.0"}`,
		"package/ValueSet-vs.json":     vsJSON,
		"package/example/Patient.json": `{"resourceType":"Patient"}`,
		"package/broken.json":          `{"resourceType":"ValueSet",`,
		"package/other/ignored.json":   `not json`,
	})
	dir := t.TempDir()
	p := filepath.Join(dir, "package.tgz")
	os.WriteFile(p, data, 0o644)
	s := NewSet()
	if err := s.Load(p); err != nil {
		t.Fatal(err)
	}
	if s.Lookup("http://example.org/vs|1") == nil {
		t.Fatal("value set from the package not found")
	}
	if len(s.Problems) != 1 || !strings.Contains(s.Problems[0].Error(), "broken.json") || !strings.Contains(s.Problems[0].Error(), "line 1") {
		t.Errorf("problems = %v, want one naming broken.json and its line", s.Problems)
	}

	home := t.TempDir()
	cache := CachePath(home, "example", "1.0.0")
	os.MkdirAll(cache, 0o755)
	os.WriteFile(filepath.Join(cache, "ValueSet-vs.json"), []byte(vsJSON), 0o644)
	s2 := NewSet()
	if err := s2.Load(filepath.Dir(cache)); err != nil {
		t.Fatal(err)
	}
	if s2.Lookup("http://example.org/vs") == nil {
		t.Error("cache entry <id>#<version> not loaded through its package folder")
	}
}

func TestLoadBadInput(t *testing.T) {
	dir := t.TempDir()
	notGzip := filepath.Join(dir, "a.tgz")
	os.WriteFile(notGzip, []byte("hello"), 0o644)
	noManifest := filepath.Join(dir, "b.tgz")
	os.WriteFile(noManifest, tgz(t, map[string]string{"x/ValueSet.json": vsJSON}), 0o644)
	for _, p := range []string{notGzip, noManifest} {
		err := NewSet().Load(p)
		if !errors.Is(err, ErrNotPackage) || !strings.Contains(err.Error(), p) {
			t.Errorf("Load(%s) = %v, want ErrNotPackage naming the file", p, err)
		}
	}
	if err := NewSet().Load(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing path: %v", err)
	}
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte("<ValueSet xmlns=\"http://hl7.org/fhir\">\n<url value=\"x\">"), 0o644)
	if err := NewSet().Load(bad); err == nil || !strings.Contains(err.Error(), "bad.xml") || !strings.Contains(err.Error(), "line") {
		t.Errorf("bad xml: %v", err)
	}
}
