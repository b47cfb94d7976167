package config

import (
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// Setting is one thing the binary can be told: declared once here, with
// its command-line flag, its environment variable, its default and help,
// and whether its value is a secret (never printed or logged). A setting
// without a flag is read from the environment only, so that secrets stay
// out of the process list and shell history.
type Setting struct {
	Flag    string // without dashes; empty: environment only
	Env     string // KETENTEST_...
	Default string
	Help    string
	Secret  bool
	// mask shows a secret value; nil masks all of it.
	mask func(string) string
	// field points at the typed field of c the value is parsed into:
	// *string, *bool, *int, *time.Duration or *[]netip.Prefix.
	field func(c *Config) any
}

// Name is how the setting is named in messages: its flag and variable.
func (s Setting) Name() string {
	if s.Flag == "" {
		return s.Env
	}
	return "--" + s.Flag + " (" + s.Env + ")"
}

// Type names the kind of value the setting takes.
func (s Setting) Type() string {
	switch s.field(&Config{}).(type) {
	case *bool:
		return "bool"
	case *int:
		return "int"
	case *time.Duration:
		return "duration"
	case *[]netip.Prefix:
		return "cidr list"
	}
	return "string"
}

// Environment-only settings read by one command, named for its callers.
const (
	EnvPassword      = "KETENTEST_PASSWORD"
	EnvLoadtestToken = "KETENTEST_LOADTEST_TOKEN"
)

// Settings lists every setting. It is never changed after start-up.
func Settings() []Setting {
	return []Setting{
		{Flag: "addr", Env: "KETENTEST_ADDR", Default: "127.0.0.1:8080", Help: "listen address host:port",
			field: func(c *Config) any { return &c.Addr }},
		{Flag: "data-dir", Env: "KETENTEST_DATA_DIR", Default: "./data", Help: "data directory for SQLite and files",
			field: func(c *Config) any { return &c.DataDir }},
		{Flag: "database-url", Env: "KETENTEST_DATABASE_URL", Help: "PostgreSQL URL postgres://user:pass@host:5432/db; empty means embedded SQLite",
			Secret: true, mask: redactURLPassword, field: func(c *Config) any { return &c.DatabaseURL }},
		{Flag: "log-level", Env: "KETENTEST_LOG_LEVEL", Default: "info", Help: "log level: debug, info, warn, error",
			field: func(c *Config) any { return &c.LogLevel }},
		{Flag: "log-format", Env: "KETENTEST_LOG_FORMAT", Default: "text", Help: "log format: text or json",
			field: func(c *Config) any { return &c.LogFormat }},
		{Flag: "secure-cookies", Env: "KETENTEST_SECURE_COOKIES", Default: "false", Help: "served over HTTPS: cookies Secure, Strict-Transport-Security sent",
			field: func(c *Config) any { return &c.SecureCookies }},
		{Flag: "shutdown-grace", Env: "KETENTEST_SHUTDOWN_GRACE", Default: "15s", Help: "time to finish requests on shutdown",
			field: func(c *Config) any { return &c.ShutdownGrace }},
		{Flag: "max-streams-per-user", Env: "KETENTEST_MAX_STREAMS_PER_USER", Default: "20", Help: "live-board streams one user may hold open at once; 0 = no limit",
			field: func(c *Config) any { return &c.MaxStreamsPerUser }},
		{Flag: "timezone", Env: "KETENTEST_TIMEZONE", Default: "Europe/Amsterdam", Help: "IANA time zone times are shown in; stored times stay UTC",
			field: func(c *Config) any { return &c.TimeZone }},
		{Flag: "base-url", Env: "KETENTEST_BASE_URL", Help: "public URL of ketentest used in links in e-mail and on pages, e.g. https://ketentest.example.nl; required with --smtp-addr; empty: http://<listen address>",
			field: func(c *Config) any { return &c.BaseURL }},
		{Flag: "smtp-addr", Env: "KETENTEST_SMTP_ADDR", Help: "SMTP server host:port; empty: mail stays queued",
			field: func(c *Config) any { return &c.SMTP.Addr }},
		{Flag: "smtp-from", Env: "KETENTEST_SMTP_FROM", Default: "ketentest@localhost", Help: "sender address of mail",
			field: func(c *Config) any { return &c.SMTP.From }},
		{Flag: "smtp-user", Env: "KETENTEST_SMTP_USER", Help: "SMTP authentication user",
			field: func(c *Config) any { return &c.SMTP.User }},
		{Env: "KETENTEST_SMTP_PASSWORD", Help: "SMTP authentication password (environment only)", Secret: true,
			field: func(c *Config) any { return &c.SMTP.Password }},
		{Flag: "sandbox-addr", Env: "KETENTEST_SANDBOX_ADDR", Help: "listen address of the reference DVA; empty: not started (with --demo: --demo-sandbox-addr)",
			field: func(c *Config) any { return &c.Sandbox.Addr }},
		{Flag: "sandbox-url", Env: "KETENTEST_SANDBOX_URL", Help: "public base URL of the reference DVA; empty: derived from --sandbox-addr",
			field: func(c *Config) any { return &c.Sandbox.URL }},
		{Flag: "sandbox-tls-cert", Env: "KETENTEST_SANDBOX_TLS_CERT", Help: "PEM certificate of the reference DVA listener (set with --sandbox-tls-key)",
			field: func(c *Config) any { return &c.Sandbox.TLSCert }},
		{Flag: "sandbox-tls-key", Env: "KETENTEST_SANDBOX_TLS_KEY", Help: "PEM private key of the reference DVA listener (set with --sandbox-tls-cert)",
			field: func(c *Config) any { return &c.Sandbox.TLSKey }},
		{Flag: "demo-sandbox-addr", Env: "KETENTEST_DEMO_SANDBOX_ADDR", Default: "127.0.0.1:8443", Help: "where serve --demo starts the reference DVA when --sandbox-addr and --sandbox-url are empty",
			field: func(c *Config) any { return &c.Sandbox.DemoAddr }},
		{Flag: "sandbox-traffic-retention", Env: "KETENTEST_SANDBOX_TRAFFIC_RETENTION", Default: "336h", Help: "how long the reference DVA's recorded traffic is kept (purged hourly); 0 keeps it for ever",
			field: func(c *Config) any { return &c.Sandbox.TrafficRetention }},
		{Flag: "pgo-allow-hosts", Env: "KETENTEST_PGO_ALLOW_HOSTS", Help: "comma-separated host or host:port the reference PGO may call although they are not public (tests, lab networks)",
			field: func(c *Config) any { return &c.PGOAllowHosts }},
		{Flag: "fhir-packages-r4", Env: "KETENTEST_FHIR_PACKAGES_R4", Help: "FHIR R4 definitions for validation ($validate, the validate page, the reference PGO, dossier import): package folders, package.tgz files or Bundles separated by ':', e.g. the hl7.fhir.r4.core and nl-core packages; empty: no profile validation",
			field: func(c *Config) any { return &c.FHIRPackagesR4 }},
		{Flag: "fhir-packages-stu3", Env: "KETENTEST_FHIR_PACKAGES_STU3", Help: "FHIR STU3 definitions for validation, as --fhir-packages-r4 (e.g. the STU3 datatypes and zib2017)",
			field: func(c *Config) any { return &c.FHIRPackagesSTU3 }},
		{Flag: "testscripts-dir", Env: "KETENTEST_TESTSCRIPTS_DIR", Help: "folder of TestScript sets (e.g. the Nictiz qualification testscripts with STU3/BgZ-3-0/Test/XIS-Server) that participants can pick on the TestScript pages; empty: upload only",
			field: func(c *Config) any { return &c.TestscriptsDir }},
		{Flag: "metrics-allow", Env: "KETENTEST_METRICS_ALLOW", Default: "127.0.0.0/8,::1/128", Help: "comma-separated networks (CIDR) that may read /metrics without a token; empty: none",
			field: func(c *Config) any { return &c.MetricsAllow }},
		{Flag: "trusted-proxies", Env: "KETENTEST_TRUSTED_PROXIES", Help: "comma-separated networks (CIDR) or addresses of reverse proxies whose X-Forwarded-For gives the client address for throttling; empty: the peer address",
			field: func(c *Config) any { return &c.TrustedProxies }},
		{Env: "KETENTEST_METRICS_TOKEN", Help: "bearer token that may read /metrics from anywhere (environment only, at least 16 characters)", Secret: true,
			field: func(c *Config) any { return &c.MetricsToken }},
		{Env: EnvPassword, Help: "password for ketentest user create and reset-password (environment only; else read from stdin)", Secret: true,
			field: func(c *Config) any { return &c.UserPassword }},
		{Env: EnvLoadtestToken, Help: "API token of ketentest loadtest and loadtest findings when --token is not given (environment only)", Secret: true,
			field: func(c *Config) any { return &c.LoadtestToken }},
	}
}

// EnvOnly resolves only the given settings from the environment through
// lookup (os.LookupEnv in the binary), or their defaults: for a command
// such as loadtest that needs one setting, not the server's whole
// configuration validated. A name that is not a declared setting is an
// error, so nothing reads an undeclared variable.
func (c *Config) EnvOnly(lookup func(string) (string, bool), envs ...string) error {
	if c.sources == nil {
		c.sources = map[string]Source{}
	}
	var errs []error
	for _, env := range envs {
		var found *Setting
		for _, s := range Settings() {
			if s.Env == env {
				found = &s
				break
			}
		}
		if found == nil {
			errs = append(errs, fmt.Errorf("config: %s is not a setting", env))
			continue
		}
		text, src := found.Default, FromDefault
		if v, ok := lookup(env); ok {
			text, src = v, FromEnv
		}
		c.sources[env] = src
		if err := parseInto(found.field(c), text); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", found.Name(), err))
		}
	}
	return errors.Join(errs...)
}
