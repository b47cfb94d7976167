package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// findingRoutes lists the pages of the finding capability. The JSON API of
// findings is registered by api.Routes.
func (s *Server) findingRoutes() []httpx.Route {
	p := &findingPages{Server: s, svc: s.App.Findings}
	const f = "/hackathons/{hid}/findings"
	return []httpx.Route{
		{Method: "GET", Pattern: f, Perm: authz.FindingView, Handler: p.list},
		{Method: "GET", Pattern: f + "/handover.csv", Perm: authz.FindingView, Handler: p.export(finding.ExportHandoverCSV)},
		{Method: "GET", Pattern: f + "/handover.xlsx", Perm: authz.FindingView, Handler: p.export(finding.ExportHandoverXLSX)},
		{Method: "GET", Pattern: f + "/jira.csv", Perm: authz.FindingView, Handler: p.export(finding.ExportJiraCSV)},
		{Method: "GET", Pattern: f + "/overview.csv", Perm: authz.FindingView, Handler: p.export(finding.ExportOverviewCSV)},
		{Method: "POST", Pattern: f + "/bulk", Perm: authz.FindingTriage, Handler: p.bulk},
		{Method: "GET", Pattern: f + "/config", Perm: authz.FindingConfig, Handler: p.config},
		{Method: "POST", Pattern: f + "/config/options", Perm: authz.FindingConfig, Handler: p.optionsSave},
		{Method: "POST", Pattern: f + "/config/actors", Perm: authz.FindingConfig, Handler: p.actorSave},
		{Method: "GET", Pattern: f + "/new", Perm: authz.FindingCreate, Handler: p.newForm},
		{Method: "POST", Pattern: f, Perm: authz.FindingCreate, Handler: p.create},
		{Method: "GET", Pattern: f + "/{fid}", Perm: authz.FindingView, Handler: p.show},
		{Method: "POST", Pattern: f + "/{fid}/comments", Perm: authz.FindingView, Handler: p.comment},
		{Method: "POST", Pattern: f + "/{fid}/status", Perm: authz.FindingView, Handler: p.status},
		{Method: "POST", Pattern: f + "/{fid}/followup", Perm: authz.FindingView, Handler: p.followUp},
		{Method: "POST", Pattern: f + "/{fid}/triage", Perm: authz.FindingTriage, Handler: p.triage},
		// A refused triage form is shown at its own URL; reloading or
		// opening that URL shows the finding page, not a 404.
		{Method: "GET", Pattern: f + "/{fid}/triage", Perm: authz.FindingView, Handler: p.show},
		{Method: "POST", Pattern: f + "/{fid}/merge", Perm: authz.FindingTriage, Handler: p.merge},
		{Method: "POST", Pattern: f + "/{fid}/attachments", Perm: authz.FindingView, Handler: p.attach},
		{Method: "GET", Pattern: f + "/{fid}/attachments/{aid}", Perm: authz.FindingView, Handler: p.attachment},
		{Method: "POST", Pattern: f + "/{fid}/visibility", Perm: authz.FindingConfig, Handler: p.visibility},
	}
}
