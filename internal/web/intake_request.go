package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/intake"
)

// intakePages are the hackathon request (any logged-in user asks, the core
// team decides) and the participant intake per organisation.
type intakePages struct {
	*Server
	svc *intake.Service
}

// intakeRoutes: the request form is open to every logged-in user; the
// queue and the decision to whoever may create hackathons.
func (s *Server) intakeRoutes() []httpx.Route {
	p := &intakePages{Server: s, svc: intake.NewService(s.DB, s.Hackathons, s.App.Outbox)}
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathon-requests/new", Perm: authz.Authenticated, Handler: p.requestForm},
		{Method: "POST", Pattern: "/hackathon-requests/new", Perm: authz.Authenticated, Handler: p.requestSubmit},
		{Method: "GET", Pattern: "/hackathon-requests", Perm: authz.HackathonCreate, Handler: p.queue},
		{Method: "POST", Pattern: "/hackathon-requests/{rid}/decide", Perm: authz.HackathonCreate, Handler: p.decide},
		{Method: "GET", Pattern: "/hackathons/{hid}/intake", Perm: authz.HackathonView, Handler: p.participantForm},
		{Method: "POST", Pattern: "/hackathons/{hid}/intake", Perm: authz.HackathonView, Handler: p.participantSave},
		{Method: "GET", Pattern: "/hackathons/{hid}/intake/overview", Perm: authz.PlanView, Handler: p.overview},
	}
}

// intakeErrors sets each field's message and a form message that names
// every wrong field in the page's language.
func intakeErrors(v *view, err error) {
	fs := apperr.Fields(err)
	if len(fs) == 0 {
		v.Errors["form"] = formMessage(v.Lang, err)
		return
	}
	v.setErrors(err)
	var parts []string
	for _, f := range fs {
		label := f.Field
		if k := "intake.f." + f.Field; i18n.Has(v.Lang, k) {
			label = i18n.T(v.Lang, k)
		}
		parts = append(parts, label+": "+FieldText(v.Lang, f))
	}
	v.Errors["form"] = i18n.T(v.Lang, "intake.check") + " " + strings.Join(parts, "; ")
}

func (p *intakePages) requestForm(w http.ResponseWriter, r *http.Request) {
	p.renderRequest(w, r, http.StatusOK, nil)
}

func (p *intakePages) renderRequest(w http.ResponseWriter, r *http.Request, status int, err error) {
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "intake.request.title"))
	if err != nil {
		v.Form = r.PostForm
		intakeErrors(v, err)
	}
	p.render(w, status, "intake_request", v)
}

func (p *intakePages) requestSubmit(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	_, err := p.svc.Submit(r.Context(), intake.RequestInput{Organisation: f.Get("organisation"), Contact: f.Get("contact"),
		DataService: f.Get("data_service"), Goal: f.Get("goal"), Reason: f.Get("reason"), Period: f.Get("period")}, httpx.From(r).UserID())
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderRequest(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "intake.flash.submitted")
	redirect(w, r, "/")
}

func (p *intakePages) queue(w http.ResponseWriter, r *http.Request) {
	p.renderQueue(w, r, http.StatusOK, 0, nil)
}

func (p *intakePages) renderQueue(w http.ResponseWriter, r *http.Request, status int, failed int64, err error) {
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "intake.queue.title"))
	rs, lerr := p.svc.Requests(r.Context())
	if lerr != nil {
		p.errorPage(w, r, http.StatusInternalServerError, lerr)
		return
	}
	v.D["Requests"], v.D["Failed"], v.D["Variants"] = rs, failed, blueprint.Variants()
	if err != nil {
		v.Form = r.PostForm
		intakeErrors(v, err)
	}
	p.render(w, status, "intake_queue", v)
}

func (p *intakePages) decide(w http.ResponseWriter, r *http.Request) {
	id, perr := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if perr != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	f := r.PostForm
	_, err := p.svc.Decide(r.Context(), id, intake.Decision{Outcome: f.Get("outcome"), Response: f.Get("response"),
		Code: f.Get("code"), Name: f.Get("name"), Variant: f.Get("variant"), LeadEmail: f.Get("lead")}, httpx.From(r).UserID())
	if err != nil {
		if _, conflict := err.(*apperr.Conflict); conflict {
			p.renderQueue(w, r, http.StatusConflict, id, err)
			return
		}
		if len(apperr.Fields(err)) > 0 {
			p.renderQueue(w, r, http.StatusUnprocessableEntity, id, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "intake.flash.decided")
	redirect(w, r, "/hackathon-requests")
}
