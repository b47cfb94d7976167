package sandbox

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// validateOp answers POST [base]/$validate (typ "") and POST
// [base]/{type}/$validate: the body (a resource, or a Parameters with a
// "resource" and an optional "profile" parameter) is checked against the
// StructureDefinitions of its FHIR release (the core definition, its
// meta.profile and a profile given as parameter or ?profile=) by package
// validate, plus the MedMij rules profiles cannot express (meta.profile
// declared, no BSN, only the token's patient). The answer is one
// OperationOutcome with FHIRPath expressions and line:column: 200 without
// errors, 422 with errors, 400 for a body that is not FHIR. Without
// configured definitions (see validate.DefaultPool) only the MedMij rules
// are checked, and an informational issue says so. Messages are Dutch when
// the client prefers nl (Accept-Language), English otherwise.
func (d *DVA) validateOp(w http.ResponseWriter, r *http.Request, q *fhirReq, typ string) {
	f := q.f
	if r.Method != http.MethodPost {
		d.methodNotAllowed(w, f, "POST")
		return
	}
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if !strings.Contains(ct, "json") && !strings.Contains(ct, "xml") {
		writeOutcome(w, http.StatusUnsupportedMediaType, f, "not-supported", "Content-Type must be application/fhir+json or application/fhir+xml")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeOutcome(w, http.StatusRequestEntityTooLarge, f, "too-costly", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
		writeOutcome(w, http.StatusBadRequest, f, "structure", "could not read the body")
		return
	}
	version := q.dos.FHIRVersion
	res, err := fhir.ParseOptions{Version: version}.Parse(body)
	if err != nil {
		var se *fhir.SyntaxError
		var te *fhir.ResourceTypeError
		switch {
		case errors.As(err, &se):
			writeResource(w, http.StatusBadRequest, f, se.OperationOutcome())
		case errors.As(err, &te):
			writeResource(w, http.StatusBadRequest, f, te.OperationOutcome())
		default:
			writeResource(w, http.StatusBadRequest, f, fhir.ErrorOutcome(err))
		}
		return
	}
	profile := r.URL.Query().Get("profile")
	wrapped := false
	if res.Type() == "Parameters" && typ != "Parameters" {
		inner, p := validateParameters(res)
		if inner == nil {
			writeOutcome(w, http.StatusBadRequest, f, "required", `Parameters without a "resource" parameter: nothing to validate`)
			return
		}
		res, wrapped = inner, true
		if p != "" {
			profile = p
		}
	}
	issues := medmijRules(res, typ, q.dos.Patient.ID)
	if v, verr := validate.DefaultPool().For(version); verr != nil {
		issues = append(issues, validate.Custom(validate.Information, "informational", res.Type(),
			"profile validation is not available on this server: "+verr.Error(),
			"profielvalidatie is niet beschikbaar op deze server: "+verr.Error()))
	} else if wrapped {
		var profiles []string
		if profile != "" {
			profiles = append(profiles, profile)
		}
		issues = append(issues, v.Validate(r.Context(), res, profiles...)...)
	} else {
		more, _ := v.ValidateResource(r.Context(), body, version, profile)
		issues = append(issues, more...)
	}
	if !wrapped {
		validate.Locate(issues, body)
	}
	status := http.StatusOK
	if worst, ok := validate.Worst(issues); ok && worst >= validate.Error {
		status = http.StatusUnprocessableEntity
	}
	writeResource(w, status, f, validate.Outcome(issues, preferredLang(r)))
}

// validateParameters returns the "resource" and "profile" parameters of a
// $validate Parameters body.
func validateParameters(p *fhir.Resource) (*fhir.Resource, string) {
	var res *fhir.Resource
	profile := ""
	for _, prm := range p.Root.ChildrenNamed("parameter") {
		switch prm.String("name") {
		case "resource":
			if n := prm.Child("resource"); n != nil && n.IsResource() {
				res = &fhir.Resource{Root: n, Version: p.Version}
			}
		case "profile":
			for _, k := range []string{"valueUri", "valueCanonical", "valueString"} {
				if v := prm.String(k); v != "" {
					profile = v
				}
			}
		}
	}
	return res, profile
}

// medmijRules are the checks of a DVA that profiles cannot express.
func medmijRules(res *fhir.Resource, typ, patientID string) []validate.Issue {
	var out []validate.Issue
	add := func(en, nl string) {
		out = append(out, validate.Custom(validate.Error, "processing", res.Type(), en, nl))
	}
	if typ != "" && res.Type() != typ {
		add(fmt.Sprintf("the body is a %s, the URL names %s", res.Type(), typ), fmt.Sprintf("de body is een %s, de URL noemt %s", res.Type(), typ))
	}
	if len(res.Profiles()) == 0 {
		add("meta.profile is missing", "meta.profile ontbreekt")
	}
	for _, n := range res.Get("identifier") {
		if n.String("system") == "http://fhir.nl/fhir/NamingSystem/bsn" {
			add("a BSN identifier is not allowed", "een BSN als identifier is niet toegestaan")
		}
	}
	for _, p := range dossier.PatientRefs(res) {
		if p != patientID && res.Type() != "Patient" {
			add(fmt.Sprintf("references Patient/%s, not the patient of the token", p), fmt.Sprintf("verwijst naar Patient/%s, niet naar de patiënt van het token", p))
		}
	}
	return out
}

// preferredLang is "nl" when Accept-Language puts Dutch first, else "en".
func preferredLang(r *http.Request) string {
	al := strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language")))
	if strings.HasPrefix(al, "nl") {
		return "nl"
	}
	return "en"
}
