package web

import (
	"context"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// maxImportValidation bounds the profile check after a dossier import:
// resources checked and time spent (the import itself is not slowed down
// beyond this).
const (
	maxImportValidation     = 5000
	maxImportValidationTime = 10 * time.Second
)

// nonConformant validates the resources of an accepted dossier upload
// against their StructureDefinitions (validate.DefaultPool) and counts
// those with at least one error: a warning for the importer, never a
// refusal. It returns 0 when no definitions are configured for v.
func nonConformant(ctx context.Context, files []dossier.File, v fhir.Version) int {
	val, err := validate.DefaultPool().For(v)
	if err != nil {
		return 0
	}
	imp, err := dossier.ImportFiles(files, v, dossier.DefaultLimits)
	if err != nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(ctx, maxImportValidationTime)
	defer cancel()
	bad := 0
	for i, r := range imp.Resources {
		if i >= maxImportValidation || ctx.Err() != nil {
			break
		}
		if w, ok := validate.Worst(val.Validate(ctx, r)); ok && w >= validate.Error {
			bad++
		}
	}
	return bad
}
