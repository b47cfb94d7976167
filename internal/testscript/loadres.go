package testscript

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Loaded is what a _LoadResources script puts on a server: the fixtures
// its create and update operations send (placeholders resolved), and
// which Authorization value each test patient's resources are sent with.
type Loaded struct {
	Resources []*fhir.Resource
	// PatientTokens maps an Authorization header value of the script
	// ("Bearer 7ce7...") to the id of the Patient it was sent with.
	PatientTokens map[string]string
	// Missing lists the fixtures the script sends that could not be read
	// (e.g. absent from the shared material), with the reason.
	Missing []string
}

// LoadedResources resolves a _LoadResources script without sending
// anything, so that a server (the reference DVA) can be seeded with what
// the script would write, as Touchstone would: dates relative to now.
// A fixture that cannot be read is listed in Missing; one that does not
// parse is an error.
func LoadedResources(s *Script, now time.Time, vars map[string]string) (*Loaded, error) {
	r := newRun(context.Background(), s, now, vars, nil)
	out := &Loaded{PatientTokens: map[string]string{}}
	seen := map[string]bool{}
	each := func(as []Action) error {
		for _, a := range as {
			op := a.Operation
			if op == nil || op.SourceID == "" {
				continue
			}
			m := op.method()
			if m != http.MethodPut && m != http.MethodPost {
				continue
			}
			src := r.sources[op.SourceID]
			if src == nil {
				return fmt.Errorf("%s: operation sends %q, which is not a fixture", s.File, op.SourceID)
			}
			res := r.resource(src)
			if res == nil && src.respErr != nil && len(src.fullBody) == 0 {
				out.Missing = append(out.Missing, op.SourceID+": "+src.respErr.Error())
				continue
			}
			if res == nil {
				return fmt.Errorf("%s: fixture %s: %v", s.File, op.SourceID, src.respErr)
			}
			key := res.Type() + "/" + res.ID()
			if !seen[key] {
				seen[key] = true
				out.Resources = append(out.Resources, res)
			}
			if res.Type() == "Patient" {
				b := r.build(op)
				if auth := b.headers.Get("Authorization"); auth != "" {
					out.PatientTokens[strings.TrimSpace(auth)] = res.ID()
				}
			}
		}
		return nil
	}
	if err := each(s.Setup); err != nil {
		return nil, err
	}
	for _, t := range s.Tests {
		if err := each(t.Actions); err != nil {
			return nil, err
		}
	}
	return out, nil
}
