package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/venue"
)

// venuePages are the event logistics (2R, 2S, 2T, 4H): every member reads
// the venue; the project team edits it and the infrastructure checklist.
type venuePages struct {
	*Server
	svc *venue.Service
}

func (s *Server) venueRoutes() []httpx.Route {
	p := &venuePages{Server: s, svc: s.App.Venue}
	const base = "/hackathons/{hid}/venue"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.HackathonView, Handler: p.show},
		{Method: "POST", Pattern: base, Perm: authz.MilestoneEdit, Handler: p.save},
		{Method: "POST", Pattern: base + "/items/{item}", Perm: authz.MilestoneEdit, Handler: p.saveItem},
	}
}

func (p *venuePages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

func (p *venuePages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ve, items, err := p.svc.Load(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	days, err := p.App.Participants.Catering(r.Context(), v.Hackathon)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = i18n.T(v.Lang, "venue.title")
	v.D["V"], v.D["Items"], v.D["Days"], v.D["Statuses"] = ve, items, days, venue.Statuses
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "venue", v)
}

func (p *venuePages) done(w http.ResponseWriter, r *http.Request, marked bool, err error) {
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderShow(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if marked {
		flash(w, "venue.flash.milestone")
	} else {
		flash(w, "venue.flash.saved")
	}
	redirect(w, r, hackathonPath(httpx.From(r).HackathonID, "/venue"))
}

func (p *venuePages) save(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	f := r.PostForm
	marked, err := p.svc.Save(r.Context(), rq.HackathonID, f.Get("address"), f.Get("rooms"), f.Get("wifi"), f.Get("parking"), f.Get("route"), rq.UserID())
	p.done(w, r, marked, err)
}

func (p *venuePages) saveItem(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	marked, err := p.svc.SaveItem(r.Context(), rq.HackathonID, r.PathValue("item"), r.PostForm.Get("owner"), r.PostForm.Get("status"), rq.UserID())
	p.done(w, r, marked, err)
}
