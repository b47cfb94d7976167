package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// publicHackathon loads the hackathon of a public page; unknown ids are 404.
func (p *participantPages) publicHackathon(w http.ResponseWriter, r *http.Request) (*hackathon.Hackathon, participant.Settings, bool) {
	hid, err := httpx.PathID(r, "hid")
	var h *hackathon.Hackathon
	if err == nil {
		h, err = p.Hackathons.Get(r.Context(), hid)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, participant.Settings{}, false
	}
	st, err := p.svc.Settings(r.Context(), h.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return nil, st, false
	}
	return h, st, true
}

func (p *participantPages) registrationForm(w http.ResponseWriter, r *http.Request) {
	h, st, ok := p.publicHackathon(w, r)
	if !ok {
		return
	}
	p.renderRegistration(w, r, http.StatusOK, h, st, nil)
}

func (p *participantPages) renderRegistration(w http.ResponseWriter, r *http.Request, status int, h *hackathon.Hackathon, st participant.Settings, formErr error) {
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "reg.title", h.Name))
	v.D["H"] = h
	v.D["Settings"] = st
	v.D["ChainRoles"] = participant.ChainRoles()
	qs, err := p.svc.Questions(r.Context(), h.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Questions"] = qs
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
	}
	p.render(w, status, "registration_form", v)
}

func (p *participantPages) registrationSubmit(w http.ResponseWriter, r *http.Request) {
	h, st, ok := p.publicHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	lang := httpx.From(r).Lang
	allowed, err := p.svc.Allow(r.Context(), httpx.From(r).ClientIP)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if !allowed {
		p.registrationMessage(w, r, http.StatusTooManyRequests, "reg.rate_limited")
		return
	}
	// Honeypot: people do not see the field, simple bots fill it in. They
	// are shown the usual answer, and nothing is stored.
	if r.PostForm.Get("website") != "" {
		p.registrationMessage(w, r, http.StatusOK, "reg.check_mail")
		return
	}
	if !st.Open {
		p.renderRegistration(w, r, http.StatusConflict, h, st, nil)
		return
	}
	in := participant.Input{Organisation: r.PostForm.Get("organisation"), ChainRole: r.PostForm.Get("chain_role"),
		Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email"), JobTitle: r.PostForm.Get("job_title"),
		Dietary: r.PostForm.Get("dietary"), AttendKickoff: r.PostForm.Get("attend_kickoff") != "",
		Consent: r.PostForm.Get("consent") != "", Language: lang}
	qs, err := p.svc.Questions(r.Context(), h.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	in.Answers = answersFrom(r, qs)
	for _, d := range r.PostForm["attend_day"] {
		if n, err := strconv.Atoi(d); err == nil {
			in.AttendDays = append(in.AttendDays, n)
		}
	}
	res, err := p.svc.Register(r.Context(), h, in, p.linkBase(r))
	if err != nil {
		st := httpx.StatusOf(err)
		if st == http.StatusBadRequest {
			for _, f := range apperr.Fields(err) {
				if f.Field == "email" && strings.Contains(f.Message, "already registered") {
					err = apperr.Field("email", i18n.T(lang, "reg.duplicate"))
				}
			}
			err = translateAnswerErrors(lang, err)
			p.renderRegistration(w, r, http.StatusUnprocessableEntity, h, p.mustSettings(r, h.ID), err)
			return
		}
		p.errorPage(w, r, st, err)
		return
	}
	if res.RoleFull {
		p.registrationMessage(w, r, http.StatusOK, "reg.check_mail_waitlist")
		return
	}
	p.registrationMessage(w, r, http.StatusOK, "reg.check_mail")
}

func (p *participantPages) mustSettings(r *http.Request, hid int64) participant.Settings {
	st, _ := p.svc.Settings(r.Context(), hid)
	return st
}

// registrationMessage shows one message (an i18n key) on a public page.
func (p *participantPages) registrationMessage(w http.ResponseWriter, r *http.Request, status int, key string) {
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "reg.registration"))
	v.D["Message"] = key
	p.render(w, status, "registration_message", v)
}

// The links in the e-mail show a page with a button: mail scanners that
// follow links must not confirm or cancel anything.
func (p *participantPages) registrationConfirmPage(w http.ResponseWriter, r *http.Request) {
	reg, err := p.svc.ByConfirmToken(r.Context(), r.PathValue("token"))
	p.tokenPage(w, r, reg, err, "confirm")
}

func (p *participantPages) registrationCancelPage(w http.ResponseWriter, r *http.Request) {
	reg, err := p.svc.ByCancelToken(r.Context(), r.PathValue("token"))
	if err == nil && reg.Status == participant.StatusCancelled {
		p.registrationMessage(w, r, http.StatusOK, "reg.cancelled")
		return
	}
	p.tokenPage(w, r, reg, err, "cancel")
}

func (p *participantPages) tokenPage(w http.ResponseWriter, r *http.Request, reg *participant.Registration, err error, action string) {
	if errors.Is(err, apperr.ErrNotFound) {
		p.registrationMessage(w, r, http.StatusNotFound, "reg.link_invalid")
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	h, err := p.Hackathons.Get(r.Context(), reg.HackathonID)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "reg.registration"))
	v.D["H"] = h
	v.D["Reg"] = reg
	v.D["Action"] = action
	v.D["Token"] = r.PathValue("token")
	p.render(w, http.StatusOK, "registration_token", v)
}

func (p *participantPages) registrationConfirm(w http.ResponseWriter, r *http.Request) {
	reg, err := p.svc.ByConfirmToken(r.Context(), r.PathValue("token"))
	var h *hackathon.Hackathon
	if err == nil {
		h, err = p.Hackathons.Get(r.Context(), reg.HackathonID)
	}
	if err == nil {
		reg, err = p.svc.Confirm(r.Context(), h, r.PathValue("token"), p.linkBase(r))
	}
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		p.registrationMessage(w, r, http.StatusNotFound, "reg.link_invalid")
	case err != nil:
		p.errorPage(w, r, httpx.StatusOf(err), err)
	default:
		key := "reg.confirmed"
		if reg.Status == participant.StatusWaitlist {
			key = "reg.waitlisted"
		}
		v := p.newView(r, i18n.T(httpx.From(r).Lang, "reg.registration"))
		v.D["Message"] = key
		if reg.Approval == participant.ApprovalPending {
			v.D["Notice"] = i18n.T(v.Lang, "reg.approval_pending", reg.Organisation, reg.Organisation)
		}
		p.render(w, http.StatusOK, "registration_message", v)
	}
}

func (p *participantPages) registrationCancel(w http.ResponseWriter, r *http.Request) {
	reg, err := p.svc.ByCancelToken(r.Context(), r.PathValue("token"))
	var h *hackathon.Hackathon
	if err == nil {
		h, err = p.Hackathons.Get(r.Context(), reg.HackathonID)
	}
	if err == nil {
		_, err = p.svc.Cancel(r.Context(), h, r.PathValue("token"), p.linkBase(r))
	}
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		p.registrationMessage(w, r, http.StatusNotFound, "reg.link_invalid")
	case err != nil:
		p.errorPage(w, r, httpx.StatusOf(err), err)
	default:
		p.registrationMessage(w, r, http.StatusOK, "reg.cancelled")
	}
}

func (p *participantPages) writeCalendar(w http.ResponseWriter, r *http.Request, h *hackathon.Hackathon) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="hackathon-%d.ics"`, h.ID))
	w.Write([]byte(participant.Calendar(h, p.linkBase(r), "PUBLISH", p.svc.Now())))
}

// publicCalendar is the feed of a hackathon whose registration is open.
func (p *participantPages) publicCalendar(w http.ResponseWriter, r *http.Request) {
	h, st, ok := p.publicHackathon(w, r)
	if !ok {
		return
	}
	if !st.Open {
		p.errorPage(w, r, http.StatusNotFound, hackathon.ErrNotFound)
		return
	}
	p.writeCalendar(w, r, h)
}

func (p *participantPages) calendarFeed(w http.ResponseWriter, r *http.Request) {
	h, err := p.Hackathons.Get(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	p.writeCalendar(w, r, h)
}
