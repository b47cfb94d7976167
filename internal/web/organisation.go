package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// organisation shows the project organisation: parties, the seven project
// roles with person, organisation and hours, and everyone's roles.
func (s *Server) organisation(w http.ResponseWriter, r *http.Request) {
	s.renderOrganisation(w, r, http.StatusOK, nil)
}

func (s *Server) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	pr, err := s.Hackathons.ProjectRoles(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	members, err := s.Hackathons.Members(ctx, v.Hackathon.ID)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	orgs, err := s.Hackathons.Organisations(ctx)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	proposals := map[blueprint.Role]blueprint.RoleProposal{}
	for _, p := range blueprint.RoleProposals() {
		proposals[p.Role] = p
	}
	v.Title = i18n.T(v.Lang, "org.title")
	v.D["ProjectRoles"] = pr
	v.D["Proposals"] = proposals
	v.D["Members"] = members
	v.D["Organisations"] = orgs
	v.D["Roles"] = blueprint.AllHackathonRoles()
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
	}
	s.render(w, status, "organisation", v)
}

func (s *Server) projectRoleSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	p := hackathon.ProjectRole{Role: blueprint.Role(r.PathValue("role")), Person: r.PostForm.Get("person"),
		Organisation: r.PostForm.Get("organisation"), HoursPerWeek: r.PostForm.Get("hours_per_week")}
	if err := s.Hackathons.SaveProjectRole(r.Context(), rq.HackathonID, p, rq.UserID()); err != nil {
		s.organisationError(w, r, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/organisation"))
}

// memberAdd grants a role by e-mail invitation (hackathon.Invite): an
// address with an account gets the role and a notice, one without gets an
// account and the set-password link.
func (s *Server) memberAdd(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	orgID, _ := strconv.ParseInt(r.PostForm.Get("organisation_id"), 10, 64)
	in := hackathon.Invitation{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Role: r.PostForm.Get("role"),
		OrganisationID: orgID, Language: rq.Lang}
	via, err := s.memberInviting(r.Context(), v.Hackathon, s.linkBase(r))
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	res, err := s.Hackathons.Invite(r.Context(), rq.HackathonID, in, via, rq.UserID())
	if err != nil {
		s.organisationError(w, r, err)
		return
	}
	if res.NewAccount {
		flash(w, "flash.member_invited")
	} else {
		flash(w, "flash.member_added")
	}
	redirect(w, r, hackathonPath(rq.HackathonID, "/organisation"))
}

func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = s.Hackathons.RemoveMember(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.member_removed")
	redirect(w, r, hackathonPath(rq.HackathonID, "/organisation"))
}

func (s *Server) organisationError(w http.ResponseWriter, r *http.Request, err error) {
	if st := httpx.StatusOf(err); st != http.StatusBadRequest {
		s.errorPage(w, r, st, err)
		return
	}
	s.renderOrganisation(w, r, http.StatusUnprocessableEntity, err)
}
