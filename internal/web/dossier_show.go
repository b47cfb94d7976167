package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
)

// load reads the hackathon and the dossier {did} of it.
func (p *dossierPages) load(w http.ResponseWriter, r *http.Request) (*view, dossier.Info, bool) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return nil, dossier.Info{}, false
	}
	id, err := httpx.PathID(r, "did")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, err)
		return nil, dossier.Info{}, false
	}
	info, err := p.store.GetIn(r.Context(), v.Hackathon.ID, id)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, dossier.Info{}, false
	}
	v.Title = info.Name
	v.D["Dossier"] = info
	return v, info, true
}

// versionOf returns version ?{param}= of the dossier, the latest when absent.
func (p *dossierPages) versionOf(w http.ResponseWriter, r *http.Request, info dossier.Info, param string) (*dossier.Set, int, bool) {
	n := info.Version
	if s := r.URL.Query().Get(param); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			p.errorPage(w, r, http.StatusBadRequest, apperr.Field(param, "a version number"))
			return nil, 0, false
		}
	}
	if n == 0 {
		p.errorPage(w, r, http.StatusNotFound, dossier.ErrNotFound)
		return nil, 0, false
	}
	set, err := p.store.Version(r.Context(), info.ID, n)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, 0, false
	}
	return set, n, true
}

// loadVersion loads the dossier of the request and its version ?v= (default
// the latest), answering the error page when either is missing.
func (p *dossierPages) loadVersion(w http.ResponseWriter, r *http.Request) (*view, dossier.Info, *dossier.Set, int, bool) {
	v, info, ok := p.load(w, r)
	if !ok {
		return nil, info, nil, 0, false
	}
	set, n, ok := p.versionOf(w, r, info, "v")
	return v, info, set, n, ok
}

// show is a dossier's page: facts, versions, and for the chosen version its
// patients and resource counts per type and per profile (zib).
func (p *dossierPages) show(w http.ResponseWriter, r *http.Request) {
	v, info, ok := p.load(w, r)
	if !ok {
		return
	}
	p.renderShow(w, r, v, info, http.StatusOK)
}

func (p *dossierPages) renderShow(w http.ResponseWriter, r *http.Request, v *view, info dossier.Info, status int) {
	versions, err := p.store.Versions(r.Context(), info.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Versions"] = versions
	v.D["Kinds"] = dossier.Kinds()
	v.D["MaxUploadMB"] = dossier.DefaultLimits.MaxUpload >> 20
	if info.Version > 0 {
		set, n, ok := p.versionOf(w, r, info, "v")
		if !ok {
			return
		}
		v.D["V"] = n
		v.D["Summary"] = dossier.Summarize(set)
	}
	if v.Form.Get("name") == "" {
		v.Form.Set("name", info.Name)
		v.Form.Set("kind", string(info.Kind))
		v.Form.Set("description", info.Description)
	}
	p.render(w, status, "dossier_show", v)
}

// edit changes the name, kind and description.
func (p *dossierPages) edit(w http.ResponseWriter, r *http.Request) {
	v, info, ok := p.load(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	kind, err := dossier.ParseKind(r.PostForm.Get("kind"))
	if err == nil {
		err = p.store.Update(r.Context(), info.ID, r.PostForm.Get("name"), kind, r.PostForm.Get("description"), httpx.From(r).UserID())
	} else {
		err = apperr.Field("kind", err.Error())
	}
	if err != nil {
		v.setErrors(err)
		v.Form = r.PostForm
		p.renderShow(w, r, v, info, http.StatusUnprocessableEntity)
		return
	}
	flash(w, "dossier.flash_saved")
	redirect(w, r, dossierPath(v.Hackathon.ID, info.ID, ""))
}

// remove deletes the dossier with all its versions.
func (p *dossierPages) remove(w http.ResponseWriter, r *http.Request) {
	v, info, ok := p.load(w, r)
	if !ok {
		return
	}
	if err := p.store.Delete(r.Context(), info.ID, httpx.From(r).UserID()); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "dossier.flash_deleted")
	redirect(w, r, hackathonPath(v.Hackathon.ID, "/dossiers"))
}
