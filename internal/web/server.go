package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/api"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/store"
)

// Options configure the HTTP side of the server.
type Options struct {
	SecureCookies bool   // served over HTTPS: cookies Secure, Strict-Transport-Security
	Version       string // shown in the footer and /healthz
	Metrics       MetricsAccess
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives
	// the client address (httpx.ClientIP); none: the peer is the client.
	TrustedProxies []netip.Prefix
}

// Server holds the capabilities the handlers use. Handlers are methods on it.
// The services are the App's: built once by serve and shared with the API.
type Server struct {
	App        *app.App
	DB         *store.DB
	Accounts   *account.Service
	Throttle   *account.Throttle
	Hackathons *hackathon.Service
	Opts       Options
	pages      *pages
	metrics    *metrics
	routes     []httpx.Route
}

// New builds the pages and the API over the services of a.
func New(a *app.App, opts Options) *Server {
	s := &Server{
		App:        a,
		DB:         a.DB,
		Accounts:   a.Accounts,
		Throttle:   a.Throttle,
		Hackathons: a.Hackathons,
		Opts:       opts,
		pages:      loadPages(funcsIn(a.Zone)),
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
	s.routes = append(s.routes, s.evaluationRoutes()...)
	s.routes = append(s.routes, s.reportRoutes()...)
	s.routes = append(s.routes, s.validateRoutes()...)
	s.routes = append(s.routes, s.draaiboekRoutes()...)
	s.routes = append(s.routes, s.trainingRoutes()...)
	s.routes = append(s.routes, s.venueRoutes()...)
	s.routes = append(s.routes, s.maturityRoutes()...)
	s.routes = append(s.routes, s.kickoffRoutes()...)
	s.routes = append(s.routes, s.testscriptRoutes()...)
	s.routes = append(s.routes, s.intakeRoutes()...)
	s.routes = append(s.routes, api.Routes(api.Deps{App: a})...)
	return s
}

// linkBase is the origin of every absolute link ketentest makes (e-mail,
// the public registration and calendar links, the reference PGO's
// redirect URI): the configured base URL. The request is deliberately not
// consulted: its Host header is the client's to choose.
func (s *Server) linkBase(*http.Request) string { return s.App.BaseURL }

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
	h = securityHeaders(h, s.Opts.SecureCookies)
	h = s.metrics.instrument(h)
	h = logRequests(h)
	h = recoverPanics(h)
	return h
}
