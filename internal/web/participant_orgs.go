package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// eventCol is one event column (kick-off or a hackathon day) in people tables.
type eventCol struct {
	Day  int // 0: kick-off
	Date string
}

func eventCols(h *hackathon.Hackathon) []eventCol {
	var out []eventCol
	if !h.Kickoff.IsZero() {
		out = append(out, eventCol{0, h.Kickoff.String()})
	}
	for i, d := range h.Days {
		out = append(out, eventCol{i + 1, d.String()})
	}
	return out
}

// formFailed re-renders a page with the field errors of a validation
// error; other errors get the error page.
func (p *participantPages) formFailed(w http.ResponseWriter, r *http.Request, err error, again func(status int, err error)) {
	if s := httpx.StatusOf(err); s != http.StatusBadRequest {
		p.errorPage(w, r, s, err)
		return
	}
	again(http.StatusUnprocessableEntity, err)
}

func (v *view) formError(r *http.Request, err error) {
	if err == nil {
		return
	}
	v.setErrors(err)
	if len(v.Errors) == 0 {
		v.Errors["form"] = err.Error()
	}
	v.Form = r.PostForm
}

// orgList lists the hackathon's organisations with their roles, product,
// issue owner and people.
func (p *participantPages) orgList(w http.ResponseWriter, r *http.Request) {
	p.renderOrgList(w, r, http.StatusOK, nil)
}

func (p *participantPages) renderOrgList(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	orgs, err := p.svc.Organisations(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "people.orgs_title")
	v.D["Orgs"] = orgs
	v.D["ChainRoles"] = participant.ChainRoles()
	v.formError(r, formErr)
	p.render(w, status, "participant_orgs", v)
}

func (p *participantPages) orgAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	id, err := p.svc.AddOrganisation(r.Context(), rq.HackathonID, r.PostForm.Get("name"), participant.ChainRole(r.PostForm.Get("chain_role")), rq.UserID())
	if err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderOrgList(w, r, st, err) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, fmt.Sprintf("/organisations/%d", id)))
}

// orgShow is an organisation's page: roles in the chain, product and
// version, contact persons, the issue owner, and its people with their
// attendance per event and dietary needs.
func (p *participantPages) orgShow(w http.ResponseWriter, r *http.Request) {
	p.renderOrg(w, r, http.StatusOK, nil)
}

func (p *participantPages) renderOrg(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	oid, err := httpx.PathID(r, "oid")
	var org *participant.Organisation
	if err == nil {
		org, err = p.svc.Organisation(r.Context(), v.Hackathon.ID, oid)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	roles := map[participant.ChainRole]bool{}
	for _, cr := range org.ChainRoles {
		roles[cr] = true
	}
	v.Title = org.Name
	v.D["Org"] = org
	v.D["HasRole"] = roles
	v.D["ChainRoles"] = participant.ChainRoles()
	v.D["Events"] = eventCols(v.Hackathon)
	if _, err := p.questions(r, v); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.formError(r, formErr)
	p.render(w, status, "participant_org", v)
}

func (p *participantPages) orgSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	oid, ok := p.postedID(w, r, "oid")
	if !ok {
		return
	}
	in := participant.OrgInput{Name: r.PostForm.Get("name"), Product: r.PostForm.Get("product"), ProductVersion: r.PostForm.Get("product_version")}
	// The main role first, then the others in display order.
	if main := r.PostForm.Get("main_role"); main != "" {
		in.ChainRoles = append(in.ChainRoles, participant.ChainRole(main))
	}
	for _, cr := range r.PostForm["chain_role"] {
		in.ChainRoles = append(in.ChainRoles, participant.ChainRole(cr))
	}
	_, err := p.svc.UpdateOrganisation(r.Context(), rq.HackathonID, oid, in, rq.UserID())
	if errors.Is(err, participant.ErrOrgShared) {
		// Say why on the form: name and roles are shared with other hackathons.
		p.renderOrg(w, r, http.StatusForbidden, apperr.Field("name", i18n.T(rq.Lang, "org.shared")))
		return
	}
	if err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderOrg(w, r, st, err) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, fmt.Sprintf("/organisations/%d", oid)))
}

func personInput(r *http.Request, qs []participant.Question) participant.PersonInput {
	f := r.PostForm
	in := participant.PersonInput{Name: f.Get("name"), Email: f.Get("email"), JobTitle: f.Get("job_title"), Phone: f.Get("phone"),
		Dietary: f.Get("dietary"), AttendKickoff: f.Get("attend_kickoff") != "", IsContact: f.Get("is_contact") != "", IsIssueOwner: f.Get("is_issue_owner") != ""}
	for _, d := range f["attend_day"] {
		if n, err := strconv.Atoi(d); err == nil {
			in.AttendDays = append(in.AttendDays, n)
		}
	}
	if len(qs) > 0 {
		in.Answers = answersFrom(r, qs)
	}
	return in
}

// questions loads the hackathon's questions into the view for the person form.
func (p *participantPages) questions(r *http.Request, v *view) ([]participant.Question, error) {
	qs, err := p.svc.Questions(r.Context(), v.Hackathon.ID)
	v.D["Questions"] = qs
	return qs, err
}

func (p *participantPages) personAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	oid, ok := p.postedID(w, r, "oid")
	if !ok {
		return
	}
	qs, err := p.questions(r, v)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if _, err := p.svc.SavePerson(r.Context(), v.Hackathon, oid, 0, personInput(r, qs), rq.UserID()); err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderOrg(w, r, st, err) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, fmt.Sprintf("/organisations/%d", oid)))
}

func (p *participantPages) personEdit(w http.ResponseWriter, r *http.Request) {
	p.renderPerson(w, r, http.StatusOK, nil)
}

func (p *participantPages) renderPerson(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	oid, err := httpx.PathID(r, "oid")
	var pid int64
	if err == nil {
		pid, err = httpx.PathID(r, "pid")
	}
	var reg *participant.Registration
	if err == nil {
		reg, err = p.svc.Get(r.Context(), v.Hackathon.ID, pid)
	}
	if err == nil && reg.OrganisationID != oid {
		err = participant.ErrNotFound
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	days := map[int]bool{}
	for _, d := range reg.AttendDays {
		days[d] = true
	}
	v.Title = reg.Name
	v.D["Person"] = reg
	v.D["Days"] = days
	v.D["Events"] = eventCols(v.Hackathon)
	if _, err := p.questions(r, v); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.formError(r, formErr)
	p.render(w, status, "participant_person", v)
}

func (p *participantPages) personSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	oid, err := httpx.PathID(r, "oid")
	var pid int64
	if err == nil {
		pid, err = httpx.PathID(r, "pid")
	}
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	qs, err := p.questions(r, v)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if _, err := p.svc.SavePerson(r.Context(), v.Hackathon, oid, pid, personInput(r, qs), rq.UserID()); err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderPerson(w, r, st, err) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, fmt.Sprintf("/organisations/%d", oid)))
}

// registrationStatus sets a registration's status by hand from the participants list.
func (p *participantPages) registrationStatus(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = p.svc.SetStatus(r.Context(), v.Hackathon, id, r.PostForm.Get("status"), p.linkBase(r), rq.UserID())
	}
	if err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderParticipants(w, r, st, err) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/participants"))
}

// catering is the event planner's summary: per kick-off and hackathon day
// the confirmed attendees and their dietary needs.
func (p *participantPages) catering(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	days, err := p.svc.Catering(r.Context(), v.Hackathon)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "people.catering_title")
	v.D["Days"] = days
	p.render(w, http.StatusOK, "participant_catering", v)
}

// finalListExport downloads the final list (3B): confirmed participants per
// organisation with their attendance.
func (p *participantPages) finalListExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h, err := p.Hackathons.Get(r.Context(), httpx.From(r).HackathonID)
		var orgs []participant.Organisation
		if err == nil {
			orgs, err = p.svc.Organisations(r.Context(), h.ID)
		}
		if err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		writeSheet(w, fmt.Sprintf("definitieve-lijst-%d", h.ID), format, participant.FinalSheet(h, orgs))
	}
}

func writeSheet(w http.ResponseWriter, name, format string, sh participant.Sheet) {
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	var err error
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = participant.WriteSheetXLSX(w, sh)
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		err = participant.WriteSheetCSV(w, sh)
	}
	if err != nil {
		slog.Error("export", "name", name, "err", err)
	}
}
