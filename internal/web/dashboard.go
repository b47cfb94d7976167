package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// dashboard lists the user's hackathons and open milestones.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	hs, err := s.Hackathons.ListFor(r.Context(), rq.User.ID, rq.User.IsAdmin)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	mine, err := s.Hackathons.MyMilestones(r.Context(), rq.User.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v := s.newView(r, i18n.T(rq.Lang, "dashboard.title"))
	v.D["Hackathons"] = hs
	v.D["Mine"] = firstN(mine, 8)
	v.D["MineTotal"] = len(mine)
	v.D["Codes"] = hackathonCodes(hs)
	s.render(w, http.StatusOK, "dashboard", v)
}

func (s *Server) myMilestones(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	mine, err := s.Hackathons.MyMilestones(r.Context(), rq.User.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	hs, err := s.Hackathons.ListFor(r.Context(), rq.User.ID, true)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v := s.newView(r, i18n.T(rq.Lang, "my.title"))
	v.D["Mine"] = mine
	v.D["Codes"] = hackathonCodes(hs)
	s.render(w, http.StatusOK, "my_milestones", v)
}

func hackathonCodes(hs []*hackathon.Hackathon) map[int64]string {
	out := map[int64]string{}
	for _, h := range hs {
		out[h.ID] = h.Code
	}
	return out
}

func firstN[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}
