package conformance

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

var r4core = sync.OnceValues(func() (*Set, error) {
	s := NewSet()
	for _, f := range []string{"profiles-types.json", "profiles-resources.json", "extension-definitions.json"} {
		if err := s.Load(shared + "hl7.fhir.r4.core/" + f); err != nil {
			return nil, err
		}
	}
	return s, nil
})

// loadCore returns a fresh set holding the R4 core definitions (the parsed
// trees are shared, read-only).
func loadCore(t testing.TB) *Set {
	t.Helper()
	core, err := r4core()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet()
	for _, r := range core.All("") {
		s.Add(r.Source, r.Parsed())
	}
	return s
}

// summary describes a snapshot element for comparison.
func summary(e *fhir.Node) string {
	var types []string
	for _, t := range e.ChildrenNamed("type") {
		types = append(types, t.String("code")+strings.Join(t.Strings("profile"), ","))
	}
	return fmt.Sprintf("%s min=%s max=%s types=%s", elemID(e), e.String("min"), e.String("max"), strings.Join(types, "|"))
}

// TestSnapshotMatchesPublishedCoreProfiles strips the published snapshots
// of the R4 core profiles (vital signs, body weight, ...), generates them
// from their differentials and compares ids, cardinalities and types.
func TestSnapshotMatchesPublishedCoreProfiles(t *testing.T) {
	s := loadCore(t)
	others := NewSet()
	if err := others.Load(shared + "hl7.fhir.r4.core/profiles-others.json"); err != nil {
		t.Fatal(err)
	}
	published := map[string][]*fhir.Node{}
	for _, r := range others.All("StructureDefinition") {
		root := r.Parsed().Root
		if root.String("derivation") != "constraint" || root.Child("differential") == nil || root.Child("snapshot") == nil {
			continue
		}
		published[r.URL] = root.Child("snapshot").ChildrenNamed("element")
		c := root.Clone()
		removeChildren(c, "snapshot")
		s.Add(r.Source, &fhir.Resource{Root: c, Version: fhir.R4})
	}
	if len(published) < 20 {
		t.Fatalf("only %d core profiles with snapshots", len(published))
	}
	// known differences, each explained
	known := map[string]string{
		// the publisher also expands the children of value[x] in a slice
		// whose diff constrains nothing below it; the generator expands
		// only what a differential reaches (the validator expands lazily).
		"http://hl7.org/fhir/StructureDefinition/bp":                   "unconstrained children expanded by the publisher",
		"http://hl7.org/fhir/StructureDefinition/elementdefinition-de": "unconstrained children expanded by the publisher",
		// its differential names EvidenceVariable.characteristic elements
		// of a later EvidenceVariable draft (definition[x], usageContext,
		// ...) that R4 4.0.1 does not have: a broken core profile.
		"http://hl7.org/fhir/StructureDefinition/picoelement": "differential from another EvidenceVariable version",
	}
	same := 0
	for url, want := range published {
		if known[url] != "" {
			continue
		}
		snap, err := s.Snapshot(url)
		if err != nil {
			t.Errorf("%s: %v", url, err)
			continue
		}
		if len(snap.Warnings) > 0 {
			t.Errorf("%s: warnings %v", url, snap.Warnings)
		}
		got := map[string]string{}
		for _, e := range snap.Elements {
			got[elemID(e)] = summary(e)
		}
		ok := true
		for _, w := range want {
			ws := summary(w)
			if g := got[elemID(w)]; g != ws {
				if ok {
					t.Errorf("%s: element %s\n got  %q\n want %q", url, elemID(w), g, ws)
				}
				ok = false
			}
		}
		if ok {
			same++
		}
	}
	if same != len(published)-len(known) {
		t.Errorf("%d of %d core profiles match", same, len(published)-len(known))
	}
	t.Logf("%d of %d core profiles regenerated with the published ids, cardinalities and types", same, len(published))
}

func TestSnapshotNictizZib2020(t *testing.T) {
	s := loadCore(t)
	if err := s.Load(shared + "nictiz.fhir.nl.r4.zib2020"); err != nil {
		t.Fatal(err)
	}
	n, warned := 0, 0
	for _, r := range s.All("StructureDefinition") {
		if !strings.HasPrefix(r.URL, "http://nictiz.nl/") {
			continue
		}
		snap, err := s.Snapshot(r.URL)
		if err != nil {
			t.Errorf("%s: %v", r.URL, err)
			continue
		}
		n++
		if len(snap.Warnings) > 0 {
			warned++
			t.Logf("%s: %v", r.URL, snap.Warnings)
		}
	}
	t.Logf("%d Nictiz snapshots, %d with warnings", n, warned)
	if warned > 0 {
		t.Errorf("%d profiles have differential elements that were not placed", warned)
	}
	snap, err := s.Snapshot("http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*fhir.Node{}
	for _, e := range snap.Elements {
		byID[elemID(e)] = e
	}
	slice := byID["Patient.name:nameInformation"]
	if slice == nil || slice.String("sliceName") != "nameInformation" {
		t.Fatalf("slice nameInformation missing")
	}
	if byID["Patient.identifier"] == nil || byID["Patient.identifier"].String("max") != "*" {
		t.Errorf("inherited Patient.identifier missing or changed")
	}
	if byID["Patient.identifier:bsn"] == nil {
		t.Errorf("slice Patient.identifier:bsn (from zib-Patient) missing")
	}
}

func sd(url, base, typ string, elems ...string) *fhir.Resource {
	root := &fhir.Node{Name: "StructureDefinition", Resource: "StructureDefinition"}
	root.Append(fhir.NewString("url", url), fhir.NewString("type", typ), fhir.NewString("derivation", "constraint"))
	if base != "" {
		root.Append(fhir.NewString("baseDefinition", base))
	}
	diff := fhir.NewElement("differential")
	for _, e := range elems {
		id, min, _ := strings.Cut(e, "=")
		el := &fhir.Node{Name: "element", ID: id}
		p, _, _ := strings.Cut(id, ":")
		el.Append(fhir.NewString("path", p))
		if min != "" {
			el.Append(fhir.NewNumber("min", min))
		}
		diff.Append(el)
	}
	root.Append(diff)
	return &fhir.Resource{Root: root, Version: fhir.R4}
}

func TestSnapshotBadProfiles(t *testing.T) {
	s := loadCore(t)
	s.Add("a.json", sd("http://x/a", "http://x/b", "Patient"))
	s.Add("b.json", sd("http://x/b", "http://x/a", "Patient"))
	s.Add("c.json", sd("http://x/c", "http://x/missing", "Patient"))
	s.Add("d.json", sd("http://x/d", "http://hl7.org/fhir/StructureDefinition/Patient", "Patient", "Patient.gender=1", "Patient.nonsense=1", "Patient.name.given=1"))
	if _, err := s.Snapshot("http://x/a"); !errors.Is(err, ErrCycle) {
		t.Errorf("cycle: %v", err)
	}
	if _, err := s.Snapshot("http://x/c"); err == nil || !strings.Contains(err.Error(), "http://x/missing") || !strings.Contains(err.Error(), "c.json") {
		t.Errorf("missing base: %v", err)
	}
	snap, err := s.Snapshot("http://x/d")
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Warnings) != 1 || !strings.Contains(snap.Warnings[0], "Patient.nonsense") {
		t.Errorf("warnings = %v", snap.Warnings)
	}
	var given, gender string
	for _, e := range snap.Elements {
		switch elemID(e) {
		case "Patient.name.given":
			given = e.String("min")
		case "Patient.gender":
			gender = e.String("min")
		}
	}
	if given != "1" || gender != "1" {
		t.Errorf("given min %q, gender min %q; want 1 and 1 (name expanded from HumanName)", given, gender)
	}
}

var typesOnly = sync.OnceValues(func() (*Set, error) {
	s := NewSet()
	return s, s.Load(shared + "hl7.fhir.r4.core/profiles-types.json")
})

// FuzzSnapshot generates snapshots of fuzzed differentials on the Timing
// datatype (slices, re-slices, choices, unknown and malformed ids, a
// profile on a profile): never a panic, never an endless loop.
func FuzzSnapshot(f *testing.F) {
	f.Add("Timing.repeat.bounds[x]:boundsPeriod.start=1", "Timing.event:a/b=1", "Timing.code.coding.system=1")
	f.Add("Timing.repeat.boundsDuration.value=1", "Timing.event:a=1", "Timing..x=1")
	f.Add("Timing.extension:x.value[x]=1", "Timing:a=1", ".=")
	core, err := typesOnly()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		s := NewSet()
		for _, r := range core.All("StructureDefinition") {
			s.Add(r.Source, r.Parsed())
		}
		s.Add("f.json", sd("http://x/f", "http://hl7.org/fhir/StructureDefinition/Timing", "Timing", a, b, c))
		s.Add("g.json", sd("http://x/g", "http://x/f", "Timing", c, a))
		_, _ = s.Snapshot("http://x/g")
	})
}
