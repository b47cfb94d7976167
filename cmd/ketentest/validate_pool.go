package main

import (
	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/testscript"
	"github.com/ketentest/ketentest/internal/validate"
)

// useFHIRDefinitions gives the server's validation ($validate on the
// reference DVA, the validate page, the reference PGO, dossier import) the
// definitions of --fhir-packages-r4 and --fhir-packages-stu3, loaded on
// first use through the definitions cache.
func useFHIRDefinitions(cfg *config.Config) {
	validate.SetDefaultPool(validate.PoolFromLists(conformance.DefaultCacheDir(), map[fhir.Version]string{
		fhir.R4: cfg.FHIRPackagesR4, fhir.STU3: cfg.FHIRPackagesSTU3,
	}))
	testscript.SetSetsDir(cfg.TestscriptsDir)
}
