package web

import (
	"net/http"
	"os"
	"strings"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// sandboxPages are the pages of the sandbox capability: what a participant
// needs to connect a PGO to the reference DVA.
type sandboxPages struct {
	*Server
	dossiers *dossier.Store
	dvaURL   string // KETENTEST_SANDBOX_URL: external base of the DVA listener
}

// sandboxRoutes lists the pages of the sandbox capability.
func (s *Server) sandboxRoutes() []httpx.Route {
	p := &sandboxPages{Server: s, dossiers: dossier.NewStore(s.DB),
		dvaURL: strings.TrimSuffix(os.Getenv("KETENTEST_SANDBOX_URL"), "/")}
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/{hid}/sandbox", Perm: authz.SandboxView, Handler: p.sandboxPage},
	}
}

// sandboxPage lists the DVA endpoints, the registered clients and the test patients.
func (p *sandboxPages) sandboxPage(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	clients, err := sandbox.Clients(ctx, p.DB)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	patients, err := p.dossiers.Patients(ctx)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["BaseURL"] = p.dvaURL
	v.D["Clients"] = clients
	v.D["Patients"] = patients
	p.render(w, http.StatusOK, "sandbox_participant", v)
}
