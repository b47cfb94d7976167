package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/web"
)

func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "load the demo hackathon, print its accounts and start the reference DVA on --demo-sandbox-addr")
	if err := loadSettings(&cfg, fs, args, stdout, withDemo, "ketentest serve [--demo] [flags]",
		"Serves the web application, the JSON API, /healthz, /readyz and /metrics, and the reference DVA when\n"+
			"--sandbox-addr is set. Every flag is also a KETENTEST_* environment variable; ketentest config shows the values in force."); err != nil {
		return err
	}
	logger, err := cfg.Logger()
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	if cfg.DemoSandbox() {
		demoSandboxDefault(&cfg, stdout)
	}
	db, err := openMigrated(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	cfg.SetListenAddr(ln.Addr().String())
	if *withDemo {
		accounts, err := demo.LoadWith(ctx, db, time.Now(), demo.Options{BaseURL: cfg.BaseURL, SandboxURL: cfg.SandboxURL(), MailFrom: cfg.SMTP.From})
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		fmt.Fprintf(stdout, "\nDemo hackathon %s loaded. Every demo account has the password %q:\n", demo.Code, demo.Password)
		for _, a := range accounts {
			fmt.Fprintf(stdout, "  %-36s %-20s %s\n", a.Email, a.Name, a.Role)
		}
		fmt.Fprintf(stdout, "Findings, the sandbox client %s of Gezondapp BV with its traffic and reference PGO runs are under Bevindingen, Testomgeving, Verkeer and Referentie-PGO.\n\n", demo.GezondappClient)
	}
	useFHIRDefinitions(&cfg)
	services := newApp(db, &cfg, loc)
	srv := web.New(services, web.Options{SecureCookies: cfg.SecureCookies, Version: version,
		Metrics: web.MetricsAccess{Allow: cfg.MetricsAllow, Token: cfg.MetricsToken}, TrustedProxies: cfg.TrustedProxies})
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	httpSrv.RegisterOnShutdown(srv.EndStreams) // live streams end, so Shutdown does not wait for them
	fmt.Fprintf(stdout, "ketentest %s listening on http://%s\n", version, ln.Addr())
	slog.Info("serving", "addr", ln.Addr().String(), "database", cfg.RedactedDatabaseURL(), "base_url", cfg.BaseURL)
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	go purgeSessions(ctx, srv)
	stopSandbox, err := startSandbox(db, &cfg, logger, stdout)
	if err != nil {
		httpSrv.Close()
		return err
	}
	purgeDone := startTrafficPurge(ctx, db, cfg.Sandbox.TrafficRetention)
	mailDone := make(chan struct{})
	if mailer := services.Mailer; mailer != nil {
		go func() { defer close(mailDone); mailer.Run(ctx) }()
	} else {
		close(mailDone)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down", "grace", cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	stopSandbox(sctx)
	if err := httpSrv.Shutdown(sctx); err != nil {
		return err
	}
	<-mailDone // the message in progress is recorded before the database closes
	<-purgeDone
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newApp is the one place the services are built: from the resolved
// configuration, once, for the pages, the API and the mail worker.
func newApp(db *store.DB, cfg *config.Config, zone *time.Location) *app.App {
	return app.New(db, app.Options{
		DataDir: cfg.DataDir, BaseURL: cfg.BaseURL, Zone: zone,
		SMTP:              comms.Config{Addr: cfg.SMTP.Addr, From: cfg.SMTP.From, User: cfg.SMTP.User, Password: cfg.SMTP.Password},
		MaxStreamsPerUser: cfg.MaxStreamsPerUser,
		SandboxURL:        cfg.SandboxURL(), SandboxTLSCert: cfg.Sandbox.TLSCert, PGOAllowHosts: cfg.PGOAllowHosts,
	})
}

// demoSandboxDefault keeps the demo's default sandbox address
// (--demo-sandbox-addr) only when it is free: otherwise the demo runs
// without a sandbox and says so.
func demoSandboxDefault(cfg *config.Config, stdout io.Writer) {
	ln, err := net.Listen("tcp", cfg.Sandbox.Addr)
	if err != nil {
		fmt.Fprintf(stdout, "Sandbox DVA not started: %s is in use (%v); set KETENTEST_SANDBOX_ADDR to choose another address.\n", cfg.Sandbox.Addr, err)
		cfg.Sandbox.Addr = ""
		return
	}
	ln.Close()
	fmt.Fprintf(stdout, "Sandbox DVA (reference DVA for PGO tests) on http://%s by default for --demo; KETENTEST_SANDBOX_ADDR chooses another address.\n", cfg.Sandbox.Addr)
}

// startSandbox starts the reference DVA on the sandbox address (none when
// empty), over TLS when a certificate and key are configured. stop shuts
// it down gracefully and writes the traffic records still buffered.
func startSandbox(db *store.DB, cfg *config.Config, logger *slog.Logger, stdout io.Writer) (stop func(context.Context), err error) {
	addr, certFile, keyFile := cfg.Sandbox.Addr, cfg.Sandbox.TLSCert, cfg.Sandbox.TLSKey
	if addr == "" {
		return func(context.Context) {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	dossiers := dossier.NewStore(db)
	providers, err := sandbox.LoadProviders(context.Background(), db, dossiers) // the hackathons' care providers
	if err != nil {
		ln.Close()
		return nil, err
	}
	dva := sandbox.NewDVA(db, dossiers, sandbox.Options{BaseURL: cfg.Sandbox.URL, Providers: providers})
	handler, orgs := withOrgSandbox(db, cfg, dva)
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	scheme := "http"
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("sandbox TLS: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
		if orgs != nil {
			srv.TLSConfig = orgs.ListenerTLS(srv.TLSConfig)
		}
		scheme = "https"
	}
	fmt.Fprintf(stdout, "sandbox DVA listening on %s://%s\n", scheme, ln.Addr())
	slog.Info("sandbox DVA listening", "addr", ln.Addr().String(), "tls", certFile != "")
	go func() {
		serve := srv.Serve
		if srv.TLSConfig != nil {
			serve = func(ln net.Listener) error { return srv.ServeTLS(ln, "", "") }
		}
		if err := serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("sandbox DVA", "err", err)
		}
	}()
	return func(ctx context.Context) {
		if err := srv.Shutdown(ctx); err != nil {
			slog.Warn("sandbox DVA shutdown", "err", err)
		}
		dva.Close()
	}, nil
}

// purgeSessions removes expired login sessions now and every hour.
func purgeSessions(ctx context.Context, srv *web.Server) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := srv.Accounts.PurgeExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("purge sessions", "err", err)
		} else if n > 0 {
			slog.Info("expired sessions purged", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func openMigrated(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
