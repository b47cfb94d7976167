package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const fhirShared = "../../../shared/fhir/"

func validateArgs(extra ...string) []string {
	core := fhirShared + "packages/hl7.fhir.r4.core/"
	args := []string{"validate", "--package", core + "profiles-types.json", "--package", core + "profiles-resources.json",
		"--package", core + "valuesets.json", "--package", fhirShared + "packages/nictiz.fhir.nl.r4.zib2020"}
	return append(args, extra...)
}

// TestValidateExitCodesAndOutput: a valid file exits 0 (or 3 with only
// warnings), a broken one 4 naming the location, an unreadable one 5; the
// JSON output holds an OperationOutcome per file.
func TestValidateExitCodesAndOutput(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // the definitions cache goes here
	dir := t.TempDir()
	good, err := os.ReadFile(fhirShared + "examples/nl-zib2020/nl-core-Patient-01.xml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.xml"), good, 0o644)
	bad := bytes.Replace(good, []byte(`<birthDate value="1934-04-28"/>`), []byte(`<birthDate value="1934-13-28"/>`), 1)
	if bytes.Equal(bad, good) {
		t.Fatal("birthDate not found in the example")
	}
	os.WriteFile(filepath.Join(dir, "bad.xml"), bad, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"resourceType": "Patient",`), 0o644)

	var out, errOut bytes.Buffer
	code := run(context.Background(), validateArgs("--lang", "en", filepath.Join(dir, "good.xml")), &out, &errOut)
	if code != 0 && code != exitValidWarnings {
		t.Fatalf("good: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "ketentest", "fhir-definitions", "*.defs")); len(files) != 1 {
		t.Errorf("definitions cache files: %v", files)
	}
	out.Reset()
	errOut.Reset()
	code = run(context.Background(), validateArgs("--lang", "en", filepath.Join(dir, "good.xml"), filepath.Join(dir, "bad.xml")), &out, &errOut)
	if code != exitValidErrors || !regexp.MustCompile(`bad\.xml:[0-9]+:3: error: Patient\.birthDate: "1934-13-28" is not a valid date`).MatchString(out.String()) {
		t.Fatalf("bad: exit %d\n%s", code, out.String())
	}
	out.Reset()
	code = run(context.Background(), validateArgs("--format", "json", dir), &out, &errOut)
	if code != exitValidFatal {
		t.Fatalf("dir: exit %d\n%s", code, out.String())
	}
	var doc struct {
		Files []struct {
			File, Severity, Error string
			Outcome               map[string]any
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out.String())
	}
	if len(doc.Files) != 3 || doc.Files[0].Severity != "error" || doc.Files[1].Severity != "fatal" || !strings.Contains(doc.Files[1].Error, "line 1") ||
		doc.Files[0].Outcome["resourceType"] != "OperationOutcome" {
		t.Errorf("json files: %+v", doc.Files)
	}
	if !strings.Contains(out.String(), "is geen geldige date") {
		t.Errorf("default language is not Dutch:\n%s", out.String())
	}
}

func TestValidateBadCommandLine(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", "x.json"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "--package") {
		t.Errorf("no package: exit %d, %s", code, errOut.String())
	}
	if code := run(context.Background(), []string{"validate", "--package", "/nonexistent/pkg.tgz", "x.json"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "/nonexistent/pkg.tgz") {
		t.Errorf("missing package: exit %d, %s", code, errOut.String())
	}
}
