package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// fhirRoutes registers the resource endpoint of data service svc ("" for
// /fhir, the data service of the token's dossier) on mux. The patterns
// carry no method, so that a wrong method gets an OperationOutcome (405)
// instead of the mux's plain-text answer.
func (d *DVA) fhirRoutes(mux *http.ServeMux, svc string) {
	p := "/fhir"
	if svc != "" {
		p = "/" + svc + "/fhir"
	}
	open, auth := d.fhirOpen(svc), d.fhirAuth(svc)
	mux.HandleFunc(p, auth(d.fhirBaseOrTransaction))
	mux.HandleFunc(p+"/{$}", auth(d.fhirBaseOrTransaction))
	mux.HandleFunc(p+"/metadata", open)
	mux.HandleFunc(p+"/metadata/{$}", open)
	mux.HandleFunc(p+"/$validate", auth(func(w http.ResponseWriter, r *http.Request, q *fhirReq) { d.validateOp(w, r, q, "") }))
	mux.HandleFunc(p+"/{type}", auth(d.fhirType))
	mux.HandleFunc(p+"/{type}/{$}", auth(d.fhirType))
	mux.HandleFunc(p+"/{type}/{id}", auth(d.fhirInstance))
	mux.HandleFunc(p+"/{type}/{id}/{rest...}", auth(d.fhirDeeper))
}

// fhirReq is a request to the resource endpoint that passed the checks
// every interaction shares: its format, grant, dossier and base URL.
type fhirReq struct {
	f    fhir.Format
	g    *grant
	dos  *dossier.Dossier
	svc  string // the data service served (the dossier's on /fhir)
	base string // "{base}/fhir/" or "{base}/{svc}/fhir/"
}

// fhirPreamble negotiates the format and refuses an oversized body; ok is
// false when it has answered.
func fhirPreamble(w http.ResponseWriter, r *http.Request) (f fhir.Format, ok bool) {
	f, ferr := negotiate(r)
	if ferr != nil {
		writeOutcome(w, http.StatusNotAcceptable, fhir.FormatJSON, "not-supported", "_format must be json or xml")
		return f, false
	}
	if r.ContentLength > MaxBodyBytes {
		writeOutcome(w, http.StatusRequestEntityTooLarge, f, "too-costly", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
		return f, false
	}
	return f, true
}

// fhirOpen answers [base]/metadata, which needs no token.
func (d *DVA) fhirOpen(svc string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := fhirPreamble(w, r)
		if !ok {
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d.methodNotAllowed(w, f, "GET")
			return
		}
		v := fhir.STU3
		if s, ok := d.service(svc); ok {
			v = s.FHIR
		}
		writeResource(w, http.StatusOK, f, d.capabilities(r, v, svc))
	}
}

// fhirAuth wraps an interaction that needs a token: the bearer token, the
// MedMij-Request-ID header, the data service of the scope and of the
// token's dossier.
func (d *DVA) fhirAuth(svc string) func(func(http.ResponseWriter, *http.Request, *fhirReq)) http.HandlerFunc {
	return func(next func(http.ResponseWriter, *http.Request, *fhirReq)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			f, ok := fhirPreamble(w, r)
			if !ok {
				return
			}
			g, err := d.bearer(r)
			if err != nil {
				unauthorized(w, f, err)
				return
			}
			if r.Header.Get("MedMij-Request-ID") == "" {
				writeOutcome(w, http.StatusBadRequest, f, "required", "header MedMij-Request-ID is required (a new UUID for every request)")
				return
			}
			dos, dsvc, ok := d.grantedDossier(w, r, f, g, svc)
			if !ok {
				return
			}
			base := d.baseURL(r) + "/fhir/"
			if svc != "" {
				base = d.baseURL(r) + "/" + svc + "/fhir/"
			}
			dos = d.withWrites(g.patientKey, dos) // transaction.go
			next(w, r, &fhirReq{f: f, g: g, dos: dos, svc: dsvc, base: base})
		}
	}
}

// unauthorized answers a request without a usable token (401).
func unauthorized(w http.ResponseWriter, f fhir.Format, err error) {
	challenge := `Bearer realm="ketentest-sandbox"`
	if !errors.Is(err, errNoToken) {
		challenge += `, error="invalid_token", error_description="` + strings.ReplaceAll(err.Error(), `"`, "'") + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	code := "security" // unknown, revoked or malformed
	switch {
	case errors.Is(err, errNoToken):
		code = "login"
	case errors.Is(err, errTokenExpired):
		code = "expired"
	}
	writeOutcome(w, http.StatusUnauthorized, f, code, "401: "+err.Error())
}

// grantedDossier returns the token's dossier when the scope grants data
// service svc ("" for the dossier's own) and the dossier serves it; ok is
// false when it has answered 403.
func (d *DVA) grantedDossier(w http.ResponseWriter, r *http.Request, f fhir.Format, g *grant, svc string) (*dossier.Dossier, string, bool) {
	granted := d.grantedServices(g.scope)
	if svc != "" && !slices.Contains(granted, svc) {
		d.forbidden(w, f, svc, fmt.Sprintf("the token's scope %q does not include data service %s", g.scope, svc))
		return nil, "", false
	}
	dos, dsvc, err := d.patientDossier(r.Context(), g)
	if err != nil {
		writeOutcome(w, http.StatusForbidden, f, "forbidden", "the patient of this token is no longer available")
		return nil, "", false
	}
	switch {
	case svc == "" && !slices.Contains(granted, dsvc):
		d.forbidden(w, f, dsvc, fmt.Sprintf("the token's scope %q does not include data service %s of this dossier", g.scope, dsvc))
		return nil, "", false
	case svc != "" && svc != dsvc:
		d.forbidden(w, f, svc, fmt.Sprintf("the test patient chosen at login has a dossier for data service %s, not %s", dsvc, svc))
		return nil, "", false
	}
	return dos, dsvc, true
}

// searchAllowed answers 404 when the data service does not offer searches
// on typ: FHIR's RESTful API answers 404 for a resource type the server
// does not support (http.html), and the Nictiz NoManifest scripts expect it.
func (d *DVA) searchAllowed(w http.ResponseWriter, q *fhirReq, typ string) bool {
	if d.searchable(q.svc, typ) {
		return true
	}
	writeOutcome(w, http.StatusNotFound, q.f, "not-supported", fmt.Sprintf("data service %s does not offer searches on %s", q.svc, typ))
	return false
}

const expectedPaths = "expected [base]/{type}, [base]/{type}/{id} or [base]/{type}/$operation"

// fhirBase answers [base] itself: there is nothing there.
func (d *DVA) fhirBase(w http.ResponseWriter, _ *http.Request, q *fhirReq) {
	writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", expectedPaths)
}

// knownType answers 400 when typ is no resource type of the dossier's
// FHIR release.
func knownType(w http.ResponseWriter, q *fhirReq, typ string) bool {
	if !fhir.IsResourceType(q.dos.FHIRVersion, typ) {
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", fmt.Sprintf("unknown resource type %q (FHIR %s)", typ, q.dos.FHIRVersion))
		return false
	}
	return true
}

// readOnly answers 405 unless the method is GET or HEAD.
func (d *DVA) readOnly(w http.ResponseWriter, r *http.Request, f fhir.Format) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		d.methodNotAllowed(w, f, "GET")
		return false
	}
	return true
}

// fhirType answers [base]/{type}: a search.
func (d *DVA) fhirType(w http.ResponseWriter, r *http.Request, q *fhirReq) {
	typ := r.PathValue("type")
	if knownType(w, q, typ) && d.readOnly(w, r, q.f) && d.searchAllowed(w, q, typ) {
		d.searchType(w, r, q.f, q.dos, q.base, typ, false)
	}
}

// fhirInstance answers [base]/{type}/{id} (a read) and
// [base]/{type}/$operation.
func (d *DVA) fhirInstance(w http.ResponseWriter, r *http.Request, q *fhirReq) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	if !knownType(w, q, typ) {
		return
	}
	if strings.HasPrefix(id, "$") {
		d.fhirOperation(w, r, q, typ, id)
		return
	}
	if d.readOnly(w, r, q.f) {
		d.read(w, r, q.f, q.g, q.dos, typ, id)
	}
}

// fhirOperation answers the operations: Observation/$lastn and
// {type}/$validate.
func (d *DVA) fhirOperation(w http.ResponseWriter, r *http.Request, q *fhirReq, typ, op string) {
	switch {
	case op == "$lastn" && typ == "Observation":
		if d.readOnly(w, r, q.f) && d.searchAllowed(w, q, typ) {
			d.searchType(w, r, q.f, q.dos, q.base, typ, true)
		}
	case op == "$validate":
		if r.Method != http.MethodPost {
			d.methodNotAllowed(w, q.f, "POST")
			return
		}
		d.validateOp(w, r, q, typ)
	default:
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", fmt.Sprintf("operation %q is not supported on %s", op, typ))
	}
}

// fhirDeeper answers paths below [base]/{type}/{id}: a trailing slash is
// the instance itself; version reads (_history) and anything deeper are
// not supported.
func (d *DVA) fhirDeeper(w http.ResponseWriter, r *http.Request, q *fhirReq) {
	rest := strings.Trim(r.PathValue("rest"), "/")
	first, more, _ := strings.Cut(rest, "/")
	switch {
	case rest == "":
		d.fhirInstance(w, r, q)
	case first == "_history":
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", "version reads (_history) are not supported")
	case more != "":
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", expectedPaths)
	case !knownType(w, q, r.PathValue("type")):
	case strings.HasPrefix(r.PathValue("id"), "$"):
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", fmt.Sprintf("operation %q is not supported on %s", r.PathValue("id"), r.PathValue("type")))
	default:
		writeOutcome(w, http.StatusBadRequest, q.f, "not-supported", "version reads (_history) are not supported")
	}
}
