package web

import (
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/api"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/store"
)

// Options configure the server.
type Options struct {
	SecureCookies bool   // set the Secure flag on cookies (behind TLS)
	Version       string // shown in the footer and /healthz
	DataDir       string // files such as attachments go below it; "data" when empty
	SandboxURL    string // public base URL of the reference DVA; empty: from the environment
	BaseURL       string // ketentest's public origin, for links in exports; empty: paths only
}

func (o Options) dataDir() string {
	if o.DataDir == "" {
		return "data"
	}
	return o.DataDir
}

// Server holds the capabilities the handlers use. Handlers are methods on it.
type Server struct {
	DB         *store.DB
	Accounts   *account.Service
	Throttle   *account.Throttle
	Hackathons *hackathon.Service
	Opts       Options
	pages      *pages
	metrics    *metrics
	routes     []httpx.Route
}

// New builds a server over the database.
func New(db *store.DB, opts Options) *Server {
	s := &Server{
		DB:         db,
		Accounts:   account.NewService(db),
		Throttle:   account.NewThrottle(db),
		Hackathons: hackathon.NewService(db),
		Opts:       opts,
		pages:      loadPages(),
		metrics:    newMetrics(),
	}
	s.routes = append(s.routes, s.opsRoutes()...)
	s.routes = append(s.routes, s.accountRoutes()...)
	s.routes = append(s.routes, s.hackathonRoutes()...)
	// Each capability adds its pages in its own routes_<capability>.go.
	s.routes = append(s.routes, s.findingRoutes()...)
	s.routes = append(s.routes, s.findingLiveRoutes()...)
	s.routes = append(s.routes, s.participantRoutes()...)
	s.routes = append(s.routes, s.participantRegRoutes()...)
	s.routes = append(s.routes, s.participantApprovalRoutes()...)
	s.routes = append(s.routes, s.sandboxRoutes()...)
	s.routes = append(s.routes, s.dossierRoutes()...)
	s.routes = append(s.routes, s.commsRoutes()...)
	s.routes = append(s.routes, s.testdayRoutes()...)
	s.routes = append(s.routes, s.offlineRoutes()...)
	s.routes = append(s.routes, api.Routes(api.Deps{Accounts: s.Accounts, Hackathons: s.Hackathons, DataDir: s.Opts.dataDir(), BaseURL: s.Opts.BaseURL})...)
	return s
}

// Routes lists every route, for the route × role test and documentation.
func (s *Server) Routes() []httpx.Route {
	out := append([]httpx.Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Pattern+out[i].Method < out[j].Pattern+out[j].Method })
	return out
}

// Handler is the complete HTTP handler: every route behind its guard, and
// the middleware around all of them.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		if !authz.Known(rt.Perm) {
			panic("web: route " + rt.Path() + " has no known permission")
		}
		mux.Handle(rt.Path(), s.guard(rt))
	}
	mux.Handle("/", s.guard(httpx.Route{Method: "", Pattern: "/", Perm: authz.Public, Handler: s.notFound}))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slog.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		if strings.HasPrefix(r.URL.Path, "/api/") {
			httpx.WriteProblem(w, httpx.Problem{Status: http.StatusForbidden, Detail: "cross-origin request refused"})
			return
		}
		http.Error(w, "Cross-origin request refused / verzoek van een andere oorsprong geweigerd", http.StatusForbidden)
	}))
	var h http.Handler = mux
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.metrics.instrument(h)
	h = logRequests(h)
	h = recoverPanics(h)
	return h
}
