// Command gobench writes the comparison corpus of bench/validate-medplum
// and measures ketentest's validator on it.
//
//	gobench -write DIR      the Nictiz zib2020 examples as JSON plus, for
//	                        each, variants with one planted error each
//	gobench -measure DIR    validate every file of DIR (parse included),
//	                        print resources/s and the detection rate
//
// A variant counts as detected when it gives more errors than its base.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// entry is one file of the corpus manifest.
type entry struct {
	File string `json:"file"`
	Base string `json:"base"` // "" for a base file
	Kind string `json:"kind"` // the planted error, "" for a base file
}

// variants plant one error each into a resource (as a JSON object); false
// when the kind does not apply.
var variants = []struct {
	kind  string
	plant func(m map[string]any) bool
}{
	{"unknown-element", func(m map[string]any) bool { m["favouriteColour"] = "blue"; return true }},
	{"bad-id", func(m map[string]any) bool { m["id"] = "no spaces allowed"; return true }},
	{"empty-object", func(m map[string]any) bool { meta(m)["security"] = []any{map[string]any{}}; return true }},
	{"bad-code", func(m map[string]any) bool {
		if _, ok := m["status"].(string); !ok {
			return false
		}
		m["status"] = "bogus"
		return true
	}},
	{"bad-instant", func(m map[string]any) bool { meta(m)["lastUpdated"] = "2020-13-45T00:00:00Z"; return true }},
	{"too-many", func(m map[string]any) bool {
		m["implicitRules"] = []any{"http://a.example.org/rules", "http://b.example.org/rules"}
		return true
	}},
	{"wrong-primitive-type", func(m map[string]any) bool { m["language"] = 12; return true }},
}

func meta(m map[string]any) map[string]any {
	x, ok := m["meta"].(map[string]any)
	if !ok {
		x = map[string]any{}
		m["meta"] = x
	}
	return x
}

func main() {
	write := flag.String("write", "", "write the corpus to this folder")
	measure := flag.String("measure", "", "validate the corpus in this folder")
	shared := flag.String("shared", "../shared/fhir", "the shared FHIR material")
	cache := flag.String("cache", conformance.DefaultCacheDir(), "definitions cache folder")
	flag.Parse()
	var err error
	switch {
	case *write != "":
		err = writeCorpus(*shared, *write)
	case *measure != "":
		err = measureCorpus(*shared, *cache, *measure)
	default:
		err = fmt.Errorf("give -write DIR or -measure DIR")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(1)
	}
}

func writeCorpus(shared, dir string) error {
	files, err := filepath.Glob(filepath.Join(shared, "examples/nl-zib2020/*.xml"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no zib2020 examples under %s", shared)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var manifest []entry
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		r, err := fhir.ParseOptions{Version: fhir.R4}.Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		js, err := fhir.MarshalJSON(r)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".xml")
		base := name + ".json"
		if err := os.WriteFile(filepath.Join(dir, base), js, 0o644); err != nil {
			return err
		}
		manifest = append(manifest, entry{File: base})
		for _, v := range variants {
			var m map[string]any
			if err := json.Unmarshal(js, &m); err != nil {
				return err
			}
			if !v.plant(m) {
				continue
			}
			out, _ := json.MarshalIndent(m, "", "  ")
			file := name + "." + v.kind + ".json"
			if err := os.WriteFile(filepath.Join(dir, file), out, 0o644); err != nil {
				return err
			}
			manifest = append(manifest, entry{File: file, Base: base, Kind: v.kind})
		}
	}
	out, _ := json.MarshalIndent(manifest, "", " ")
	fmt.Printf("corpus: %d files (%d bases) in %s\n", len(manifest), len(files), dir)
	return os.WriteFile(filepath.Join(dir, "manifest.json"), out, 0o644)
}

func measureCorpus(shared, cache, dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return err
	}
	var manifest []entry
	if err := json.Unmarshal(data, &manifest); err != nil {
		return err
	}
	start := time.Now()
	set, info, err := conformance.LoadCached(cache,
		filepath.Join(shared, "packages/hl7.fhir.r4.core"), filepath.Join(shared, "packages/nictiz.fhir.nl.r4.zib2020"))
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	v := validate.New(set)
	srcs := make([][]byte, len(manifest))
	for i, e := range manifest {
		if srcs[i], err = os.ReadFile(filepath.Join(dir, e.File)); err != nil {
			return err
		}
	}
	ctx := context.Background()
	errorsOf := func(src []byte) int {
		issues, err := v.ValidateResource(ctx, src, fhir.R4, "")
		if err != nil {
			return 1
		}
		n := 0
		for _, is := range issues {
			if is.Severity >= validate.Error {
				n++
			}
		}
		return n
	}
	// first pass: warm the snapshot and expression caches, count errors
	counts := map[string]int{}
	for i, e := range manifest {
		counts[e.File] = errorsOf(srcs[i])
	}
	// timed passes
	rounds, n := 0, 0
	t0 := time.Now()
	for time.Since(t0) < 3*time.Second || rounds < 2 {
		for _, src := range srcs {
			errorsOf(src)
			n++
		}
		rounds++
	}
	el := time.Since(t0)
	detected, planted := 0, 0
	perKind := map[string][2]int{}
	baseErrors := 0
	for _, e := range manifest {
		if e.Base == "" {
			if counts[e.File] > 0 {
				baseErrors++
			}
			continue
		}
		planted++
		k := perKind[e.Kind]
		k[1]++
		if counts[e.File] > counts[e.Base] {
			detected++
			k[0]++
		}
		perKind[e.Kind] = k
	}
	fmt.Printf("ketentest: definitions loaded in %s (cache hit %v)\n", loaded.Round(time.Millisecond), info.Hit)
	fmt.Printf("ketentest: %d resources validated (parse included) in %s: %.0f resources/s\n", n, el.Round(time.Millisecond), float64(n)/el.Seconds())
	fmt.Printf("ketentest: base resources with errors: %d of %d\n", baseErrors, len(manifest)-planted)
	fmt.Printf("ketentest: planted errors detected: %d of %d (%.1f %%)\n", detected, planted, 100*float64(detected)/float64(max(planted, 1)))
	kinds := make([]string, 0, len(perKind))
	for k := range perKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("ketentest:   %-22s %d / %d\n", k, perKind[k][0], perKind[k][1])
	}
	return nil
}
