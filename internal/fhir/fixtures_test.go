package fhir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureSets are the XML test dossiers of the MedMij qualification
// scripts and the Nictiz zib examples, with the FHIR version they use.
var fixtureSets = []struct {
	dir     []string // below shared/fhir
	version Version
	min     int // at least this many files must be found
}{
	{[]string{"testscripts", "STU3", "BgZ-3-0", "Cert", "_reference"}, STU3, 60},
	{[]string{"testscripts", "STU3", "BgZ-3-0", "Test", "_reference"}, STU3, 60},
	{[]string{"testscripts", "STU3", "GenPractData-2-0"}, STU3, 140},
	{[]string{"testscripts", "STU3", "PDFA-3-0"}, STU3, 40},
	{[]string{"testscripts", "R4", "Immunization-2-0"}, R4, 50},
	{[]string{"examples", "nl-zib2017"}, STU3, 200},
	{[]string{"examples", "nl-zib2020"}, R4, 270},
}

// fixtureFiles returns the XML resources below dir: for test scripts the
// files in _reference/resources* folders, otherwise all XML files.
func fixtureFiles(t *testing.T, dir string) []string {
	var out []string
	for _, f := range files(t, dir, ".xml") {
		if strings.Contains(f, "testscripts") && !strings.Contains(filepath.ToSlash(f), "/_reference/resources") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// TestFixturesRoundTrip parses every fixture and checks XML→tree→XML and
// XML→JSON→XML without loss, with the version given and detected.
func TestFixturesRoundTrip(t *testing.T) {
	sharedDir(t)
	for _, set := range fixtureSets {
		name := strings.Join(set.dir, "/")
		t.Run(name, func(t *testing.T) {
			fs := fixtureFiles(t, sharedDir(t, set.dir...))
			if len(fs) < set.min {
				t.Fatalf("found %d XML files, want at least %d", len(fs), set.min)
			}
			ok := 0
			detected := map[Version]int{}
			for _, f := range fs {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(sharedDir(t), f)
				if err := roundTripXML(data, set.version); err != nil {
					t.Errorf("%s: XML→XML: %v", rel, err)
					continue
				}
				if err := xmlJSONXML(data, set.version); err != nil {
					t.Errorf("%s: XML→JSON→XML: %v", rel, err)
					continue
				}
				r, err := ParseXML(data)
				if err != nil {
					t.Errorf("%s: %v", rel, err)
					continue
				}
				detected[r.Version]++
				ok++
			}
			t.Logf("%d/%d files round-trip; version detected without hint: STU3 %d, R4 %d, Unknown %d",
				ok, len(fs), detected[STU3], detected[R4], detected[Unknown])
			wrong := STU3
			if set.version == STU3 {
				wrong = R4
			}
			if detected[wrong] > 0 {
				t.Errorf("%d %v files detected as %v", detected[wrong], set.version, wrong)
			}
		})
	}
}

// xmlJSONXML converts XML to JSON, parses that and writes XML again, which
// must equal the input.
func xmlJSONXML(data []byte, v Version) error {
	r, err := ParseOptions{Version: v}.ParseXML(data)
	if err != nil {
		return err
	}
	js, err := MarshalJSON(r)
	if err != nil {
		return err
	}
	r2, err := ParseOptions{Version: v}.ParseJSON(js)
	if err != nil {
		return err
	}
	out, err := MarshalXML(r2)
	if err != nil {
		return err
	}
	return sameXML(data, out)
}
