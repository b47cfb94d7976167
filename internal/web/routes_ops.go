package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

//go:embed static
var staticFiles embed.FS

func (s *Server) opsRoutes() []httpx.Route {
	static, _ := fs.Sub(staticFiles, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return []httpx.Route{
		{Method: "GET", Pattern: "/healthz", Perm: authz.Public, Handler: s.healthz},
		{Method: "GET", Pattern: "/readyz", Perm: authz.Public, Handler: s.readyz},
		// Public as a route; the handler admits configured networks and the
		// metrics token only (Options.Metrics).
		{Method: "GET", Pattern: "/metrics", Perm: authz.Public, OwnCredentials: true, Handler: s.metrics.handler(s.Opts.Metrics)},
		{Method: "GET", Pattern: "/static/", Perm: authz.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r)
		}},
		// Browsers ask for /favicon.ico whatever the page says; the icon is the SVG.
		{Method: "GET", Pattern: "/favicon.ico", Perm: authz.Public, Handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
		}},
	}
}

// healthz says the process is alive.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Opts.Version})
}

// readyz says the database answers, is migrated and takes writes.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	v, err := s.DB.Version(ctx)
	if err != nil || v == 0 {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	if err := s.DB.ProbeWrite(ctx); err != nil {
		slog.Warn("readyz: database refuses writes", "err", err)
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database refuses writes"})
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "schema_version": v, "database": s.DB.Dialect})
}
