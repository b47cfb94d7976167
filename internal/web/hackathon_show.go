package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// loadHackathon loads the hackathon of the request into a new view.
func (s *Server) loadHackathon(w http.ResponseWriter, r *http.Request) (*view, bool) {
	rq := httpx.From(r)
	h, err := s.Hackathons.Get(r.Context(), rq.HackathonID)
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	v := s.newView(r, h.Name)
	v.Hackathon = h
	v.D["UnreadNotes"] = s.unreadNotifications(r) // the menu's Meldingen (n)
	return v, true
}

// hackathonShow is the overview: facts, the client's decision and, for
// those who may see the plan, the timeline of phases.
func (s *Server) hackathonShow(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx, rq := r.Context(), v.Req
	open, err := s.Hackathons.PlanningOpen(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["PlanningOpen"] = open
	if rq.Can(authz.PlanView) {
		ms, err := s.Hackathons.Milestones(ctx, v.Hackathon.ID)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		v.D["Timeline"] = hackathon.Timeline(ms, open, date.Of(s.Hackathons.Now()))
		if d, ok := hackathon.PlannedForward(v.Hackathon); ok {
			v.D["PlannedForward"] = d
		}
		ds, err := s.Hackathons.Decisions(ctx, v.Hackathon.ID)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		if len(ds) > 0 {
			v.D["Decision"] = ds[0]
		}
	}
	var roles []string
	for _, role := range rq.Roles {
		roles = append(roles, role.Label().In(rq.Lang))
	}
	v.D["MyRoles"] = roles
	s.render(w, http.StatusOK, "hackathon_show", v)
}

// phaseShow is one phase: its goal, the variant's attention points, its
// milestones (all iterations) and whether it is open.
func (s *Server) phaseShow(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	p, found := blueprint.PhaseByNumber(n)
	if err != nil || !found {
		s.errorPage(w, r, http.StatusNotFound, hackathon.ErrNotFound)
		return
	}
	ms, err := s.Hackathons.Milestones(r.Context(), v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	open, err := s.Hackathons.PlanningOpen(r.Context(), v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	tl := hackathon.Timeline(ms, open, date.Of(s.Hackathons.Now()))
	v.Title = p.Name.In(v.Lang)
	v.D["Phase"] = tl[n-1]
	v.D["Attention"] = p.AttentionPointsFor(v.Hackathon.Variant)
	v.D["Today"] = date.Of(s.Hackathons.Now())
	s.render(w, http.StatusOK, "phase", v)
}
