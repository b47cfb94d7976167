package fhirpath

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Every invariant (constraint.expression) of the FHIR core definitions
// compiles, in strict mode against the type of the element it is defined
// on: the engine parses the expressions the validator will run and knows
// every element they name.
func TestCoreInvariantsCompileStrict(t *testing.T) {
	for _, src := range []struct {
		file string
		v    fhir.Version
		min  int
	}{
		{sharedFHIR + "/packages/hl7.fhir.r4.core/profiles-resources.json", fhir.R4, 900},
		{sharedFHIR + "/packages/hl7.fhir.r4.core/profiles-types.json", fhir.R4, 100},
		{sharedFHIR + "/packages/hl7.fhir.r3.core-partial/structures/profiles-types.json", fhir.STU3, 50},
	} {
		n, strict := compileInvariants(t, src.file, src.v)
		t.Logf("%s (%s): %d invariants compiled, %d of them checked strictly", src.file, src.v, n, strict)
		if n < src.min {
			t.Errorf("%s: only %d invariants", src.file, n)
		}
	}
}

func compileInvariants(t *testing.T, file string, v fhir.Version) (n, strict int) {
	t.Helper()
	bundle := readDefinitions(t, file)
	seen := map[string]bool{}
	for _, e := range bundle.Entry {
		if e.Resource.ResourceType != "StructureDefinition" {
			continue
		}
		for _, el := range e.Resource.Snapshot.Element {
			for _, c := range el.Constraint {
				if c.Expression == "" || seen[el.Path+c.Expression] {
					continue
				}
				seen[el.Path+c.Expression] = true
				typ := elementType(v, el.Path)
				_, err := Compile(c.Expression, Options{Version: v, Strict: typ != "", Type: typ})
				if known := knownSpecErrors[c.Key]; known != "" {
					// the strict check must find the error in the definition
					if err == nil || !strings.Contains(err.Error(), known) {
						t.Errorf("%s on %s: want error %q, got %v", c.Key, el.Path, known, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s %s on %s (type %q): %v\n    %s", file[strings.LastIndex(file, "/")+1:], c.Key, el.Path, typ, err, c.Expression)
					continue
				}
				n++
				if typ != "" {
					strict++
				}
			}
		}
	}
	return n, strict
}

// knownSpecErrors are invariants of the R4 core definitions that name an
// element that does not exist; strict mode reports them.
var knownSpecErrors = map[string]string{
	"cid-0": "'name' is not an element of ChargeItemDefinition",
}

// elementType returns the type name of the element at a definition path:
// the resource or datatype for the root, the backbone path for a backbone
// element, the datatype otherwise; "" for choice elements or when unknown.
func elementType(v fhir.Version, path string) string {
	segs := strings.Split(path, ".")
	t := segs[0]
	if !knownFHIRType(v, t) {
		return ""
	}
	for _, s := range segs[1:] {
		e, ok := fhir.LookupDefinedElement(v, t, s)
		if !ok || e.Choice {
			return ""
		}
		t = e.Type
	}
	return t
}

// sdBundle is the part of a FHIR definitions bundle the invariant tests
// read.
type sdBundle struct {
	Entry []struct {
		Resource struct {
			ResourceType string `json:"resourceType"`
			Snapshot     struct {
				Element []struct {
					Path       string `json:"path"`
					Constraint []struct {
						Key        string `json:"key"`
						Severity   string `json:"severity"`
						Expression string `json:"expression"`
					} `json:"constraint"`
				} `json:"element"`
			} `json:"snapshot"`
		} `json:"resource"`
	} `json:"entry"`
}

var sdCache sync.Map // file -> *sdBundle

// readDefinitions parses a definitions bundle once per test binary.
func readDefinitions(t *testing.T, file string) *sdBundle {
	t.Helper()
	if b, ok := sdCache.Load(file); ok {
		return b.(*sdBundle)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var b sdBundle
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	sdCache.Store(file, &b)
	return &b
}
