package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

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
	cfg.Register(fs)
	withDemo := fs.Bool("demo", false, "load the demo hackathon and print its accounts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger, err := cfg.Logger()
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
	db, err := openMigrated(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if *withDemo {
		accounts, err := demo.Load(ctx, db, time.Now())
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		fmt.Fprintf(stdout, "\nDemo hackathon %s loaded. Every demo account has the password %q:\n", demo.Code, demo.Password)
		for _, a := range accounts {
			fmt.Fprintf(stdout, "  %-36s %-20s %s\n", a.Email, a.Name, a.Role)
		}
		fmt.Fprintln(stdout)
	}
	srv := web.New(db, web.Options{SecureCookies: cfg.SecureCookies, Version: version, DataDir: cfg.DataDir})
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	httpSrv.RegisterOnShutdown(srv.EndStreams) // live streams end, so Shutdown does not wait for them
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ketentest %s listening on http://%s\n", version, ln.Addr())
	slog.Info("serving", "addr", ln.Addr().String(), "database", cfg.RedactedDatabaseURL())
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	go purgeSessions(ctx, srv)
	if addr := os.Getenv("KETENTEST_SANDBOX_ADDR"); addr != "" {
		dva := sandbox.NewDVA(db, dossier.NewStore(db), sandbox.Options{BaseURL: os.Getenv("KETENTEST_SANDBOX_URL")})
		sandboxSrv := &http.Server{Addr: addr, Handler: dva, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			slog.Info("sandbox DVA listening", "addr", addr)
			if err := sandboxSrv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				slog.Error("sandbox DVA", "err", err)
			}
		}()
		defer sandboxSrv.Close()
	}
	mailDone := make(chan struct{})
	if _, mailer := comms.NewWorkerFromEnv(db); mailer != nil {
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
	if err := httpSrv.Shutdown(sctx); err != nil {
		return err
	}
	<-mailDone // the message in progress is recorded before the database closes
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
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
