package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// questionList shows the organisers' questions of the registration form
// and the form to add one.
func (p *participantPages) questionList(w http.ResponseWriter, r *http.Request) {
	p.renderQuestions(w, r, http.StatusOK, nil, 0)
}

// renderQuestions shows the page; a failed edit of question failedID keeps
// its entered values (0: the add form).
func (p *participantPages) renderQuestions(w http.ResponseWriter, r *http.Request, status int, formErr error, failedID int64) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	qs, err := p.svc.Questions(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "reg.questions_title")
	v.D["Questions"] = qs
	v.D["Kinds"] = participant.QuestionKinds
	v.D["FailedID"] = failedID
	v.formError(r, formErr)
	p.render(w, status, "participant_questions", v)
}

func questionInput(r *http.Request) participant.Question {
	f := r.PostForm
	q := participant.Question{Label: f.Get("label"), Help: f.Get("help"), Kind: f.Get("kind"), Required: f.Get("required") != ""}
	q.Position, _ = strconv.Atoi(strings.TrimSpace(f.Get("position")))
	for _, line := range strings.Split(f.Get("options"), "\n") {
		q.Options = append(q.Options, strings.TrimSpace(line))
	}
	return q
}

func (p *participantPages) questionAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if _, err := p.svc.SaveQuestion(r.Context(), rq.HackathonID, questionInput(r), rq.UserID()); err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderQuestions(w, r, st, err, 0) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/questions"))
}

func (p *participantPages) questionSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, ok := p.postedID(w, r, "qid")
	if !ok {
		return
	}
	q := questionInput(r)
	q.ID = id
	if _, err := p.svc.SaveQuestion(r.Context(), rq.HackathonID, q, rq.UserID()); err != nil {
		p.formFailed(w, r, err, func(st int, err error) { p.renderQuestions(w, r, st, err, id) })
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/questions"))
}

func (p *participantPages) questionDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "qid")
	if err == nil {
		err = p.svc.DeleteQuestion(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/questions"))
}

// answersFrom reads the answers to the questions from a submitted form.
func answersFrom(r *http.Request, qs []participant.Question) map[int64]string {
	out := map[int64]string{}
	for _, q := range qs {
		out[q.ID] = r.PostForm.Get(q.Field())
	}
	return out
}

// translateAnswerErrors puts the messages on question fields (q_<id>) in
// the visitor's language; other fields are kept.
func translateAnswerErrors(lang string, err error) error {
	fields := apperr.Fields(err)
	changed := false
	var inv apperr.Invalid
	for _, f := range fields {
		if strings.HasPrefix(f.Field, "q_") {
			switch {
			case strings.Contains(f.Message, "required"):
				f.Message, changed = i18n.T(lang, "reg.answer_required"), true
			case strings.Contains(f.Message, "options"):
				f.Message, changed = i18n.T(lang, "reg.answer_choice"), true
			case strings.Contains(f.Message, "ja or nee"):
				f.Message, changed = i18n.T(lang, "reg.answer_yesno"), true
			}
		}
		inv.Add(f.Field, f.Message)
	}
	if !changed {
		return err
	}
	return inv.Err()
}
