package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

// testscriptRoutes lists the pages of the TestScript engine: a participant
// uploads TestScripts, points them at its own FHIR server and browses the
// per-assert results of its runs. The server is called only through
// pgoclient's SSRF guard (the reference PGO's client).
func (s *Server) testscriptRoutes() []httpx.Route {
	p := &testscriptPages{Server: s}
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/{hid}/testscripts", Perm: authz.PGORun, Handler: p.index},
		{Method: "GET", Pattern: "/hackathons/{hid}/testscripts/client", Perm: authz.PGORun, Handler: p.client},
		{Method: "POST", Pattern: "/hackathons/{hid}/testscripts/runs", Perm: authz.PGORun, Handler: p.start},
		{Method: "GET", Pattern: "/hackathons/{hid}/testscripts/runs/{tsid}", Perm: authz.PGORun, Handler: p.show},
		{Method: "GET", Pattern: "/hackathons/{hid}/testscripts/runs/{tsid}/junit.xml", Perm: authz.PGORun, Handler: p.junit},
	}
}
