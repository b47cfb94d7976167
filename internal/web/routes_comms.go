package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/httpx"
)

// commsPages are the pages of the communication building block: plan,
// calendar, message templates and news items. Everyone who sees the plan
// reads them; the communication expert and the project lead edit and send.
type commsPages struct {
	*participantPages
	comm *commplan.Service
}

// commsRoutes lists the pages of the communication capability.
func (s *Server) commsRoutes() []httpx.Route {
	c := &commsPages{participantPages: s.participantPages(), comm: s.App.Comms}
	const base = "/hackathons/{hid}/comms"
	return []httpx.Route{
		{Method: "GET", Pattern: base + "/plan", Perm: authz.PlanView, Handler: c.planShow},
		{Method: "POST", Pattern: base + "/plan", Perm: authz.CommsManage, Handler: c.planSave},
		{Method: "GET", Pattern: base + "/calendar", Perm: authz.PlanView, Handler: c.calendarList},
		{Method: "POST", Pattern: base + "/calendar", Perm: authz.CommsManage, Handler: c.calendarCreate},
		{Method: "GET", Pattern: base + "/calendar.ics", Perm: authz.PlanView, Handler: c.calendarFeed},
		{Method: "POST", Pattern: base + "/calendar/propose", Perm: authz.CommsManage, Handler: c.calendarPropose},
		{Method: "GET", Pattern: base + "/calendar/{id}", Perm: authz.PlanView, Handler: c.itemShow},
		{Method: "POST", Pattern: base + "/calendar/{id}", Perm: authz.CommsManage, Handler: c.itemSave},
		{Method: "POST", Pattern: base + "/calendar/{id}/send", Perm: authz.CommsManage, Handler: c.itemSend},
		{Method: "POST", Pattern: base + "/calendar/{id}/delete", Perm: authz.CommsManage, Handler: c.itemDelete},
		{Method: "GET", Pattern: base + "/templates", Perm: authz.PlanView, Handler: c.templateList},
		{Method: "POST", Pattern: base + "/templates", Perm: authz.CommsManage, Handler: c.templateCreate},
		{Method: "POST", Pattern: base + "/templates/defaults", Perm: authz.CommsManage, Handler: c.templateDefaults},
		{Method: "GET", Pattern: base + "/templates/{id}", Perm: authz.PlanView, Handler: c.templateShow},
		{Method: "POST", Pattern: base + "/templates/{id}", Perm: authz.CommsManage, Handler: c.templateSave},
		{Method: "POST", Pattern: base + "/templates/{id}/send", Perm: authz.CommsManage, Handler: c.templateSend},
		{Method: "POST", Pattern: base + "/templates/{id}/delete", Perm: authz.CommsManage, Handler: c.templateDelete},
		{Method: "GET", Pattern: base + "/news", Perm: authz.PlanView, Handler: c.newsList},
		{Method: "POST", Pattern: base + "/news", Perm: authz.CommsManage, Handler: c.newsCreate},
		{Method: "GET", Pattern: base + "/news/{id}", Perm: authz.PlanView, Handler: c.newsShow},
		{Method: "POST", Pattern: base + "/news/{id}", Perm: authz.CommsManage, Handler: c.newsSave},
		{Method: "GET", Pattern: base + "/news/{id}/export.html", Perm: authz.PlanView, Handler: c.newsExport("html")},
		{Method: "GET", Pattern: base + "/news/{id}/export.md", Perm: authz.PlanView, Handler: c.newsExport("md")},
	}
}
