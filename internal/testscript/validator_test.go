package testscript

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

var validators struct {
	sync.Mutex
	m map[fhir.Version]*validate.Validator
}

// validatorFor loads the definitions of the shared material for release v
// once: STU3 datatypes and zib2017, or R4 core and zib2020.
func validatorFor(t testing.TB, v fhir.Version) *validate.Validator {
	t.Helper()
	validators.Lock()
	defer validators.Unlock()
	if vv := validators.m[v]; vv != nil {
		return vv
	}
	pkgs := []string{"hl7.fhir.r3.core-partial/structures", "nictiz.fhir.nl.stu3.zib2017"}
	if v == fhir.R4 {
		pkgs = []string{"hl7.fhir.r4.core", "nictiz.fhir.nl.r4.zib2020"}
	}
	set := conformance.NewSet()
	for _, p := range pkgs {
		if err := set.Load(filepath.Join(shared, "..", "packages", p)); err != nil {
			t.Fatal(err)
		}
	}
	if validators.m == nil {
		validators.m = map[fhir.Version]*validate.Validator{}
	}
	validators.m[v] = validate.New(set)
	return validators.m[v]
}
