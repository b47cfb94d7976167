package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report"
)

// draaiboekPages are the runbooks of the test days (2E, 4A, 5C): every
// member reads a published one; report.edit writes the day programme and
// publishes.
type draaiboekPages struct {
	*Server
	svc *report.Service
}

func (s *Server) draaiboekRoutes() []httpx.Route {
	p := &draaiboekPages{Server: s, svc: s.App.Report}
	const base = "/hackathons/{hid}/draaiboek"
	const day = base + "/{day}"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.HackathonView, Handler: p.list},
		{Method: "GET", Pattern: day, Perm: authz.HackathonView, Handler: p.show},
		{Method: "GET", Pattern: day + "/draaiboek.pdf", Perm: authz.HackathonView, Handler: p.pdf},
		{Method: "POST", Pattern: day + "/slots", Perm: authz.ReportEdit, Handler: p.slotAdd},
		{Method: "POST", Pattern: day + "/slots/{sid}/delete", Perm: authz.ReportEdit, Handler: p.slotDelete},
		{Method: "POST", Pattern: day + "/publish", Perm: authz.ReportEdit, Handler: p.publish},
	}
}

func draaiboekPath(hid int64, day int) string {
	return hackathonPath(hid, "/draaiboek/"+strconv.Itoa(day))
}

func (p *draaiboekPages) list(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	type row struct {
		N      int
		Date   string
		Status string
	}
	var rows []row
	for i := range v.Hackathon.Days {
		d, err := p.svc.BuildDraaiboek(r.Context(), v.Hackathon.ID, i+1, v.Lang, p.linkBase(r))
		if err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		rows = append(rows, row{N: i + 1, Date: d.Date.String(), Status: d.Status})
	}
	v.Title = i18n.T(v.Lang, "draaiboek.title")
	v.D["Days"] = rows
	p.render(w, http.StatusOK, "draaiboek_list", v)
}

// load builds a day's draaiboek; a member without report.edit sees only
// a published one.
func (p *draaiboekPages) load(w http.ResponseWriter, r *http.Request, v *view) (*report.Draaiboek, bool) {
	day, err := strconv.Atoi(r.PathValue("day"))
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, fmt.Errorf("draaiboek %w", apperr.ErrNotFound))
		return nil, false
	}
	d, err := p.svc.BuildDraaiboek(r.Context(), v.Hackathon.ID, day, v.Lang, p.linkBase(r))
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	if !v.Can(string(authz.ReportView)) && d.Version == 0 {
		v.D["Message"] = "draaiboek.not_published"
		p.render(w, http.StatusOK, "report_message", v)
		return nil, false
	}
	return d, true
}

func (p *draaiboekPages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

func (p *draaiboekPages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	d, ok := p.load(w, r, v)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "draaiboek.title_day", v.Hackathon.Name, d.Day)
	v.D["B"] = d
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "draaiboek", v)
}

func (p *draaiboekPages) pdf(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	d, ok := p.load(w, r, v)
	if !ok {
		return
	}
	b, err := d.PDF()
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="draaiboek-%s-dag%d.pdf"`, v.Hackathon.Code, d.Day))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

func (p *draaiboekPages) done(w http.ResponseWriter, r *http.Request, err error, day int, flashKey string) {
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderShow(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, flashKey)
	redirect(w, r, draaiboekPath(httpx.From(r).HackathonID, day))
}

func (p *draaiboekPages) slotAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	day, _ := strconv.Atoi(r.PathValue("day"))
	err := p.svc.AddSlot(r.Context(), rq.HackathonID, day, r.PostForm.Get("start"), r.PostForm.Get("end"), r.PostForm.Get("title"), rq.UserID())
	p.done(w, r, err, day, "draaiboek.flash.saved")
}

func (p *draaiboekPages) slotDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	day, _ := strconv.Atoi(r.PathValue("day"))
	sid, err := httpx.PathID(r, "sid")
	if err == nil {
		err = p.svc.DeleteSlot(r.Context(), rq.HackathonID, day, sid, rq.UserID())
	}
	p.done(w, r, err, day, "draaiboek.flash.saved")
}

func (p *draaiboekPages) publish(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	day, _ := strconv.Atoi(r.PathValue("day"))
	p.done(w, r, p.svc.Publish(r.Context(), rq.HackathonID, day, rq.UserID()), day, "draaiboek.flash.published")
}

// kickoffRoutes are the kick-off deck (2D, 3A): every member reads it once
// shared; report.edit shares it and records it as held.
func (s *Server) kickoffRoutes() []httpx.Route {
	p := &draaiboekPages{Server: s, svc: s.App.Report}
	const base = "/hackathons/{hid}/kickoff"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.HackathonView, Handler: p.kickoff},
		{Method: "GET", Pattern: base + "/kickoff.pdf", Perm: authz.HackathonView, Handler: p.kickoffPDF},
		{Method: "POST", Pattern: base + "/status", Perm: authz.ReportEdit, Handler: p.kickoffStatus},
	}
}

func (p *draaiboekPages) loadKickoff(w http.ResponseWriter, r *http.Request, v *view) (*report.Kickoff, bool) {
	k, err := p.svc.BuildKickoff(r.Context(), v.Hackathon.ID, v.Lang, p.App.SandboxURL)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	if !v.Can(string(authz.ReportView)) && k.Status == report.DraaiboekConcept {
		v.D["Message"] = "kickoff.not_shared"
		p.render(w, http.StatusOK, "report_message", v)
		return nil, false
	}
	return k, true
}

func (p *draaiboekPages) kickoff(w http.ResponseWriter, r *http.Request) {
	p.renderKickoff(w, r, http.StatusOK, nil)
}

func (p *draaiboekPages) renderKickoff(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	k, ok := p.loadKickoff(w, r, v)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "kickoff.title_of", v.Hackathon.Name)
	v.D["K"] = k
	if formErr != nil {
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "kickoff", v)
}

func (p *draaiboekPages) kickoffPDF(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	k, ok := p.loadKickoff(w, r, v)
	if !ok {
		return
	}
	b, err := k.PDF()
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="kickoff-%s.pdf"`, v.Hackathon.Code))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

func (p *draaiboekPages) kickoffStatus(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	err := p.svc.AdvanceKickoff(r.Context(), rq.HackathonID, r.PostForm.Get("to"), rq.UserID())
	if err != nil {
		if _, conflict := err.(*apperr.Conflict); conflict {
			p.renderKickoff(w, r, http.StatusConflict, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "kickoff.flash.status")
	redirect(w, r, hackathonPath(rq.HackathonID, "/kickoff"))
}
