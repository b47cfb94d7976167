package conformance

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

var cachePaths = []string{shared + "hl7.fhir.r4.core", shared + "nictiz.fhir.nl.r4.zib2020"}

// TestLoadCachedSameAsLoad: a warm cache gives the same resources and the
// same generated snapshots (element ids and JSON) as loading the packages.
func TestLoadCachedSameAsLoad(t *testing.T) {
	dir := t.TempDir()
	cold, info, err := LoadCached(dir, cachePaths...)
	if err != nil {
		t.Fatal(err)
	}
	if info.Hit || info.WriteErr != nil || info.File == "" {
		t.Fatalf("cold load: %+v", info)
	}
	warm, info2, err := LoadCached(dir, cachePaths...)
	if err != nil {
		t.Fatal(err)
	}
	if !info2.Hit || info2.File != info.File {
		t.Fatalf("warm load did not read the cache: %+v", info2)
	}
	if cold.Len() != warm.Len() || len(cold.Problems) != len(warm.Problems) {
		t.Fatalf("cold %d resources, %d problems; warm %d, %d", cold.Len(), len(cold.Problems), warm.Len(), len(warm.Problems))
	}
	plain, err := loadPaths(cachePaths)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range plain.All("StructureDefinition") {
		w := warm.Lookup(r.URL)
		if w == nil || w.Type != r.Type || w.Name != r.Name || w.Source != r.Source {
			t.Fatalf("%s: warm %+v", r.URL, w)
		}
		if r.Parsed().Root.Child("snapshot") != nil {
			continue
		}
		want, err1 := plain.Snapshot(r.URL)
		got, err2 := warm.Snapshot(r.URL)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s: errors %v / %v", r.URL, err1, err2)
		}
		if err1 != nil {
			continue
		}
		if len(got.Elements) != len(want.Elements) || got.Type != want.Type || len(got.Warnings) != len(want.Warnings) {
			t.Fatalf("%s: %d elements (want %d)", r.URL, len(got.Elements), len(want.Elements))
		}
		for i := range want.Elements {
			a, b := grouped(want.Elements[i]), got.Elements[i]
			a.Name, a.Array = b.Name, b.Array
			if a.ID != b.ID || !a.Equal(b) {
				t.Fatalf("%s: element %d: %s differs from %s", r.URL, i, b.ID, a.ID)
			}
		}
		checked++
	}
	if checked < 300 {
		t.Fatalf("only %d generated snapshots compared", checked)
	}
}

// TestLoadCachedKeyAndCorruption: a changed file gives a new cache file; a
// damaged cache file is not used but rebuilt.
func TestLoadCachedKeyAndCorruption(t *testing.T) {
	defs := t.TempDir()
	vs := `{"resourceType":"ValueSet","url":"http://example.org/vs","version":"1","status":"active"}`
	f := filepath.Join(defs, "vs.json")
	if err := os.WriteFile(f, []byte(vs), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, info, err := LoadCached(dir, defs)
	if err != nil || info.Hit {
		t.Fatalf("first load: %+v %v", info, err)
	}
	// damage one byte in the middle: the CRC no longer matches.
	data, err := os.ReadFile(info.File)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(info.File, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, info2, err := LoadCached(dir, defs)
	if err != nil || info2.Hit || s.Lookup("http://example.org/vs") == nil {
		t.Fatalf("damaged cache: %+v %v", info2, err)
	}
	if _, info3, _ := LoadCached(dir, defs); !info3.Hit {
		t.Fatal("the rebuilt cache is not used")
	}
	// a changed file (size and mtime) gives another key.
	if err := os.WriteFile(f, []byte(vs[:len(vs)-1]+`,"name":"X"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(f, later, later); err != nil {
		t.Fatal(err)
	}
	s, info4, err := LoadCached(dir, defs)
	if err != nil || info4.Hit || info4.File == info.File {
		t.Fatalf("changed file: %+v %v", info4, err)
	}
	if r := s.Lookup("http://example.org/vs"); r == nil || r.Name != "X" {
		t.Fatalf("changed file not reloaded: %+v", r)
	}
	// a truncated file is not a cache.
	for _, n := range []int{0, 5, 20} {
		if _, err := readCache(data[:n]); err == nil {
			t.Errorf("readCache of %d bytes: no error", n)
		}
	}
	// no cache folder: plain load.
	if _, info5, err := LoadCached("", defs); err != nil || info5.File != "" || info5.Hit {
		t.Fatalf("no cache: %+v %v", info5, err)
	}
}

// TestCachedResourcesParseConcurrently: lazily parsed resources are safe
// to use from several goroutines.
func TestCachedResourcesParseConcurrently(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LoadCached(dir, shared+"hl7.fhir.r4.core/profiles-types.json"); err != nil {
		t.Fatal(err)
	}
	s, info, err := LoadCached(dir, shared+"hl7.fhir.r4.core/profiles-types.json")
	if err != nil || !info.Hit {
		t.Fatal(info, err)
	}
	r := s.Lookup("http://hl7.org/fhir/StructureDefinition/HumanName")
	done := make(chan *fhir.Resource)
	for range 4 {
		go func() { done <- r.Parsed() }()
	}
	first := <-done
	for range 3 {
		if p := <-done; p != first {
			t.Fatal("parsed twice")
		}
	}
	if first.Root.String("name") != "HumanName" {
		t.Fatalf("parsed %q", first.Root.String("name"))
	}
}

// BenchmarkLoadCachedWarm measures start-up with R4 core and nl-core from
// a warm cache: reading the index, then the definitions one validation of
// a nl-core Patient needs.
func BenchmarkLoadCachedWarm(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := LoadCached(dir, cachePaths...); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, info, err := LoadCached(dir, cachePaths...)
		if err != nil || !info.Hit {
			b.Fatal(info, err)
		}
		if _, err := s.Snapshot("http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadUncached is the same start-up without a cache.
func BenchmarkLoadUncached(b *testing.B) {
	for b.Loop() {
		s, err := loadPaths(cachePaths)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Snapshot("http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"); err != nil {
			b.Fatal(err)
		}
	}
}
