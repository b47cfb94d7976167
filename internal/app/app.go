// Package app builds ketentest's services once, from the configuration,
// and hands the same instances to the web pages, the JSON API, the mail
// worker and the demo: one outbox, one finding service with its live
// broker, one participant service (with its rate limit), one reference PGO
// client. Nothing here reads the environment; serve passes what the
// configuration (internal/config) resolved.
package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testday"
	"github.com/ketentest/ketentest/internal/training"
	"github.com/ketentest/ketentest/internal/venue"
)

// DefaultBaseURL is the base URL when Options leave it empty (tests);
// serve always passes the configured or derived one.
const DefaultBaseURL = "http://localhost:8080"

// Options are what the services need from the configuration.
type Options struct {
	DataDir string // files (attachments) go below it; "data" when empty
	// BaseURL is ketentest's public origin: every absolute link in mail and
	// on pages starts with it, never with a request's Host header.
	BaseURL string
	Zone    *time.Location // times are shown in it; Europe/Amsterdam when nil
	SMTP    comms.Config   // Addr empty: mail stays queued
	// MaxStreamsPerUser bounds the live streams of one user; 0 = no limit.
	MaxStreamsPerUser int
	SandboxURL        string // the reference DVA's public base URL; empty: none
	SandboxTLSCert    string // its certificate, trusted by the reference PGO
	PGOAllowHosts     string // non-public hosts the reference PGO may call
}

// App is the set of services of one process.
type App struct {
	DB         *store.DB
	DataDir    string
	BaseURL    string
	Zone       *time.Location
	SandboxURL string

	Accounts     *account.Service
	Throttle     *account.Throttle
	Hackathons   *hackathon.Service
	Findings     *finding.Service
	Outbox       *comms.Outbox
	Mailer       *comms.Worker // nil without an SMTP server: mail stays queued
	Participants *participant.Service
	Comms        *commplan.Service
	Dossiers     *dossier.Store
	PGO          *pgoclient.Store
	PGOClient    *pgoclient.Client
	Testday      *testday.Service
	Evaluation   *evaluation.Service
	Report       *report.Service
	Training     *training.Service
	Venue        *venue.Service
}

// New builds the services over db.
func New(db *store.DB, o Options) *App {
	a := &App{DB: db, DataDir: o.DataDir, BaseURL: strings.TrimSuffix(o.BaseURL, "/"), Zone: o.Zone, SandboxURL: strings.TrimSuffix(o.SandboxURL, "/")}
	if a.DataDir == "" {
		a.DataDir = "data"
	}
	if a.BaseURL == "" {
		a.BaseURL = DefaultBaseURL
	}
	if a.Zone == nil {
		a.Zone = DefaultZone()
	}
	a.Accounts = account.NewService(db)
	a.Throttle = account.NewThrottle(db)
	a.Hackathons = hackathon.NewService(db)

	from := o.SMTP.From
	if from == "" {
		from = "ketentest@localhost"
	}
	a.Outbox = comms.NewOutbox(db, jobs.NewQueue(db), from)
	if o.SMTP.Addr != "" {
		a.Mailer = comms.NewWorker(a.Outbox, &comms.SMTPSender{Addr: o.SMTP.Addr, User: o.SMTP.User, Password: o.SMTP.Password}, from)
	}

	a.Findings = finding.NewService(db)
	a.Findings.Dir = filepath.Join(a.DataDir, "attachments")
	a.Findings.BaseURL = a.BaseURL
	a.Findings.Live = finding.NewLive(db, finding.LiveOptions{MaxStreamsPerUser: o.MaxStreamsPerUser})

	a.Participants = commplan.NewParticipants(db, a.Outbox)
	a.Comms = commplan.NewService(db, a.Outbox)
	a.Dossiers = dossier.NewStore(db)

	var policy pgoclient.Policy
	if a.SandboxURL != "" {
		policy.AllowURL(a.SandboxURL)
	}
	policy.AllowList(o.PGOAllowHosts)
	if f := o.SandboxTLSCert; f != "" {
		if pemData, err := os.ReadFile(f); err != nil || policy.TrustPEM(pemData) != nil {
			slog.Warn("reference PGO: cannot trust the sandbox certificate", "file", f, "err", err)
		}
	}
	a.PGO = pgoclient.NewStore(db)
	a.PGOClient = pgoclient.New(a.PGO, &policy)
	// The automated snelcheck calls participants' URLs through the same
	// guard as the reference PGO.
	a.Testday = testday.NewService(db, a.Outbox, &policy)
	a.Testday.Zone = a.Zone
	a.Evaluation = evaluation.NewService(db, a.Outbox)
	a.Report = report.NewService(db, a.Testday, a.Evaluation, a.Zone)
	a.Training = training.NewService(db, a.Hackathons)
	a.Venue = venue.NewService(db, a.Hackathons)
	return a
}

// MailSent reports whether mail leaves the process (an SMTP server is
// configured); without one it stays queued and visible.
func (a *App) MailSent() bool { return a.Mailer != nil }

// Close ends the live streams (for a graceful shutdown).
func (a *App) Close() { a.Findings.Live.Close() }

// DefaultZone is Europe/Amsterdam, or UTC when no zone data is at hand.
func DefaultZone() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}
