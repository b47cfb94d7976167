package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report"
)

// reportPages are the final report (9D) as a printable page and PDF, its
// texts, status, reviewers' comments and the client's acceptance.
type reportPages struct {
	*Server
	svc *report.Service
}

// reportRoutes lists the pages of the report capability. The report
// itself is readable by every member once delivered (the 9E mail links to
// it); before that only by those with report.view.
func (s *Server) reportRoutes() []httpx.Route {
	p := &reportPages{Server: s, svc: s.App.Report}
	const base = "/hackathons/{hid}/report"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.HackathonView, Handler: p.show},
		{Method: "GET", Pattern: base + "/report.pdf", Perm: authz.HackathonView, Handler: p.pdf},
		{Method: "POST", Pattern: base + "/texts", Perm: authz.ReportEdit, Handler: p.texts},
		{Method: "POST", Pattern: base + "/status", Perm: authz.ReportEdit, Handler: p.status},
		{Method: "POST", Pattern: base + "/comments", Perm: authz.ReportView, Handler: p.comment},
		{Method: "POST", Pattern: base + "/accept", Perm: authz.DecisionRecord, Handler: p.accept},
	}
}

// load builds the report for the page's language; a member without
// report.view sees only a delivered report.
func (p *reportPages) load(w http.ResponseWriter, r *http.Request, v *view) (*report.Report, bool) {
	rep, err := p.svc.Build(r.Context(), v.Hackathon.ID, v.Lang)
	if errors.Is(err, report.ErrBeforeTestDay) {
		v.D["Message"] = "report.before_day"
		p.render(w, http.StatusConflict, "report_message", v)
		return nil, false
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	if !v.Can(string(authz.ReportView)) && (rep.Version == nil || rep.Version.Status != report.StatusDelivered) {
		v.D["Message"] = "report.not_delivered"
		p.render(w, http.StatusOK, "report_message", v)
		return nil, false
	}
	return rep, true
}

func (p *reportPages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

func (p *reportPages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	v.Title = i18n.T(v.Lang, "report.title")
	rep, ok := p.load(w, r, v)
	if !ok {
		return
	}
	f := rep.Findings
	v.D["R"] = rep
	v.D["Charts"] = []any{report.Bars(i18n.T(v.Lang, "report.by.status"), f.ByStatus, 0),
		report.Bars(i18n.T(v.Lang, "report.by.severity"), f.BySeverity, 0), report.Bars(i18n.T(v.Lang, "report.by.chain"), f.ByChain, 0)}
	v.D["TextKeys"] = report.TextKeys()
	v.D["Stakeholders"] = report.Stakeholders()
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "report", v)
}

func (p *reportPages) pdf(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	rep, ok := p.load(w, r, v)
	if !ok {
		return
	}
	b, err := rep.PDF()
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="eindrapportage-%s.pdf"`, v.Hackathon.Code))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

func (p *reportPages) done(w http.ResponseWriter, r *http.Request, err error, flashKey string) {
	if err != nil {
		if _, conflict := err.(*apperr.Conflict); conflict || len(apperr.Fields(err)) > 0 {
			p.renderShow(w, r, httpx.StatusOf(err), err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, flashKey)
	redirect(w, r, hackathonPath(httpx.From(r).HackathonID, "/report"))
}

func (p *reportPages) texts(w http.ResponseWriter, r *http.Request) {
	texts := map[string]string{}
	for _, k := range report.TextKeys() {
		if vs, ok := r.PostForm[k]; ok && len(vs) > 0 {
			texts[k] = vs[0]
		}
	}
	rq := httpx.From(r)
	p.done(w, r, p.svc.SaveTexts(r.Context(), rq.HackathonID, texts, rq.UserID()), "report.flash.saved")
}

func (p *reportPages) status(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.Advance(r.Context(), rq.HackathonID, r.PostForm.Get("to"), r.PostForm.Get("note"), rq.UserID())
	p.done(w, r, err, "report.flash.status")
}

func (p *reportPages) comment(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	name := ""
	if rq.User != nil {
		name = rq.User.Name
	}
	p.done(w, r, p.svc.Comment(r.Context(), rq.HackathonID, r.PostForm.Get("comment"), rq.UserID(), name), "report.flash.comment")
}

func (p *reportPages) accept(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	p.done(w, r, p.svc.Accept(r.Context(), rq.HackathonID, rq.UserID()), "report.flash.accepted")
}

// maturityRoutes are the comparison of hackathons on the same data
// service (the maturity of the exchange over successive hackathons).
func (s *Server) maturityRoutes() []httpx.Route {
	p := &reportPages{Server: s, svc: s.App.Report}
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/{hid}/maturity", Perm: authz.ReportView, Handler: p.maturity},
		{Method: "GET", Pattern: "/hackathons/{hid}/maturity.csv", Perm: authz.ReportView, Handler: p.maturityCSV},
	}
}

func (p *reportPages) maturityOf(r *http.Request) ([]report.Indicators, error) {
	rq := httpx.From(r)
	admin := rq.User != nil && rq.User.IsAdmin
	return p.svc.Maturity(r.Context(), rq.HackathonID, rq.UserID(), admin)
}

func (p *reportPages) maturity(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ms, err := p.maturityOf(r)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	titles := map[string]string{}
	for _, k := range []string{"go", "steps", "interm", "blocking", "eval"} {
		titles[k] = i18n.T(v.Lang, "maturity.ind."+k)
	}
	v.Title = i18n.T(v.Lang, "maturity.title")
	v.D["M"], v.D["Charts"] = ms, report.MaturityCharts(ms, titles)
	p.render(w, http.StatusOK, "maturity", v)
}

func (p *reportPages) maturityCSV(w http.ResponseWriter, r *http.Request) {
	ms, err := p.maturityOf(r)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="volwassenheid.csv"`)
	report.WriteMaturityCSV(w, ms)
}
