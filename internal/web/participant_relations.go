package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// relations is relationship management: commitment per organisation, the
// last contact, and which organisations need attention (overdue next
// action, or no recent contact) listed first.
func (p *participantPages) relations(w http.ResponseWriter, r *http.Request) {
	p.renderRelations(w, r, http.StatusOK, nil)
}

func (p *participantPages) renderRelations(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	rels, err := p.svc.Relations(r.Context(), v.Hackathon.ID, date.Of(p.svc.Now()))
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	var attention []participant.Relation
	for _, rel := range rels {
		if rel.Overdue || rel.Stale {
			attention = append(attention, rel)
		}
	}
	v.Title = i18n.T(v.Lang, "rel.title")
	v.D["Relations"] = rels
	v.D["Attention"] = attention
	v.D["Commitments"] = participant.Commitments
	v.D["Channels"] = participant.Channels
	v.D["ChainRoles"] = participant.ChainRoles()
	v.D["StaleDays"] = participant.StaleDays
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
	}
	p.render(w, status, "participant_relations", v)
}

func (p *participantPages) relationsFail(w http.ResponseWriter, r *http.Request, err error) {
	if s := httpx.StatusOf(err); s != http.StatusBadRequest {
		p.errorPage(w, r, s, err)
		return
	}
	p.renderRelations(w, r, http.StatusUnprocessableEntity, err)
}

func (p *participantPages) commitmentSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	f := r.PostForm
	if _, err := p.svc.SetCommitment(r.Context(), rq.HackathonID, participant.CommitmentInput{Organisation: f.Get("organisation"),
		ChainRole: f.Get("chain_role"), Status: f.Get("status"), Compensation: f.Get("compensation"), Product: f.Get("product"),
		ProductVersion: f.Get("product_version"), IssueContact: f.Get("issue_contact")}, rq.UserID()); err != nil {
		p.relationsFail(w, r, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/relations"))
}

func (p *participantPages) contactAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	oid, err := httpx.PathID(r, "oid")
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	f := r.PostForm
	c := participant.Contact{Channel: f.Get("channel"), Summary: f.Get("summary"), NextAction: f.Get("next_action")}
	var perr error
	if c.On, perr = date.Parse(f.Get("contacted_on")); perr == nil {
		c.NextActionDue, perr = date.Parse(f.Get("next_action_due"))
	}
	if perr != nil {
		p.relationsFail(w, r, fieldErr("contacted_on", perr))
		return
	}
	if err := p.svc.LogContact(r.Context(), rq.HackathonID, oid, c, rq.UserID()); err != nil {
		p.relationsFail(w, r, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/relations"))
}

func fieldErr(field string, err error) error { return apperr.Field(field, err.Error()) }
