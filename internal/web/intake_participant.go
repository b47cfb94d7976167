package web

import (
	"net/http"
	"net/url"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/intake"
)

// participantForm is the intake of the user's own organisation in the
// hackathon; members without an organisation are told so.
func (p *intakePages) participantForm(w http.ResponseWriter, r *http.Request) {
	p.renderParticipant(w, r, http.StatusOK, nil)
}

func (p *intakePages) renderParticipant(w http.ResponseWriter, r *http.Request, status int, err error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "intake.participant.title")
	org, oerr := p.svc.OrganisationOf(r.Context(), v.Hackathon.ID, v.Req.UserID())
	if oerr != nil {
		p.errorPage(w, r, http.StatusInternalServerError, oerr)
		return
	}
	v.D["Org"] = org
	if err != nil {
		v.Form = r.PostForm
		intakeErrors(v, err)
	} else if org != 0 {
		cur, lerr := p.svc.ParticipantOf(r.Context(), v.Hackathon.ID, org)
		if lerr != nil {
			p.errorPage(w, r, http.StatusInternalServerError, lerr)
			return
		}
		if cur != nil {
			v.Form = url.Values{"contact": {cur.Contact}, "followup_owner": {cur.FollowUpOwner}, "product": {cur.Product},
				"product_version": {cur.ProductVersion}, "data_service": {cur.DataService}, "fhir_version": {cur.FHIRVersion},
				"endpoints": {cur.Endpoints}, "readiness": {cur.Readiness}, "questions": {cur.Questions}}
		}
	}
	p.render(w, status, "intake_participant", v)
}

func (p *intakePages) participantSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	org, err := p.svc.OrganisationOf(r.Context(), rq.HackathonID, rq.UserID())
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if org == 0 { // a member without organisation: the page says why
		p.renderParticipant(w, r, http.StatusConflict, nil)
		return
	}
	f := r.PostForm
	err = p.svc.SaveParticipant(r.Context(), rq.HackathonID, org, intake.ParticipantInput{Contact: f.Get("contact"),
		FollowUpOwner: f.Get("followup_owner"), Product: f.Get("product"), ProductVersion: f.Get("product_version"),
		DataService: f.Get("data_service"), FHIRVersion: f.Get("fhir_version"), Endpoints: f.Get("endpoints"),
		Readiness: f.Get("readiness"), Questions: f.Get("questions")}, rq.UserID())
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderParticipant(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "intake.flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/intake"))
}

// overview shows the organisers every organisation's intake as a table
// and the open questions for the kick-off agenda and the FAQ.
func (p *intakePages) overview(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ps, err := p.svc.Participants(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	qs, err := p.svc.KickoffQuestions(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "intake.overview.title")
	v.D["Participants"], v.D["Questions"] = ps, qs
	p.render(w, http.StatusOK, "intake_overview", v)
}
