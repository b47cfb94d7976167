package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

func (s *Server) hackathonRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/new", Perm: authz.HackathonCreate, Handler: s.hackathonNew},
		{Method: "POST", Pattern: "/hackathons", Perm: authz.HackathonCreate, Handler: s.hackathonCreate},
		{Method: "GET", Pattern: "/hackathons/{hid}", Perm: authz.HackathonView, Handler: s.hackathonShow},
		{Method: "GET", Pattern: "/hackathons/{hid}/edit", Perm: authz.HackathonEdit, Handler: s.hackathonEdit},
		{Method: "POST", Pattern: "/hackathons/{hid}", Perm: authz.HackathonEdit, Handler: s.hackathonSave},
		{Method: "POST", Pattern: "/hackathons/{hid}/days", Perm: authz.HackathonEdit, Handler: s.dayAdd},
		{Method: "GET", Pattern: "/hackathons/{hid}/phases/{n}", Perm: authz.PlanView, Handler: s.phaseShow},
		{Method: "GET", Pattern: "/hackathons/{hid}/milestones/{mid}", Perm: authz.PlanView, Handler: s.milestoneShow},
		{Method: "POST", Pattern: "/hackathons/{hid}/milestones/{mid}", Perm: authz.MilestoneEdit, Handler: s.milestoneSave},
		{Method: "GET", Pattern: "/hackathons/{hid}/canvas", Perm: authz.PlanView, Handler: s.canvasShow},
		{Method: "POST", Pattern: "/hackathons/{hid}/canvas", Perm: authz.CanvasEdit, Handler: s.canvasSave},
		{Method: "GET", Pattern: "/hackathons/{hid}/startnote", Perm: authz.PlanView, Handler: s.startNote},
		{Method: "POST", Pattern: "/hackathons/{hid}/decision", Perm: authz.DecisionRecord, Handler: s.decisionSave},
		{Method: "GET", Pattern: "/hackathons/{hid}/organisation", Perm: authz.PlanView, Handler: s.organisation},
		{Method: "POST", Pattern: "/hackathons/{hid}/organisation/roles/{role}", Perm: authz.OrgEdit, Handler: s.projectRoleSave},
		{Method: "POST", Pattern: "/hackathons/{hid}/members", Perm: authz.MembersManage, Handler: s.memberAdd},
		{Method: "POST", Pattern: "/hackathons/{hid}/members/{id}/delete", Perm: authz.MembersManage, Handler: s.memberDelete},
		{Method: "GET", Pattern: "/hackathons/{hid}/audit", Perm: authz.PlanView, Handler: s.auditLog},
	}
}
