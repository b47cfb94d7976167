package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/dossier/synth"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// MaxDossierUpload is the largest body of a dossier upload: the file
// (dossier.DefaultLimits.MaxUpload) plus the form around it.
const MaxDossierUpload = 65 << 20

// MaxGenerated bounds the resources of a bommendossier made on a page.
const MaxGenerated = 20_000

// list shows the dossiers of the hackathon and, for managers, the forms to
// create, generate or load one.
func (p *dossierPages) list(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	p.renderList(w, r, v, http.StatusOK)
}

func (p *dossierPages) renderList(w http.ResponseWriter, r *http.Request, v *view, status int) {
	list, err := p.store.ListFor(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "dossier.title")
	v.D["Dossiers"] = list
	v.D["Kinds"] = dossier.Kinds()
	v.D["MaxGenerated"] = MaxGenerated
	v.D["MaxUploadMB"] = dossier.DefaultLimits.MaxUpload >> 20
	if v.Form.Get("service_id") == "" && len(v.Hackathon.Services) > 0 {
		v.Form.Set("service_id", v.Hackathon.Services[0].ServiceID)
		v.Form.Set("fhir_version", v.Hackathon.Services[0].FHIRVersion)
	}
	p.render(w, status, "dossier_list", v)
}

// create makes a dossier, with the uploaded file as its first version when
// one is given; nothing is stored when the upload is refused.
func (p *dossierPages) create(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	files, name, err := uploadedFiles(r)
	if err != nil {
		p.formError(w, r, v, err)
		return
	}
	v.Form = r.PostForm
	kind, err := dossier.ParseKind(r.PostForm.Get("kind"))
	if err != nil {
		p.formError(w, r, v, apperr.Field("kind", err.Error()))
		return
	}
	n := dossier.New{HackathonID: v.Hackathon.ID, Name: r.PostForm.Get("name"), Kind: kind, Description: r.PostForm.Get("description"),
		ServiceID: r.PostForm.Get("service_id"), FHIRVersion: fhir.ParseVersion(r.PostForm.Get("fhir_version"))}
	var rs []*fhir.Resource
	if files != nil {
		imp, err := dossier.ImportFiles(files, n.FHIRVersion, dossier.DefaultLimits)
		if err != nil {
			p.formError(w, r, v, apperr.Field("file", dossierErrorText(r, err)))
			return
		}
		if rs, err = dossier.Apply(nil, imp, dossier.Replace); err != nil {
			p.formError(w, r, v, apperr.Field("file", dossierErrorText(r, err)))
			return
		}
	}
	p.createWith(w, r, v, n, dossier.Meta{Note: r.PostForm.Get("note"), Source: name, By: httpx.From(r).UserID()}, rs)
}

// createWith stores a new dossier with resources as its first version and
// goes to its page; a refused dossier shows the form again.
func (p *dossierPages) createWith(w http.ResponseWriter, r *http.Request, v *view, n dossier.New, m dossier.Meta, rs []*fhir.Resource) {
	id, err := p.store.CreateWith(r.Context(), n, m, rs)
	if err != nil {
		p.formError(w, r, v, err)
		return
	}
	flash(w, "dossier.flash_created")
	redirect(w, r, dossierPath(v.Hackathon.ID, id, ""))
}

// generate makes a bommendossier with the seeded generator.
func (p *dossierPages) generate(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Form = r.PostForm
	var inv apperr.Invalid
	count, err := strconv.Atoi(r.PostForm.Get("count"))
	if err != nil || count < 10 || count > MaxGenerated {
		inv.Add("count", fmt.Sprintf("a number from 10 to %d", MaxGenerated))
	}
	seed, err := strconv.ParseUint(strings.TrimSpace(r.PostForm.Get("seed")), 10, 64)
	if err != nil {
		inv.Add("seed", "a whole number, e.g. 1")
	}
	patients, err := strconv.Atoi(r.PostForm.Get("patients"))
	if err != nil || patients < 1 || patients > 100 {
		inv.Add("patients", "a number from 1 to 100")
	}
	if err := inv.Err(); err != nil {
		p.formError(w, r, v, err)
		return
	}
	rs, err := synth.Bomb(synth.BombOptions{Seed: seed, Resources: count, Patients: patients})
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if name == "" {
		name = fmt.Sprintf("Bommendossier (seed %d, %d resources)", seed, count)
	}
	p.createWith(w, r, v, dossier.New{HackathonID: v.Hackathon.ID, Name: name, Kind: dossier.KindBommen, ServiceID: "48",
		FHIRVersion: fhir.STU3, Description: "Gegenereerd door ketentest: extreme waarden, unicode, geneste extensies, randdatums."},
		dossier.Meta{Note: fmt.Sprintf("seed %d", seed), Source: "generator", By: httpx.From(r).UserID()}, rs)
}

// loadDemo stores ketentest's synthetic BgZ and vaccination dossiers.
func (p *dossierPages) loadDemo(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if _, err := synth.LoadDemo(r.Context(), p.store, v.Hackathon.ID, httpx.From(r).UserID()); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	flash(w, "dossier.flash_demo")
	redirect(w, r, hackathonPath(v.Hackathon.ID, "/dossiers"))
}

// formError re-renders the list page with the problem next to the field.
func (p *dossierPages) formError(w http.ResponseWriter, r *http.Request, v *view, err error) {
	status := http.StatusUnprocessableEntity
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		status = http.StatusRequestEntityTooLarge
		err = apperr.Field("file", fmt.Sprintf("the upload is too large: at most %d MB", dossier.DefaultLimits.MaxUpload>>20))
	case len(apperr.Fields(err)) == 0:
		err = apperr.Field("form", err.Error())
	}
	v.setErrors(err)
	if r.PostForm != nil {
		v.Form = r.PostForm
	}
	p.renderList(w, r, v, status)
}

// uploadedFiles reads the "file" fields of a multipart form (one file, many
// files or a folder), bounded by the import limit; nil when none was
// chosen. source describes them for the version record. Other forms are
// parsed as usual.
func uploadedFiles(r *http.Request) (files []dossier.File, source string, err error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, "", r.ParseForm()
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, "", err
		}
		return nil, "", apperr.Field("file", "unreadable upload: "+err.Error())
	}
	var total int64
	for _, hdr := range r.MultipartForm.File["file"] {
		if hdr.Size == 0 {
			continue
		}
		total += hdr.Size
		if total > dossier.DefaultLimits.MaxUpload {
			return nil, "", apperr.Field("file", fmt.Sprintf("the files are larger than %d MB", dossier.DefaultLimits.MaxUpload>>20))
		}
		f, err := hdr.Open()
		if err != nil {
			return nil, "", apperr.Field("file", err.Error())
		}
		data, err := io.ReadAll(io.LimitReader(f, dossier.DefaultLimits.MaxUpload+1))
		f.Close()
		if err != nil {
			return nil, "", apperr.Field("file", err.Error())
		}
		name := hdr.Filename
		if i := strings.LastIndexAny(name, `/\`); i >= 0 {
			name = name[i+1:]
		}
		files = append(files, dossier.File{Name: name, Data: data})
	}
	switch len(files) {
	case 0:
		return nil, "", nil
	case 1:
		return files, files[0].Name, nil
	}
	return files, fmt.Sprintf("%s (+%d)", files[0].Name, len(files)-1), nil
}

func dossierPath(hid, id int64, sub string) string {
	return fmt.Sprintf("/hackathons/%d/dossiers/%d%s", hid, id, sub)
}
