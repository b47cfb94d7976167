package main

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/orgsandbox"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
)

// withOrgSandbox mounts the organisation sandbox (Twiin notified pull,
// Nuts-style tokens; internal/orgsandbox) under /h/ beside the reference
// DVA when the sandbox listener serves TLS on an https URL; it needs
// mutual TLS, so it is absent on a plain-http sandbox.
func withOrgSandbox(db *store.DB, cfg *config.Config, dva http.Handler) (http.Handler, *orgsandbox.Engine) {
	if cfg.Sandbox.TLSCert == "" || !strings.HasPrefix(cfg.SandboxURL(), "https://") {
		return dva, nil
	}
	// ketentest calls participants (as sender and as pulling receiver)
	// through the SSRF guard, like the reference PGO.
	pol := &pgoclient.Policy{}
	pol.AllowList(cfg.PGOAllowHosts)
	eng, err := orgsandbox.Shared(orgsandbox.Options{DB: db, BaseURL: cfg.SandboxURL(), Source: orgsandbox.DossierSource(dossier.NewStore(db)),
		HTTPClient: orgsandbox.GuardedMaker(pol.HTTPClient())})
	if err != nil {
		slog.Warn("organisation sandbox not started", "err", err)
		return dva, nil
	}
	mux := http.NewServeMux()
	mux.Handle("/h/", eng)
	mux.Handle("/", dva)
	slog.Info("organisation sandbox mounted", "base", cfg.SandboxURL()+"/h/{code}/twiin")
	return mux, eng
}
