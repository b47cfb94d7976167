package sandbox

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// version is the FHIR release the resource server speaks (BgZ 48: STU3).
const version = fhir.STU3

// negotiate picks JSON or XML from _format, then Accept.
func negotiate(r *http.Request) (fhir.Format, error) {
	if f := r.URL.Query().Get("_format"); f != "" {
		switch strings.ToLower(strings.TrimSpace(strings.SplitN(f, ";", 2)[0])) {
		case "json", "application/fhir+json", "application/json+fhir", "application/json":
			return fhir.FormatJSON, nil
		case "xml", "application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml":
			return fhir.FormatXML, nil
		}
		return fhir.FormatJSON, errFormat
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.Contains(mt, "json"):
			return fhir.FormatJSON, nil
		case strings.Contains(mt, "xml"):
			return fhir.FormatXML, nil
		}
	}
	return fhir.FormatJSON, nil
}

func writeResource(w http.ResponseWriter, status int, f fhir.Format, res *fhir.Resource) {
	var body []byte
	var err error
	ct := "application/fhir+json; charset=utf-8"
	if f == fhir.FormatXML {
		ct = "application/fhir+xml; charset=utf-8"
		body, err = fhir.MarshalXML(res)
	} else {
		body, err = fhir.MarshalJSON(res)
	}
	if err != nil {
		slog.Error("sandbox: marshal", "type", res.Type(), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	w.Write(body)
}

func writeOutcome(w http.ResponseWriter, status int, f fhir.Format, code, msg string) {
	writeResource(w, status, f, fhir.OperationOutcome("error", code, msg))
}

// fhir serves /fhir/...
func (d *DVA) fhir(w http.ResponseWriter, r *http.Request) {
	f, ferr := negotiate(r)
	if ferr != nil {
		writeOutcome(w, http.StatusNotAcceptable, fhir.FormatJSON, "not-supported", "_format must be json or xml")
		return
	}
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/fhir"), "/")
	segs := strings.Split(rest, "/")
	if rest == "" {
		segs = nil
	}
	if len(segs) == 1 && segs[0] == "metadata" {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d.methodNotAllowed(w, f, "GET")
			return
		}
		writeResource(w, http.StatusOK, f, d.capabilities(r))
		return
	}
	g, err := d.bearer(r)
	if err != nil {
		challenge := `Bearer realm="ketentest-sandbox"`
		if !errors.Is(err, errNoToken) {
			challenge += `, error="invalid_token", error_description="` + strings.ReplaceAll(err.Error(), `"`, "'") + `"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
		code := "login"
		if !errors.Is(err, errNoToken) {
			code = "expired"
		}
		writeOutcome(w, http.StatusUnauthorized, f, code, "401: "+err.Error())
		return
	}
	if r.Header.Get("MedMij-Request-ID") == "" {
		writeOutcome(w, http.StatusBadRequest, f, "required", "header MedMij-Request-ID is required")
		return
	}
	services, err := ParseScope(g.scope, d.opts.Provider, d.opts.Services)
	if err != nil || !slices.Contains(services, "48") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ketentest-sandbox", error="insufficient_scope", scope="48"`)
		writeOutcome(w, http.StatusForbidden, f, "forbidden", "the token's scope does not include data service 48 (BgZ)")
		return
	}
	if len(segs) == 0 || len(segs) > 3 {
		writeOutcome(w, http.StatusBadRequest, f, "not-supported", "expected /fhir/{type}, /fhir/{type}/{id} or /fhir/{type}/$operation")
		return
	}
	typ := segs[0]
	if !fhir.IsResourceType(version, typ) {
		writeOutcome(w, http.StatusBadRequest, f, "not-supported", fmt.Sprintf("unknown resource type %q (FHIR %s)", typ, version))
		return
	}
	dos, err := d.patientDossier(r.Context(), g)
	if err != nil {
		writeOutcome(w, http.StatusForbidden, f, "forbidden", "the patient of this token is no longer available")
		return
	}
	switch {
	case len(segs) == 1:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d.methodNotAllowed(w, f, "GET")
			return
		}
		d.searchType(w, r, f, dos, typ, false)
	case strings.HasPrefix(segs[1], "$"):
		op := segs[1]
		switch {
		case len(segs) == 2 && op == "$lastn" && typ == "Observation":
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				d.methodNotAllowed(w, f, "GET")
				return
			}
			d.searchType(w, r, f, dos, typ, true)
		case len(segs) == 2 && op == "$validate":
			if r.Method != http.MethodPost {
				d.methodNotAllowed(w, f, "POST")
				return
			}
			d.validate(w, r, f, dos.Patient.ID, typ)
		default:
			writeOutcome(w, http.StatusBadRequest, f, "not-supported", fmt.Sprintf("operation %q is not supported on %s", op, typ))
		}
	case len(segs) == 2:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d.methodNotAllowed(w, f, "GET")
			return
		}
		res := dos.Lookup(typ + "/" + segs[1])
		if res == nil || !inCompartment(dos, res) {
			writeOutcome(w, http.StatusNotFound, f, "not-found", fmt.Sprintf("%s/%s is not known", typ, segs[1]))
			return
		}
		writeResource(w, http.StatusOK, f, res)
	default:
		writeOutcome(w, http.StatusBadRequest, f, "not-supported", "version reads (_history) are not supported")
	}
}

func (d *DVA) methodNotAllowed(w http.ResponseWriter, f fhir.Format, allow string) {
	w.Header().Set("Allow", allow)
	writeOutcome(w, http.StatusMethodNotAllowed, f, "not-supported", "this DVA is read-only; allowed: "+allow)
}

func (d *DVA) searchType(w http.ResponseWriter, r *http.Request, f fhir.Format, dos *dossier.Dossier, typ string, lastn bool) {
	q, err := ParseQuery(version, typ, r.URL.RawQuery)
	if err != nil {
		writeOutcome(w, http.StatusBadRequest, f, "invalid", err.Error())
		return
	}
	res := search(dos, typ, q, lastn)
	base := d.baseURL(r) + "/fhir/"
	self := base + typ
	if lastn {
		self += "/$lastn"
	}
	if len(q.Handled) > 0 {
		self += "?" + strings.Join(q.Handled, "&")
	}
	entries := make([]fhir.Entry, 0, len(res.matches)+len(res.includes))
	for _, m := range res.matches {
		entries = append(entries, fhir.Entry{FullURL: base + m.Type() + "/" + m.ID(), Resource: m, SearchMode: "match"})
	}
	for _, m := range res.includes {
		entries = append(entries, fhir.Entry{FullURL: base + m.Type() + "/" + m.ID(), Resource: m, SearchMode: "include"})
	}
	writeResource(w, http.StatusOK, f, fhir.NewSearchSet(version, len(res.matches), []fhir.BundleLink{{Relation: "self", URL: self}}, entries))
}

// validate parses a resource sent by a PGO and checks it against the
// MedMij rules a DVA cares about: 400 when unparseable (naming line and
// column), 413 when too large, 422 when it breaks the rules.
func (d *DVA) validate(w http.ResponseWriter, r *http.Request, f fhir.Format, patientID, typ string) {
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
	var problems []string
	if res.Type() != typ {
		problems = append(problems, fmt.Sprintf("the body is a %s, the URL names %s", res.Type(), typ))
	}
	if len(res.Profiles()) == 0 {
		problems = append(problems, "meta.profile is missing")
	}
	for _, n := range res.Get("identifier") {
		if n.String("system") == "http://fhir.nl/fhir/NamingSystem/bsn" {
			problems = append(problems, "a BSN identifier is not allowed")
		}
	}
	for _, p := range dossier.PatientRefs(res) {
		if p != patientID && res.Type() != "Patient" {
			problems = append(problems, fmt.Sprintf("references Patient/%s, not the patient of the token", p))
		}
	}
	if len(problems) == 0 {
		writeResource(w, http.StatusOK, f, fhir.OperationOutcome("information", "informational", "no problems found"))
		return
	}
	oo := fhir.OperationOutcome("error", "processing", problems[0])
	for _, p := range problems[1:] {
		oo.Root.Append(fhir.NewElement("issue", fhir.NewString("severity", "error"), fhir.NewString("code", "processing"), fhir.NewString("diagnostics", p)).InArray())
	}
	writeResource(w, http.StatusUnprocessableEntity, f, oo)
}

// capabilities is a short CapabilityStatement of this server.
func (d *DVA) capabilities(r *http.Request) *fhir.Resource {
	cs := fhir.NewResource(version, "CapabilityStatement")
	rest := fhir.NewElement("rest", fhir.NewString("mode", "server"),
		fhir.NewElement("security",
			fhir.NewElement("extension", fhir.NewString("url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"),
				fhir.NewElement("extension", fhir.NewString("url", "authorize"), fhir.NewString("valueUri", d.baseURL(r)+"/oauth/authorize")).InArray(),
				fhir.NewElement("extension", fhir.NewString("url", "token"), fhir.NewString("valueUri", d.baseURL(r)+"/oauth/token")).InArray(),
			).InArray()),
	).InArray()
	for _, t := range []string{"Patient", "Coverage", "Consent", "Observation", "Condition", "NutritionOrder", "Flag", "AllergyIntolerance",
		"MedicationStatement", "MedicationRequest", "MedicationDispense", "DeviceUseStatement", "Immunization", "Procedure", "Encounter",
		"ProcedureRequest", "ImmunizationRecommendation", "Appointment", "DeviceRequest"} {
		rest.Append(fhir.NewElement("resource", fhir.NewString("type", t),
			fhir.NewElement("interaction", fhir.NewString("code", "read")).InArray(),
			fhir.NewElement("interaction", fhir.NewString("code", "search-type")).InArray()).InArray())
	}
	cs.Root.Append(fhir.NewString("status", "active"), fhir.NewString("date", "2026-01-01"), fhir.NewString("kind", "instance"),
		fhir.NewString("fhirVersion", "3.0.1"), fhir.NewString("acceptUnknown", "no"),
		fhir.NewString("format", "json").InArray(), fhir.NewString("format", "xml").InArray(), rest)
	return cs
}
