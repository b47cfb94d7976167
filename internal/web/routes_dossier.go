package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
)

// dossierPages are the pages of the test-dossier capability: import,
// browse, export and diff versioned sets of FHIR resources.
type dossierPages struct {
	*Server
	store *dossier.Store
}

// dossierRoutes lists the pages of the dossier capability.
func (s *Server) dossierRoutes() []httpx.Route {
	p := &dossierPages{Server: s, store: dossier.NewStore(s.DB)}
	const base = "/hackathons/{hid}/dossiers"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.SandboxView, Handler: p.list},
		{Method: "POST", Pattern: base, Perm: authz.SandboxManage, Handler: p.create},
		{Method: "POST", Pattern: base + "/generate", Perm: authz.SandboxManage, Handler: p.generate},
		{Method: "POST", Pattern: base + "/demo", Perm: authz.SandboxManage, Handler: p.loadDemo},
		{Method: "GET", Pattern: base + "/{did}", Perm: authz.SandboxView, Handler: p.show},
		{Method: "POST", Pattern: base + "/{did}", Perm: authz.SandboxManage, Handler: p.edit},
		{Method: "POST", Pattern: base + "/{did}/delete", Perm: authz.SandboxManage, Handler: p.remove},
		{Method: "POST", Pattern: base + "/{did}/import", Perm: authz.SandboxManage, Handler: p.importVersion},
		{Method: "GET", Pattern: base + "/{did}/resources", Perm: authz.SandboxView, Handler: p.resources},
		{Method: "GET", Pattern: base + "/{did}/resources/{type}/{rid}", Perm: authz.SandboxView, Handler: p.resource},
		{Method: "GET", Pattern: base + "/{did}/export", Perm: authz.SandboxView, Handler: p.export},
		{Method: "GET", Pattern: base + "/{did}/diff", Perm: authz.SandboxView, Handler: p.diff},
	}
}
