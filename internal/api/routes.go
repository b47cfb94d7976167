// Package api is the JSON API under /api/v1 for the same objects as the
// HTML pages, described by the OpenAPI document at /api/v1/openapi.json.
// Authentication is a personal API token (Authorization: Bearer kt_...) or
// the browser session; authorization is the web guard's, per route.
package api

import (
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

// Prefix is the path under which every API route lives.
const Prefix = "/api/v1"

// Deps are the capabilities the API exposes: the services serve built
// once (internal/app), shared with the pages.
type Deps struct {
	*app.App
}

type handlers struct{ Deps }

// Routes lists the API routes. Every route is an API route (problem+json
// errors, 401 instead of a login redirect); the guard checks Perm before
// the handler runs, so handlers never check permissions themselves.
func Routes(d Deps) []httpx.Route {
	h := &handlers{d}
	const hk = Prefix + "/hackathons/{hid}"
	rs := []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/openapi.json", Perm: authz.Public, Handler: h.openAPI},
		{Method: "GET", Pattern: Prefix + "/me", Perm: authz.Authenticated, Handler: h.me},

		{Method: "GET", Pattern: Prefix + "/tokens", Perm: authz.Authenticated, Handler: h.tokenList},
		{Method: "POST", Pattern: Prefix + "/tokens", Perm: authz.Authenticated, Handler: h.tokenCreate},
		{Method: "DELETE", Pattern: Prefix + "/tokens/{id}", Perm: authz.Authenticated, Handler: h.tokenDelete},

		{Method: "GET", Pattern: Prefix + "/hackathons", Perm: authz.Authenticated, Handler: h.hackathonList},
		{Method: "POST", Pattern: Prefix + "/hackathons", Perm: authz.HackathonCreate, Handler: h.hackathonCreate},
		{Method: "GET", Pattern: hk, Perm: authz.HackathonView, Handler: h.hackathonGet},
		{Method: "PUT", Pattern: hk, Perm: authz.HackathonEdit, Handler: h.hackathonUpdate},
		{Method: "POST", Pattern: hk + "/days", Perm: authz.HackathonEdit, Handler: h.dayAdd},

		{Method: "GET", Pattern: hk + "/phases", Perm: authz.PlanView, Handler: h.phaseList},
		{Method: "GET", Pattern: hk + "/milestones", Perm: authz.PlanView, Handler: h.milestoneList},
		{Method: "GET", Pattern: hk + "/milestones/{mid}", Perm: authz.PlanView, Handler: h.milestoneGet},
		{Method: "PATCH", Pattern: hk + "/milestones/{mid}", Perm: authz.MilestoneEdit, Handler: h.milestoneUpdate},

		{Method: "GET", Pattern: hk + "/canvas", Perm: authz.PlanView, Handler: h.canvasGet},
		{Method: "PUT", Pattern: hk + "/canvas", Perm: authz.CanvasEdit, Handler: h.canvasSave},
		{Method: "GET", Pattern: hk + "/startnote", Perm: authz.PlanView, Handler: h.startNote},

		{Method: "GET", Pattern: hk + "/decisions", Perm: authz.PlanView, Handler: h.decisionList},
		{Method: "POST", Pattern: hk + "/decisions", Perm: authz.DecisionRecord, Handler: h.decisionCreate},

		{Method: "GET", Pattern: hk + "/members", Perm: authz.PlanView, Handler: h.memberList},
		{Method: "POST", Pattern: hk + "/members", Perm: authz.MembersManage, Handler: h.memberAdd},
		{Method: "DELETE", Pattern: hk + "/members/{id}", Perm: authz.MembersManage, Handler: h.memberDelete},

		{Method: "GET", Pattern: hk + "/project-roles", Perm: authz.PlanView, Handler: h.projectRoleList},
		{Method: "PUT", Pattern: hk + "/project-roles/{role}", Perm: authz.OrgEdit, Handler: h.projectRoleSave},

		{Method: "GET", Pattern: hk + "/audit", Perm: authz.PlanView, Handler: h.auditList},
	}
	rs = append(rs, FindingRoutes(d)...)
	rs = append(rs, FindingEventRoutes(d)...)
	rs = append(rs, ParticipantRoutes(d)...)
	rs = append(rs, ParticipantApprovalRoutes(d)...)
	rs = append(rs, DossierRoutes(d)...)
	rs = append(rs, CommsRoutes(d)...)
	rs = append(rs, TestdayRoutes(d)...)
	for i := range rs {
		rs[i].API = true
	}
	return rs
}
