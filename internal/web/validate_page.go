package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/validate"
)

// maxValidateUpload bounds the resource a participant uploads or pastes on
// the validate page; it stays under MaxFormBody (1 MiB, the limit of every
// form body) with room for the rest of the form.
const maxValidateUpload = 900 << 10

// validateRoutes lists the validate page: a participant uploads or pastes
// a FHIR resource and sees package validate's OperationOutcome as a
// table. The definitions come from validate.DefaultPool
// (KETENTEST_FHIR_PACKAGES_R4 / _STU3).
func (s *Server) validateRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/{hid}/validate", Perm: authz.SandboxView, Handler: s.validatePage},
		{Method: "POST", Pattern: "/hackathons/{hid}/validate", Perm: authz.SandboxView, Handler: s.validateSubmit},
	}
}

// validateRow is one issue as the page shows it.
type validateRow struct {
	Severity, Location, Message string
	Line, Column                int
}

func (s *Server) validatePage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	s.renderValidate(w, v, http.StatusOK)
}

func (s *Server) renderValidate(w http.ResponseWriter, v *view, status int) {
	pool := validate.DefaultPool()
	v.D["R4"], v.D["STU3"] = pool.Configured(fhir.R4), pool.Configured(fhir.STU3)
	v.D["MaxKB"] = maxValidateUpload >> 10
	s.render(w, status, "validate_page", v)
}

// validateSubmit validates the uploaded file, or else the pasted text.
func (s *Server) validateSubmit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	lang := httpx.From(r).Lang
	if err := r.ParseMultipartForm(MaxFormBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			v.Errors["resource"] = i18nT(r, "validate.err.too_large", maxValidateUpload>>10)
			s.renderValidate(w, v, http.StatusRequestEntityTooLarge)
			return
		}
		v.Errors["resource"] = i18nT(r, "validate.err.form")
		s.renderValidate(w, v, http.StatusBadRequest)
		return
	}
	text := r.FormValue("resource")
	profile := strings.TrimSpace(r.FormValue("profile"))
	version := r.FormValue("fhir_version")
	v.Form.Set("resource", text)
	v.Form.Set("profile", profile)
	v.Form.Set("fhir_version", version)
	raw := []byte(text)
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxValidateUpload+1))
		if err != nil {
			v.Errors["file"] = i18nT(r, "validate.err.form")
			s.renderValidate(w, v, http.StatusBadRequest)
			return
		}
		raw = data
		v.D["FileName"] = hdr.Filename
	}
	fail := func(field, msg string, status int) {
		v.Errors[field] = msg
		s.renderValidate(w, v, status)
	}
	switch {
	case len(raw) > maxValidateUpload:
		v.Form.Set("resource", "") // not echoed back
		fail("resource", i18nT(r, "validate.err.too_large", maxValidateUpload>>10), http.StatusRequestEntityTooLarge)
		return
	case len(strings.TrimSpace(string(raw))) == 0:
		fail("resource", i18nT(r, "validate.err.empty"), http.StatusUnprocessableEntity)
		return
	case profile != "" && !strings.HasPrefix(profile, "http://") && !strings.HasPrefix(profile, "https://"):
		fail("profile", i18nT(r, "validate.err.profile"), http.StatusUnprocessableEntity)
		return
	}
	var want fhir.Version
	switch version {
	case "", "auto":
	case "R4", "STU3":
		want = fhir.ParseVersion(version)
	default:
		fail("fhir_version", i18nT(r, "validate.err.version"), http.StatusUnprocessableEntity)
		return
	}
	res, err := fhir.ParseOptions{Version: want}.Parse(raw)
	if err != nil {
		msg := err.Error()
		var se *fhir.SyntaxError
		if errors.As(err, &se) {
			msg = i18nT(r, "validate.err.at", se.Line, se.Column, syntaxText(lang, se))
		}
		fail("resource", i18nT(r, "validate.err.parse", msg), http.StatusUnprocessableEntity)
		return
	}
	if res.Version == fhir.Unknown {
		// nothing in the text says which release: R4 when configured
		res.Version = fhir.R4
		if !validate.DefaultPool().Configured(fhir.R4) && validate.DefaultPool().Configured(fhir.STU3) {
			res.Version = fhir.STU3
		}
	}
	validator, err := validate.DefaultPool().For(res.Version)
	if err != nil {
		fail("fhir_version", i18nT(r, "validate.err.unavailable", res.Version.String()), http.StatusServiceUnavailable)
		return
	}
	issues, err := validator.ValidateResource(r.Context(), raw, res.Version, profile)
	if err != nil {
		fail("resource", i18nT(r, "validate.err.parse", err.Error()), http.StatusUnprocessableEntity)
		return
	}
	rows := make([]validateRow, 0, len(issues))
	counts := map[string]int{}
	for _, is := range issues {
		sev := is.Severity.String()
		counts[sev]++
		rows = append(rows, validateRow{Severity: sev, Location: is.Location, Message: is.Message(lang), Line: is.Line, Column: is.Column})
	}
	v.D["Rows"] = rows
	v.D["Checked"] = true
	v.D["Type"] = res.Type()
	v.D["Version"] = res.Version.String()
	v.D["Summary"] = i18nT(r, "validate.summary", counts["error"]+counts["fatal"], counts["warning"], counts["information"])
	if worst, ok := validate.Worst(issues); ok && worst >= validate.Error {
		v.D["Invalid"] = true
	}
	s.renderValidate(w, v, http.StatusOK)
}
