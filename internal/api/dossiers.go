package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
)

// DossierRoutes are the test-dossier API routes: list and read dossiers,
// download a version as a FHIR Bundle, upload a new version.
func DossierRoutes(d Deps) []httpx.Route {
	h := &handlers{d}
	const base = Prefix + "/hackathons/{hid}/dossiers"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.SandboxView, Handler: h.dossierList},
		{Method: "GET", Pattern: base + "/{did}", Perm: authz.SandboxView, Handler: h.dossierGet},
		{Method: "GET", Pattern: base + "/{did}/bundle", Perm: authz.SandboxView, Handler: h.dossierBundle},
		{Method: "POST", Pattern: base + "/{did}/versions", Perm: authz.SandboxManage, Handler: h.dossierImport},
	}
}

// Dossier is a test dossier in the API.
type Dossier struct {
	ID          int64            `json:"id"`
	Name        string           `json:"name"`
	Kind        string           `json:"kind"`
	Description string           `json:"description"`
	ServiceID   string           `json:"service_id"`
	FHIRVersion string           `json:"fhir_version"`
	Version     int              `json:"version"`
	Resources   int              `json:"resources"`
	CreatedAt   time.Time        `json:"created_at"`
	Versions    []DossierVersion `json:"versions,omitempty"`
}

// DossierVersion is one stored version.
type DossierVersion struct {
	Version   int       `json:"version"`
	Note      string    `json:"note"`
	Source    string    `json:"source"`
	Resources int       `json:"resources"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

func dossierOf(i dossier.Info) Dossier {
	return Dossier{ID: i.ID, Name: i.Name, Kind: string(i.Kind), Description: i.Description, ServiceID: i.ServiceID,
		FHIRVersion: i.FHIRVersion.String(), Version: i.Version, Resources: i.Resources, CreatedAt: i.CreatedAt}
}

func (h *handlers) dossiers() *dossier.Store { return dossier.NewStore(h.Hackathons.DB) }

func (h *handlers) dossierList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var infos []dossier.Info
	if err == nil {
		infos, err = h.dossiers().ListFor(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	out := make([]Dossier, 0, len(infos))
	for _, i := range infos {
		out = append(out, dossierOf(i))
	}
	ok(w, list(out))
}

// loadDossier returns the dossier {did} of the request's hackathon.
func (h *handlers) loadDossier(r *http.Request) (*dossier.Store, dossier.Info, error) {
	st := h.dossiers()
	hid, err := hackathonID(r)
	if err != nil {
		return nil, dossier.Info{}, err
	}
	did, err := httpx.PathID(r, "did")
	if err != nil {
		return nil, dossier.Info{}, err
	}
	info, err := st.GetIn(r.Context(), hid, did)
	return st, info, err
}

func (h *handlers) dossierGet(w http.ResponseWriter, r *http.Request) {
	st, info, err := h.loadDossier(r)
	var vs []dossier.VersionInfo
	if err == nil {
		vs, err = st.Versions(r.Context(), info.ID)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	d := dossierOf(info)
	d.Versions = []DossierVersion{}
	for _, v := range vs {
		d.Versions = append(d.Versions, DossierVersion{Version: v.Version, Note: v.Note, Source: v.Source, Resources: v.Resources,
			CreatedBy: v.ByName, CreatedAt: v.CreatedAt})
	}
	ok(w, d)
}

// dossierBundle answers a version (?version=, default the latest) as a
// collection Bundle in FHIR JSON, or XML with _format=xml.
func (h *handlers) dossierBundle(w http.ResponseWriter, r *http.Request) {
	st, info, err := h.loadDossier(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	n := 0
	if s := r.URL.Query().Get("version"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			httpx.WriteError(w, r, apperr.Field("version", "a version number"))
			return
		}
	}
	set, err := st.Version(r.Context(), info.ID, n)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	f := r.URL.Query().Get("_format")
	data, ctype, err := dossier.EncodeBundle(dossier.ExportBundle(info.FHIRVersion, "", set.Resources), f == "xml" || f == "application/fhir+xml")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(data)
}

// dossierImport stores the body — a zip file, or one FHIR resource or
// Bundle in JSON or XML — as the next version (?mode=replace|merge, ?note=, ?base_version=N to refuse with 409 when the dossier moved on).
func (h *handlers) dossierImport(w http.ResponseWriter, r *http.Request) {
	st, info, err := h.loadDossier(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, dossier.DefaultLimits.MaxUpload+1))
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if int64(len(data)) > dossier.DefaultLimits.MaxUpload {
		httpx.WriteError(w, r, &http.MaxBytesError{Limit: dossier.DefaultLimits.MaxUpload})
		return
	}
	q := r.URL.Query()
	mode := dossier.Mode(q.Get("mode"))
	switch mode {
	case "":
		mode = dossier.Replace
	case dossier.Replace, dossier.Merge:
	default:
		httpx.WriteError(w, r, apperr.Field("mode", "replace or merge"))
		return
	}
	name := "upload"
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/zip" || dossier.IsZip(data) {
		name += ".zip"
	}
	base := 0
	if b := q.Get("base_version"); b != "" {
		if base, err = strconv.Atoi(b); err != nil || base < 1 {
			httpx.WriteError(w, r, apperr.Field("base_version", "a version number (1 or more)"))
			return
		}
	}
	_, err = st.ImportVersion(r.Context(), info, []dossier.File{{Name: name, Data: data}}, dossier.ImportOptions{Mode: mode, BaseVersion: base,
		Meta: dossier.Meta{Note: q.Get("note"), Source: "api:" + name, By: httpx.From(r).UserID()}})
	if err != nil {
		if len(apperr.Fields(err)) == 0 && httpx.StatusOf(err) == http.StatusInternalServerError {
			err = apperr.Field("body", err.Error())
		}
		httpx.WriteError(w, r, err)
		return
	}
	info, err = st.Get(r.Context(), info.ID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, fmt.Sprintf("%s/hackathons/%d/dossiers/%d", Prefix, info.HackathonID, info.ID), dossierOf(info))
}
