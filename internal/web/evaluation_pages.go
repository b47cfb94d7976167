package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// evaluationPages are the evaluation of the test days (2L, 6A): the
// organisers' questionnaires and results, and the public page of each
// personal link.
type evaluationPages struct {
	*Server
	svc *evaluation.Service
}

func evalPath(hid, eid int64, sub string) string {
	p := hackathonPath(hid, "/evaluation")
	if eid > 0 {
		p += "/" + strconv.FormatInt(eid, 10)
	}
	return p + sub
}

// evaluationRoutes lists the pages of the evaluation capability.
func (s *Server) evaluationRoutes() []httpx.Route {
	p := &evaluationPages{Server: s, svc: s.App.Evaluation}
	const base = "/hackathons/{hid}/evaluation"
	const one = base + "/{eid}"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.EvaluationView, Handler: p.list},
		{Method: "POST", Pattern: base, Perm: authz.EvaluationManage, Handler: p.create},
		{Method: "GET", Pattern: one, Perm: authz.EvaluationView, Handler: p.show},
		{Method: "GET", Pattern: one + "/results.csv", Perm: authz.EvaluationView, Handler: p.csv},
		{Method: "POST", Pattern: one + "/questions", Perm: authz.EvaluationManage, Handler: p.questionAdd},
		{Method: "POST", Pattern: one + "/questions/{qid}", Perm: authz.EvaluationManage, Handler: p.questionSave},
		{Method: "POST", Pattern: one + "/questions/{qid}/delete", Perm: authz.EvaluationManage, Handler: p.questionDelete},
		{Method: "POST", Pattern: one + "/anonymous", Perm: authz.EvaluationManage, Handler: p.anonymous},
		{Method: "POST", Pattern: one + "/send", Perm: authz.EvaluationManage, Handler: p.send},
		{Method: "POST", Pattern: one + "/remind", Perm: authz.EvaluationManage, Handler: p.remind},
		{Method: "POST", Pattern: one + "/close", Perm: authz.EvaluationManage, Handler: p.close},
		// The personal link: public, the token is the proof.
		{Method: "GET", Pattern: "/evaluation/{token}", Perm: authz.Public, Handler: p.answerForm},
		{Method: "POST", Pattern: "/evaluation/{token}", Perm: authz.Public, Handler: p.answer},
	}
}

func (p *evaluationPages) done(w http.ResponseWriter, r *http.Request, err error, to, flashKey string) {
	if err != nil {
		if _, conflict := err.(*apperr.Conflict); conflict || len(apperr.Fields(err)) > 0 {
			p.renderShow(w, r, httpx.StatusOf(err), err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, flashKey)
	redirect(w, r, to)
}

// list shows the questionnaire of each test day.
func (p *evaluationPages) list(w http.ResponseWriter, r *http.Request) {
	p.renderList(w, r, http.StatusOK, nil)
}

func (p *evaluationPages) renderList(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	evs, err := p.svc.List(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	have := map[int]evaluation.Evaluation{}
	for _, e := range evs {
		have[e.Day] = e
	}
	type day struct {
		N    int
		Date string
		Eval *evaluation.Evaluation
	}
	var days []day
	for i, d := range v.Hackathon.Days {
		dd := day{N: i + 1, Date: d.String()}
		if e, ok := have[i+1]; ok {
			dd.Eval = &e
		}
		days = append(days, dd)
	}
	v.Title = i18n.T(v.Lang, "eval.title")
	v.D["Days"] = days
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "evaluation_list", v)
}

func (p *evaluationPages) create(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	h, err := p.Hackathons.Get(r.Context(), rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	day, _ := strconv.Atoi(r.PostForm.Get("day"))
	e, err := p.svc.Create(r.Context(), h, day, rq.UserID())
	if err != nil {
		if len(apperr.Fields(err)) > 0 {
			p.renderList(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "eval.flash.created")
	redirect(w, r, evalPath(h.ID, e.ID, ""))
}

// show is one questionnaire: its questions per role (editable while
// open), the links sent, and the results with charts.
func (p *evaluationPages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

type roleQuestions struct {
	Role      evaluation.Role
	Questions []evaluation.Question
}

func (p *evaluationPages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	eid, err := httpx.PathID(r, "eid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, err)
		return
	}
	res, err := p.svc.Summarise(ctx, v.Hackathon.ID, eid)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	invites, err := p.svc.Invites(ctx, eid)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	var groups []roleQuestions
	for _, role := range evaluation.Roles() {
		g := roleQuestions{Role: role}
		for _, q := range res.Questions {
			if q.Role == role {
				g.Questions = append(g.Questions, q.Question)
			}
		}
		groups = append(groups, g)
	}
	v.Title = i18n.T(v.Lang, "eval.day_title", res.Evaluation.Day)
	v.D["E"], v.D["R"], v.D["Groups"], v.D["Invites"] = res.Evaluation, res, groups, invites
	v.D["Roles"] = evaluation.Roles()
	v.D["Kinds"] = []string{evaluation.KindScale, evaluation.KindChoice, evaluation.KindOpen}
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "evaluation_show", v)
}

func (p *evaluationPages) ids(r *http.Request) (hid, eid int64, err error) {
	eid, err = httpx.PathID(r, "eid")
	return httpx.From(r).HackathonID, eid, err
}

func evalQuestionInput(r *http.Request) evaluation.QuestionInput {
	return evaluation.QuestionInput{Role: r.PostForm.Get("role"), Kind: r.PostForm.Get("kind"), Text: r.PostForm.Get("text"), Choices: r.PostForm.Get("choices")}
}

func (p *evaluationPages) questionAdd(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	if err == nil {
		_, err = p.svc.AddQuestion(r.Context(), hid, eid, evalQuestionInput(r), httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, "#questions"), "eval.flash.saved")
}

func (p *evaluationPages) questionSave(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	var qid int64
	if err == nil {
		qid, err = httpx.PathID(r, "qid")
	}
	if err == nil {
		err = p.svc.UpdateQuestion(r.Context(), hid, eid, qid, evalQuestionInput(r), httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, "#questions"), "eval.flash.saved")
}

func (p *evaluationPages) questionDelete(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	var qid int64
	if err == nil {
		qid, err = httpx.PathID(r, "qid")
	}
	if err == nil {
		err = p.svc.DeleteQuestion(r.Context(), hid, eid, qid, httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, "#questions"), "eval.flash.deleted")
}

func (p *evaluationPages) anonymous(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	if err == nil {
		err = p.svc.SetAnonymous(r.Context(), hid, eid, r.PostForm.Get("anonymous") == "on", httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, ""), "eval.flash.saved")
}

func (p *evaluationPages) send(w http.ResponseWriter, r *http.Request) {
	p.sendOrRemind(w, r, false)
}

func (p *evaluationPages) remind(w http.ResponseWriter, r *http.Request) {
	p.sendOrRemind(w, r, true)
}

func (p *evaluationPages) sendOrRemind(w http.ResponseWriter, r *http.Request, remind bool) {
	hid, eid, err := p.ids(r)
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, err)
		return
	}
	h, err := p.Hackathons.Get(r.Context(), hid)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	key := "eval.flash.sent"
	if remind {
		_, err = p.svc.Remind(r.Context(), h, eid, p.linkBase(r), httpx.From(r).UserID())
		key = "eval.flash.reminded"
	} else {
		_, err = p.svc.Send(r.Context(), h, eid, p.linkBase(r), httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, "#invites"), key)
}

func (p *evaluationPages) close(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	if err == nil {
		_, err = p.svc.Close(r.Context(), hid, eid, r.PostForm.Get("summary"), httpx.From(r).UserID())
	}
	p.done(w, r, err, evalPath(hid, eid, ""), "eval.flash.closed")
}

func (p *evaluationPages) csv(w http.ResponseWriter, r *http.Request) {
	hid, eid, err := p.ids(r)
	if err == nil {
		_, err = p.svc.Get(r.Context(), hid, eid)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="evaluatie-%d.csv"`, eid))
	if err := p.svc.WriteCSV(r.Context(), w, hid, eid, p.App.Zone); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
	}
}

// answerForm is the page of a personal link.
func (p *evaluationPages) answerForm(w http.ResponseWriter, r *http.Request) {
	f, err := p.svc.FormFor(r.Context(), r.PathValue("token"))
	p.renderAnswer(w, r, f, err, nil)
}

func (p *evaluationPages) renderAnswer(w http.ResponseWriter, r *http.Request, f *evaluation.Form, err, formErr error) {
	switch {
	case errors.Is(err, evaluation.ErrNotFound):
		p.evalMessage(w, r, http.StatusNotFound, "eval.link_invalid")
		return
	case errors.Is(err, evaluation.ErrAnswered):
		p.evalMessage(w, r, http.StatusConflict, "eval.link_used")
		return
	case errors.Is(err, evaluation.ErrClosed):
		p.evalMessage(w, r, http.StatusConflict, "eval.link_closed")
		return
	case err != nil:
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	h, herr := p.Hackathons.Get(r.Context(), f.Evaluation.HackathonID)
	if herr != nil {
		p.errorPage(w, r, httpx.StatusOf(herr), herr)
		return
	}
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "eval.answer_title", h.Name, f.Evaluation.Day))
	v.D["F"], v.D["Token"], v.D["HName"] = f, r.PathValue("token"), h.Name
	status := http.StatusOK
	if formErr != nil {
		status = http.StatusUnprocessableEntity
		v.setErrors(formErr)
		v.Errors["form"] = i18n.T(v.Lang, "eval.fix_errors")
		v.Form = r.PostForm
	}
	p.render(w, status, "evaluation_answer", v)
}

func (p *evaluationPages) evalMessage(w http.ResponseWriter, r *http.Request, status int, key string) {
	v := p.newView(r, i18n.T(httpx.From(r).Lang, "eval.title"))
	v.D["Message"] = key
	p.render(w, status, "evaluation_message", v)
}

// answer stores a response: all or nothing.
func (p *evaluationPages) answer(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	answers := map[string]string{}
	for k, vs := range r.PostForm {
		if len(vs) > 0 {
			answers[k] = vs[0]
		}
	}
	err := p.svc.Submit(r.Context(), token, answers)
	if len(apperr.Fields(err)) > 0 {
		f, ferr := p.svc.FormFor(r.Context(), token)
		p.renderAnswer(w, r, f, ferr, err)
		return
	}
	if err != nil {
		p.renderAnswer(w, r, nil, err, nil)
		return
	}
	p.evalMessage(w, r, http.StatusOK, "eval.thanks")
}
