package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

// findingLiveRoutes lists the live board, saved filters, watching and the
// notification pages (Meldingen) of the finding capability. Which findings
// and notifications a user sees is decided by the finding visibility rules.
func (s *Server) findingLiveRoutes() []httpx.Route {
	p := &findingPages{Server: s, svc: s.App.Findings}
	const f = "/hackathons/{hid}/findings"
	const n = "/hackathons/{hid}/notifications"
	return []httpx.Route{
		{Method: "GET", Pattern: f + "/board", Perm: authz.FindingView, Handler: p.board},
		{Method: "GET", Pattern: f + "/board.json", Perm: authz.FindingView, Handler: p.boardSnapshot},
		{Method: "GET", Pattern: f + "/events", Perm: authz.FindingView, Handler: p.events},
		{Method: "POST", Pattern: f + "/filters", Perm: authz.FindingView, Handler: p.filterSave},
		{Method: "POST", Pattern: f + "/filters/{id}/delete", Perm: authz.FindingView, Handler: p.filterDelete},
		{Method: "POST", Pattern: f + "/{fid}/watch", Perm: authz.FindingView, Handler: p.watch},
		{Method: "GET", Pattern: n, Perm: authz.FindingView, Handler: p.notifications},
		{Method: "POST", Pattern: n + "/read", Perm: authz.FindingView, Handler: p.notificationsRead},
		{Method: "POST", Pattern: n + "/settings", Perm: authz.FindingView, Handler: p.notificationSettings},
	}
}

// EndStreams ends the live streams (server-sent events) so that a graceful
// shutdown does not wait for them: register it with http.Server.RegisterOnShutdown.
func (s *Server) EndStreams() { s.App.Close() }
