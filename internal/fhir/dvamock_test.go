package fhir

import (
	"os"
	"path/filepath"
	"testing"
)

// dvaMockInvalid lists mock files whose JSON breaks the STU3 definitions;
// going through XML normalises them, so only JSON→XML→JSON differs.
var dvaMockInvalid = map[string]string{
	"ImmunizationRecommendation/zib-vaccinationrecommendation-02.json":      `doseSequence (positiveInt) written as the string "1432"`,
	"demo/ImmunizationRecommendation/zib-vaccinationrecommendation-02.json": `doseSequence (positiveInt) written as the string "1432"`,
	"Observation/zib-laboratorytestresult-observation-02.json":              "Observation.basedOn (0..*) written as an object, not an array",
	"demo/Observation/zib-laboratorytestresult-observation-02.json":         "Observation.basedOn (0..*) written as an object, not an array",
	"demo/Observation/Index.json":                                           "entry 8: Observation.basedOn (0..*) written as an object, not an array",
}

// TestDVAMockBundles round-trips the JSON resources and searchset Bundles
// of the DVA mock: JSON→JSON, and JSON→XML→JSON without loss.
func TestDVAMockBundles(t *testing.T) {
	dir := sharedDir(t, "dva-mock", "resources")
	fs := files(t, dir, ".json")
	if len(fs) < 200 {
		t.Fatalf("found %d JSON files, want at least 200", len(fs))
	}
	ok, entries := 0, 0
	versions := map[Version]int{}
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := roundTripJSON(data, Unknown); err != nil {
			t.Errorf("%s: JSON→JSON: %v", rel, err)
			continue
		}
		r, err := ParseJSON(data)
		if err != nil {
			t.Fatal(err)
		}
		versions[r.Version]++
		for _, e := range r.Entries() {
			if e.Resource == nil || e.Resource.Type() == "" {
				t.Errorf("%s: entry %q without resource", rel, e.FullURL)
			}
			entries++
		}
		x, err := MarshalXML(r)
		if err != nil {
			t.Errorf("%s: JSON→XML: %v", rel, err)
			continue
		}
		r2, err := ParseOptions{Version: r.Version}.ParseXML(x)
		if err != nil {
			t.Errorf("%s: reading our XML: %v", rel, err)
			continue
		}
		js, err := MarshalJSON(r2)
		if err != nil {
			t.Fatal(err)
		}
		err = sameJSON(data, js)
		reason, invalid := dvaMockInvalid[filepath.ToSlash(rel)]
		switch {
		case err != nil && !invalid:
			t.Errorf("%s: JSON→XML→JSON: %v", rel, err)
			continue
		case err == nil && invalid:
			t.Errorf("%s: listed as invalid (%s) but round-trips", rel, reason)
		case err != nil:
			continue
		}
		ok++
	}
	t.Logf("%d/%d files round-trip JSON→XML→JSON, %d listed as invalid JSON (%d Bundle entries); versions detected: STU3 %d, R4 %d, Unknown %d",
		ok, len(fs), len(dvaMockInvalid), entries, versions[STU3], versions[R4], versions[Unknown])
}
