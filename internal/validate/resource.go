package validate

import (
	"context"

	"github.com/ketentest/ketentest/internal/fhir"
)

// ValidateResource is the entry point for callers that hold the source
// text (the CLI, $validate, the web page, the PGO client, the TestScript
// engine): it parses raw (FHIR JSON or XML) as fhirVersion (fhir.Unknown
// detects it), validates it against the core definition of its type, its
// meta.profile and profileURL (when not "") and adds line and column to
// the issues. JSON input is also checked for array shape (a repeating
// element must be an array, a single one must not). A text that cannot be
// parsed gives a nil slice and the parse error (with line and column).
// The signature is stable.
func (v *Validator) ValidateResource(ctx context.Context, raw []byte, fhirVersion fhir.Version, profileURL string) ([]Issue, error) {
	r, err := fhir.ParseOptions{Version: fhirVersion}.Parse(raw)
	if err != nil {
		return nil, err
	}
	var profiles []string
	if profileURL != "" {
		profiles = []string{profileURL}
	}
	issues := v.validate(ctx, r, fhir.DetectFormat(raw) == fhir.FormatJSON, profiles)
	Locate(issues, raw)
	return issues, nil
}
