package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

func (s *Server) milestoneShow(w http.ResponseWriter, r *http.Request) {
	s.renderMilestone(w, r, http.StatusOK, nil)
}

func (s *Server) renderMilestone(w http.ResponseWriter, r *http.Request, status int, saveErr error) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	mid, err := httpx.PathID(r, "mid")
	var m *hackathon.Milestone
	if err == nil {
		m, err = s.Hackathons.Milestone(ctx, v.Hackathon.ID, mid)
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	members, err := s.Hackathons.Members(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	trail, err := audit.For(ctx, s.DB, "milestone", strconv.FormatInt(m.ID, 10))
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	open, err := s.Hackathons.PlanningOpen(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = m.Code + " " + m.Title(v.Lang)
	v.D["M"] = m
	v.D["Locked"] = m.Phase >= 2 && !open
	v.D["People"] = uniquePeople(members)
	v.D["Statuses"] = hackathon.Statuses()
	v.D["Roles"] = blueprint.AllHackathonRoles()
	if v.D["Trail"], err = displayAudit(ctx, s.DB, v.Lang, trail); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if saveErr != nil {
		v.setErrors(saveErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = saveErr.Error()
		}
		v.Form = r.PostForm
	} else {
		v.Form.Set("status", string(m.Status))
		v.Form.Set("owner_id", strconv.FormatInt(m.OwnerID, 10))
		v.Form.Set("due_date", m.Due.String())
		v.Form.Set("note", m.Note)
		v.Form.Set("evidence_url", m.EvidenceURL)
		v.Form.Set("responsible_role", string(m.Responsible))
	}
	s.render(w, status, "milestone", v)
}

func (s *Server) milestoneSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	mid, err := httpx.PathID(r, "mid")
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	f := r.PostForm
	var c hackathon.MilestoneChange
	var bad apperr.Invalid
	if f.Has("status") {
		st := f.Get("status")
		c.Status = &st
	}
	if f.Has("note") {
		n := f.Get("note")
		c.Note = &n
	}
	if f.Has("evidence_url") {
		e := f.Get("evidence_url")
		c.EvidenceURL = &e
	}
	if f.Has("responsible_role") {
		role := f.Get("responsible_role")
		c.Responsible = &role
	}
	if f.Has("due_date") {
		d, err := date.Parse(f.Get("due_date"))
		if err != nil {
			bad.Add("due_date", err.Error())
		}
		c.Due = &d
	}
	if f.Has("owner_id") {
		id, err := strconv.ParseInt(f.Get("owner_id"), 10, 64)
		if err != nil && f.Get("owner_id") != "" {
			bad.Add("owner_id", "choose a person from the list")
		}
		c.OwnerID = &id
	}
	err = bad.Err()
	if err == nil {
		_, err = s.Hackathons.UpdateMilestone(r.Context(), rq.HackathonID, mid, c, rq.UserID())
	}
	if err != nil {
		status := httpx.StatusOf(err)
		if status == http.StatusBadRequest {
			status = http.StatusUnprocessableEntity
		}
		if status == http.StatusNotFound || status == http.StatusInternalServerError {
			s.errorPage(w, r, status, err)
			return
		}
		s.renderMilestone(w, r, status, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/milestones/"+strconv.FormatInt(mid, 10)))
}

type person struct {
	ID   int64
	Name string
}

func uniquePeople(ms []hackathon.Member) []person {
	seen := map[int64]bool{}
	var out []person
	for _, m := range ms {
		if !seen[m.UserID] {
			seen[m.UserID] = true
			out = append(out, person{m.UserID, m.Name})
		}
	}
	return out
}
