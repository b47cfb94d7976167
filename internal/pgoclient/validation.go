package pgoclient

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// ValidateCheck is the name of the check that validates every resource of
// a search answer against its StructureDefinitions (package validate).
const ValidateCheck = "validate"

// maxValidateMessages bounds the lines the validate check keeps.
const maxValidateMessages = 60

var entryLoc = regexp.MustCompile(`^Bundle\.entry\[(\d+)\]\.resource`)

// ValidationCheck validates a search answer (a Bundle) with the validator
// of release v from pool: the core definitions, each resource's
// meta.profile and the Bundle rules. The result lists every entry's
// resource, "Type/id: ok" or its issues with line:column, FHIRPath and
// message (information left out); it fails on an error and is a warning
// with warnings only. ok is false when the pool has no definitions for v
// or the body is not FHIR (the parse check reports that), so nothing is
// added then. The MedMij checks of CheckSearchResponse stay as they are:
// they check what profiles cannot express.
func ValidationCheck(ctx context.Context, pool *validate.Pool, v fhir.Version, body []byte) (CheckResult, bool) {
	val, err := pool.For(v)
	if err != nil {
		return CheckResult{}, false
	}
	b, err := fhir.ParseOptions{Version: v}.Parse(body)
	if err != nil {
		return CheckResult{}, false
	}
	issues, err := val.ValidateResource(ctx, body, v, "")
	if err != nil {
		return CheckResult{}, false
	}
	entries := b.Root.ChildrenNamed("entry")
	perEntry := make([][]validate.Issue, len(entries))
	var bundle []validate.Issue
	for _, is := range issues {
		if is.Severity < validate.Warning {
			continue
		}
		if m := entryLoc.FindStringSubmatch(is.Location); m != nil {
			if i, err := strconv.Atoi(m[1]); err == nil && i < len(entries) {
				perEntry[i] = append(perEntry[i], is)
				continue
			}
		}
		bundle = append(bundle, is)
	}
	res := CheckResult{Check: ValidateCheck, Pass: true}
	add := func(s string) {
		switch {
		case len(res.Messages) < maxValidateMessages:
			res.Messages = append(res.Messages, s)
		case len(res.Messages) == maxValidateMessages:
			res.Messages = append(res.Messages, "…")
		}
	}
	note := func(is validate.Issue, label string) {
		if is.Severity >= validate.Error {
			res.Pass, res.Warning = false, false
		} else if res.Pass {
			res.Pass, res.Warning = false, true
		}
		at := ""
		if is.Line > 0 {
			at = fmt.Sprintf(" %d:%d", is.Line, is.Column)
		}
		loc := is.Location
		if m := entryLoc.FindString(loc); m != "" {
			loc = label + strings.TrimPrefix(loc, m)
		}
		add(fmt.Sprintf("  %s%s %s: %s", is.Severity, at, loc, is.Message("en")))
	}
	for _, is := range bundle {
		note(is, "Bundle")
	}
	for i, e := range entries {
		r := e.Child("resource")
		if r == nil {
			continue
		}
		name := r.Resource
		if id := r.String("id"); id != "" {
			name += "/" + id
		}
		if len(perEntry[i]) == 0 {
			add(name + ": ok")
			continue
		}
		errs := 0
		for _, is := range perEntry[i] {
			if is.Severity >= validate.Error {
				errs++
			}
		}
		add(fmt.Sprintf("%s: %d errors, %d warnings", name, errs, len(perEntry[i])-errs))
		for _, is := range perEntry[i] {
			note(is, r.Resource)
		}
	}
	return res, true
}
