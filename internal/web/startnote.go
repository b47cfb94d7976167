package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// startNote is the printable start note with the client's decision form.
func (s *Server) startNote(w http.ResponseWriter, r *http.Request) {
	s.renderStartNote(w, r, http.StatusOK, nil)
}

func (s *Server) renderStartNote(w http.ResponseWriter, r *http.Request, status int, decErr error) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := s.Hackathons.Canvas(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	ds, err := s.Hackathons.Decisions(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "startnote.title")
	note := hackathon.BuildStartNote(v.Hackathon, c, ds, v.Lang)
	// The planning entries (kick-off, days) are dates: shown like every
	// date on the pages, not as yyyy-mm-dd.
	for i := range note.Sections {
		for j, en := range note.Sections[i].Entries {
			if d, err := date.Parse(en.Text); err == nil && !d.IsZero() {
				note.Sections[i].Entries[j].Text = formatDate(v.Lang, d.Time())
			}
		}
	}
	v.D["Note"] = note
	v.Form.Set("decided_on", date.Of(s.Hackathons.Now()).String())
	if decErr != nil {
		v.setErrors(decErr)
		v.Form = r.PostForm
	}
	s.render(w, status, "startnote", v)
}

func (s *Server) decisionSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	in := hackathon.DecisionInput{Outcome: r.PostForm.Get("outcome"), Reason: r.PostForm.Get("reason")}
	d, err := date.Parse(r.PostForm.Get("decided_on"))
	if err != nil {
		s.renderStartNote(w, r, http.StatusUnprocessableEntity, apperr.Field("decided_on", err.Error()))
		return
	}
	in.DecidedOn = d
	_, err = s.Hackathons.RecordDecision(r.Context(), rq.HackathonID, in, rq.UserID())
	if len(apperr.Fields(err)) > 0 {
		s.renderStartNote(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.decision_recorded")
	redirect(w, r, hackathonPath(rq.HackathonID, ""))
}
