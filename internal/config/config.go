// Package config reads ketentest's settings from flags and KETENTEST_*
// environment variables. A flag given on the command line wins over the
// environment, which wins over the default.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary can be told.
type Config struct {
	Addr          string        // KETENTEST_ADDR
	DataDir       string        // KETENTEST_DATA_DIR
	DatabaseURL   string        // KETENTEST_DATABASE_URL (postgres://...), else SQLite in DataDir
	LogLevel      string        // KETENTEST_LOG_LEVEL: debug, info, warn, error
	LogFormat     string        // KETENTEST_LOG_FORMAT: text or json
	SecureCookies bool          // KETENTEST_SECURE_COOKIES: set when served over HTTPS
	ShutdownGrace time.Duration // KETENTEST_SHUTDOWN_GRACE
	TimeZone      string        // KETENTEST_TIMEZONE: IANA zone times are shown in
	// MaxStreams bounds the live-board streams one user holds open at once
	// (KETENTEST_MAX_STREAMS_PER_USER; 0 = no limit, e.g. for a load test).
	MaxStreams int
	maxStreams string
}

// Register defines the shared flags on fs, with defaults from the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("KETENTEST_ADDR", "127.0.0.1:8080"), "listen address (KETENTEST_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("KETENTEST_DATA_DIR", "./data"), "data directory for SQLite and files (KETENTEST_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("KETENTEST_DATABASE_URL", ""), "PostgreSQL URL; empty means embedded SQLite (KETENTEST_DATABASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", env("KETENTEST_LOG_LEVEL", "info"), "log level: debug, info, warn, error (KETENTEST_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("KETENTEST_LOG_FORMAT", "text"), "log format: text or json (KETENTEST_LOG_FORMAT)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", env("KETENTEST_SECURE_COOKIES", "") == "true", "mark cookies Secure, for HTTPS (KETENTEST_SECURE_COOKIES)")
	grace, _ := time.ParseDuration(env("KETENTEST_SHUTDOWN_GRACE", "15s"))
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", grace, "time to finish requests on shutdown (KETENTEST_SHUTDOWN_GRACE)")
	fs.StringVar(&c.maxStreams, "max-streams-per-user", env("KETENTEST_MAX_STREAMS_PER_USER", "20"), "live-board streams one user may hold open; 0 = no limit (KETENTEST_MAX_STREAMS_PER_USER)")
	fs.StringVar(&c.TimeZone, "timezone", env("KETENTEST_TIMEZONE", "Europe/Amsterdam"), "IANA time zone times are shown in; stored times stay UTC (KETENTEST_TIMEZONE)")
}

// Check validates the settings that Register cannot type-check from the
// environment, and fills the typed fields from them.
func (c *Config) Check() error {
	n, err := strconv.Atoi(strings.TrimSpace(c.maxStreams))
	if err != nil || n < 0 {
		return fmt.Errorf("max streams per user %q: want a whole number, 0 or more", c.maxStreams)
	}
	c.MaxStreams = n
	return nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
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
	u := c.DatabaseURL
	if u == "" {
		return "sqlite:" + c.DataDir + "/ketentest.db"
	}
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "(unparsable)"
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		cred := rest[:at]
		if user, _, hasPw := strings.Cut(cred, ":"); hasPw {
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
