package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

func (s *Server) canvasShow(w http.ResponseWriter, r *http.Request) {
	s.renderCanvas(w, r, http.StatusOK, nil)
}

func (s *Server) renderCanvas(w http.ResponseWriter, r *http.Request, status int, saveErr error) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	c, err := s.Hackathons.Canvas(r.Context(), v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "canvas.title")
	v.D["Sections"] = blueprint.CanvasSections()
	filled, total := c.Filled()
	v.D["Filled"], v.D["Total"] = filled, total
	for k, val := range c {
		v.Form.Set(k, val)
	}
	if saveErr != nil {
		v.setErrors(saveErr)
		v.Form = r.PostForm
	}
	s.render(w, status, "canvas", v)
}

func (s *Server) canvasSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	answers := hackathon.Canvas{}
	for _, f := range blueprint.CanvasFields() {
		if r.PostForm.Has(f.Key) {
			answers[f.Key] = r.PostForm.Get(f.Key)
		}
	}
	err := s.Hackathons.SaveCanvas(r.Context(), rq.HackathonID, answers, rq.UserID())
	if len(apperr.Fields(err)) > 0 {
		s.renderCanvas(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.canvas_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/canvas"))
}
