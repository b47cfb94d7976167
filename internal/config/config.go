// Package config owns ketentest's settings: one table (Settings) declares
// every flag and KETENTEST_* environment variable with its default, help
// and whether it is secret; Config holds the typed values. A flag given on
// the command line wins over the environment, which wins over the default.
// Resolve validates everything at start, naming the setting that is wrong,
// and Print shows every value and where it came from with secrets masked.
// Nothing else in the binary reads the environment.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary can be told, typed.
type Config struct {
	Addr              string
	DataDir           string
	DatabaseURL       string // postgres://...; empty: SQLite in DataDir
	LogLevel          string // debug, info, warn, error
	LogFormat         string // text or json
	SecureCookies     bool   // served over HTTPS
	ShutdownGrace     time.Duration
	MaxStreamsPerUser int    // live-board streams per user; 0 = no limit
	TimeZone          string // IANA zone times are shown in
	// BaseURL is ketentest's public origin, without a trailing slash: every
	// absolute link (e-mail, public registration and calendar links) starts
	// with it, never with the request's Host. Resolve fills it from Addr
	// when it is not configured (Derived says so).
	BaseURL       string
	SMTP          SMTP
	Sandbox       Sandbox
	PGOAllowHosts string
	// FHIRPackagesR4 and FHIRPackagesSTU3 are the definitions package
	// validate loads for the server's validation ($validate, the validate
	// page, the reference PGO, dossier import): paths separated by the OS
	// path list separator.
	FHIRPackagesR4, FHIRPackagesSTU3 string
	// TestscriptsDir holds the TestScript sets the web pages offer (e.g.
	// the shared Nictiz testscripts folder); empty: none.
	TestscriptsDir string
	MetricsAllow   []netip.Prefix // networks that may read /metrics without a token
	MetricsToken   string         // bearer token for /metrics; empty: none
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives the
	// client address (httpx.ClientIP); empty: the peer is the client.
	TrustedProxies []netip.Prefix
	UserPassword   string // KETENTEST_PASSWORD for the user command
	LoadtestToken  string // KETENTEST_LOADTEST_TOKEN for the loadtest commands

	// Demo is set by serve --demo before Resolve: the demo may default the
	// base URL to its own address and starts a sandbox by default.
	Demo bool

	raw     map[string]*rawValue // by Env
	sources map[string]Source    // by Env
}

// SMTP is where mail goes.
type SMTP struct {
	Addr     string // host:port; empty: mail stays queued
	From     string
	User     string
	Password string // secret
}

// Sandbox is the reference DVA's listener.
type Sandbox struct {
	Addr     string // listen address; empty: not started
	URL      string // public base URL; empty: derived from Addr
	TLSCert  string
	TLSKey   string
	DemoAddr string // where serve --demo starts it by default
	// TrafficRetention is how long recorded traffic is kept; 0 keeps it for ever.
	TrafficRetention time.Duration
}

// Source says where a value came from.
type Source string

// Sources of a value.
const (
	FromDefault Source = "default"
	FromEnv     Source = "environment"
	FromFlag    Source = "flag"
	FromDerived Source = "derived"
)

// rawValue is a flag's text as given, remembering whether it was given.
type rawValue struct {
	s       string
	set     bool
	boolean bool
}

func (v *rawValue) String() string {
	if v == nil {
		return ""
	}
	return v.s
}
func (v *rawValue) Set(s string) error { v.s, v.set = s, true; return nil }
func (v *rawValue) IsBoolFlag() bool   { return v.boolean }

// Register defines a flag on fs for every setting that has one. Parse fs,
// then call Resolve.
func (c *Config) Register(fs *flag.FlagSet) {
	c.raw = map[string]*rawValue{}
	for _, s := range Settings() {
		if s.Flag == "" {
			continue
		}
		v := &rawValue{boolean: s.Type() == "bool"}
		c.raw[s.Env] = v
		help := s.Help + " (" + s.Env + ")"
		if s.Default != "" {
			help += " (default " + s.Default + ")"
		}
		fs.Var(v, s.Flag, help)
	}
}

// Resolve fills the typed fields from the flags given (after Register and
// Parse), then the environment through lookup (os.LookupEnv in the
// binary), then the defaults, and validates the result. Every problem is
// reported, each naming its setting.
func (c *Config) Resolve(lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	c.sources = map[string]Source{}
	var errs []error
	for _, s := range Settings() {
		text, src := s.Default, FromDefault
		if v, ok := lookup(s.Env); ok {
			text, src = v, FromEnv
		}
		if v := c.raw[s.Env]; v != nil && v.set {
			text, src = v.s, FromFlag
		}
		c.sources[s.Env] = src
		if err := parseInto(s.field(c), text); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", s.Name(), err))
		}
	}
	if len(errs) == 0 {
		errs = c.check()
	}
	return errors.Join(errs...)
}

// parseInto parses text into the field p points at.
func parseInto(p any, text string) error {
	text = strings.TrimSpace(text)
	switch p := p.(type) {
	case *string:
		*p = text
	case *bool:
		if text == "" {
			*p = false
			return nil
		}
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("%q is not true or false", text)
		}
		*p = b
	case *int:
		n, err := strconv.Atoi(text)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", text)
		}
		*p = n
	case *time.Duration:
		d, err := time.ParseDuration(text)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 15s or 2m", text)
		}
		*p = d
	case *[]netip.Prefix:
		out, err := parsePrefixes(text)
		if err != nil {
			return err
		}
		*p = out
	default:
		return fmt.Errorf("config: no parser for %T", p)
	}
	return nil
}

// parsePrefixes parses a comma-separated list of networks; a bare address
// is a network of one.
func parsePrefixes(text string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(text, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a network such as 10.0.0.0/8 or an address", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// named finds the setting with env name env, for messages.
func named(env string) string {
	for _, s := range Settings() {
		if s.Env == env {
			return s.Name()
		}
	}
	return env
}

// check validates the typed values together and derives what is derived.
func (c *Config) check() []error {
	var errs []error
	bad := func(env, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", named(env), fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("KETENTEST_ADDR", "%q is not host:port", c.Addr)
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		bad("KETENTEST_DATA_DIR", "empty; give a directory or --database-url")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		bad("KETENTEST_DATABASE_URL", "want postgres://user:pass@host:5432/db")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		bad("KETENTEST_LOG_LEVEL", "%q: want debug, info, warn or error", c.LogLevel)
	}
	if f := strings.ToLower(c.LogFormat); f != "text" && f != "json" {
		bad("KETENTEST_LOG_FORMAT", "%q: want text or json", c.LogFormat)
	}
	if c.ShutdownGrace <= 0 {
		bad("KETENTEST_SHUTDOWN_GRACE", "%s: want more than 0", c.ShutdownGrace)
	}
	if c.Sandbox.TrafficRetention < 0 {
		bad("KETENTEST_SANDBOX_TRAFFIC_RETENTION", "%s: want 0 (keep for ever) or more", c.Sandbox.TrafficRetention)
	}
	if c.MaxStreamsPerUser < 0 {
		bad("KETENTEST_MAX_STREAMS_PER_USER", "%d: want 0 (no limit) or more", c.MaxStreamsPerUser)
	}
	if _, err := c.Location(); err != nil {
		bad("KETENTEST_TIMEZONE", "%v", err)
	}
	if c.BaseURL != "" {
		if u, err := checkOrigin(c.BaseURL); err != nil {
			bad("KETENTEST_BASE_URL", "%v", err)
		} else {
			c.BaseURL = u
		}
	}
	if c.SMTP.Addr != "" {
		if _, _, err := net.SplitHostPort(c.SMTP.Addr); err != nil {
			bad("KETENTEST_SMTP_ADDR", "%q is not host:port", c.SMTP.Addr)
		}
		// Links in mail that leaves the machine must point at ketentest,
		// whatever Host header a request carried.
		if c.BaseURL == "" && !c.Demo {
			bad("KETENTEST_BASE_URL", "required when --smtp-addr (KETENTEST_SMTP_ADDR) is set: links in e-mail are built from it")
		}
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		bad("KETENTEST_SMTP_FROM", "%q is not an e-mail address", c.SMTP.From)
	}
	if (c.SMTP.User == "") != (c.SMTP.Password == "") {
		bad("KETENTEST_SMTP_USER", "set it together with KETENTEST_SMTP_PASSWORD, or neither")
	}
	if c.Demo && c.Sandbox.Addr == "" && c.Sandbox.URL == "" {
		c.Sandbox.Addr = c.Sandbox.DemoAddr
		c.sources["KETENTEST_SANDBOX_ADDR"] = FromDerived
	}
	if c.Sandbox.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Sandbox.Addr); err != nil {
			bad("KETENTEST_SANDBOX_ADDR", "%q is not host:port", c.Sandbox.Addr)
		}
	}
	if c.Sandbox.URL != "" {
		if u, err := checkOrigin(c.Sandbox.URL); err != nil {
			bad("KETENTEST_SANDBOX_URL", "%v", err)
		} else {
			c.Sandbox.URL = u
		}
	}
	if (c.Sandbox.TLSCert == "") != (c.Sandbox.TLSKey == "") {
		bad("KETENTEST_SANDBOX_TLS_CERT", "set it together with KETENTEST_SANDBOX_TLS_KEY, or neither")
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		bad("KETENTEST_METRICS_TOKEN", "too short: use at least 16 characters")
	}
	if len(errs) == 0 && c.BaseURL == "" {
		c.BaseURL = c.originOf(c.Addr)
		c.sources["KETENTEST_BASE_URL"] = FromDerived
	}
	return errs
}

// checkOrigin accepts an absolute http(s) URL without user info, query or
// fragment, and returns it without a trailing slash.
func checkOrigin(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q: want an absolute http(s) URL such as https://ketentest.example.nl", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: want no user, query or fragment", raw)
	}
	return strings.TrimSuffix(raw, "/"), nil
}

// originOf is the URL of a listen address: a wildcard host becomes
// localhost; https when cookies are Secure.
func (c *Config) originOf(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	scheme := "http"
	if c.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// BaseURLDerived reports whether BaseURL was derived from the listen
// address rather than configured; serve then uses the address it actually
// listens on.
func (c *Config) BaseURLDerived() bool { return c.sources["KETENTEST_BASE_URL"] == FromDerived }

// SetListenAddr tells the config the address serve actually listens on
// (port 0 picks one): a derived base URL follows it.
func (c *Config) SetListenAddr(addr string) {
	if c.BaseURLDerived() {
		c.BaseURL = c.originOf(addr)
	}
}

// SandboxURL is the reference DVA's public base URL: Sandbox.URL, else
// derived from its listen address (https with a certificate); empty when
// no sandbox runs.
func (c *Config) SandboxURL() string {
	if c.Sandbox.URL != "" {
		return c.Sandbox.URL
	}
	if c.Sandbox.Addr == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(c.Sandbox.Addr)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	scheme := "http"
	if c.Sandbox.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// Logger builds the structured logger the configuration asks for.
func (c *Config) Logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	case "text", "":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", c.LogFormat)
}

// RedactedDatabaseURL hides the password of a database URL for logs.
func (c *Config) RedactedDatabaseURL() string {
	if c.DatabaseURL == "" {
		return "sqlite:" + c.DataDir + "/ketentest.db"
	}
	return redactURLPassword(c.DatabaseURL)
}

// redactURLPassword replaces the password of a URL's user info by ***.
func redactURLPassword(u string) string {
	if u == "" {
		return ""
	}
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "(unparsable)"
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if user, _, hasPw := strings.Cut(rest[:at], ":"); hasPw {
			rest = user + ":***" + rest[at:]
		}
	}
	return scheme + "://" + rest
}

// Location is the time zone of TimeZone, for showing times.
func (c *Config) Location() (*time.Location, error) {
	if c.TimeZone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: want an IANA name such as Europe/Amsterdam or UTC", c.TimeZone)
	}
	return loc, nil
}

// DemoSandbox reports whether the sandbox address is the demo's default
// (serve --demo without a sandbox configured); serve then starts it only
// when the address is free.
func (c *Config) DemoSandbox() bool { return c.sources["KETENTEST_SANDBOX_ADDR"] == FromDerived }
