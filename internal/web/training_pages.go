package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/training"
)

// trainingPages are the training of the project team (annex 6, 2N, 4F):
// every member reads the logging and triage manual; the project team adds
// links, sessions and attendance.
type trainingPages struct {
	*Server
	svc *training.Service
}

func (s *Server) trainingRoutes() []httpx.Route {
	p := &trainingPages{Server: s, svc: s.App.Training}
	const base = "/hackathons/{hid}/training"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.HackathonView, Handler: p.show},
		{Method: "POST", Pattern: base + "/links", Perm: authz.MilestoneEdit, Handler: p.linkAdd},
		{Method: "POST", Pattern: base + "/links/{lid}/delete", Perm: authz.MilestoneEdit, Handler: p.linkDelete},
		{Method: "POST", Pattern: base + "/sessions", Perm: authz.MilestoneEdit, Handler: p.sessionAdd},
		{Method: "POST", Pattern: base + "/sessions/{sid}/attendance", Perm: authz.MilestoneEdit, Handler: p.attendance},
	}
}

func (p *trainingPages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

func (p *trainingPages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	o, err := p.svc.Load(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = i18n.T(v.Lang, "training.title")
	v.D["T"] = o
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "training", v)
}

func (p *trainingPages) done(w http.ResponseWriter, r *http.Request, err error, flashKey string) {
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderShow(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, flashKey)
	redirect(w, r, hackathonPath(httpx.From(r).HackathonID, "/training"))
}

func (p *trainingPages) linkAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	p.done(w, r, p.svc.AddLink(r.Context(), rq.HackathonID, r.PostForm.Get("title"), r.PostForm.Get("url")), "training.flash.saved")
}

func (p *trainingPages) linkDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "lid")
	if err == nil {
		err = p.svc.DeleteLink(r.Context(), rq.HackathonID, id)
	}
	p.done(w, r, err, "training.flash.saved")
}

func (p *trainingPages) sessionAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	p.done(w, r, p.svc.AddSession(r.Context(), rq.HackathonID, r.PostForm.Get("date"), r.PostForm.Get("topic")), "training.flash.saved")
}

func (p *trainingPages) attendance(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	sid, err := httpx.PathID(r, "sid")
	var m *training.Mark
	if err == nil {
		m, err = p.svc.SetAttendance(r.Context(), rq.HackathonID, sid, r.PostForm["role"], rq.UserID())
	}
	key := "training.flash.saved"
	if err == nil && m.Done {
		key = "training.flash.done"
	} else if err == nil && m.Reason != "" {
		key = "training.flash.refused"
	}
	p.done(w, r, err, key)
}
