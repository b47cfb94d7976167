package config

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// load registers the flags, parses args and resolves against env only (the
// process environment is never read by these tests).
func load(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	c := &Config{}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return c, c.Resolve(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.ShutdownGrace != 15*time.Second || c.MaxStreamsPerUser != 20 ||
		c.TimeZone != "Europe/Amsterdam" || c.SMTP.From != "ketentest@localhost" || c.SecureCookies {
		t.Fatalf("defaults: %+v", c)
	}
	if len(c.MetricsAllow) != 2 || c.MetricsAllow[0].String() != "127.0.0.0/8" || c.MetricsAllow[1].String() != "::1/128" {
		t.Fatalf("metrics allow %v, want loopback only", c.MetricsAllow)
	}
	if c.BaseURL != "http://127.0.0.1:8080" || !c.BaseURLDerived() {
		t.Fatalf("base URL %q derived %v", c.BaseURL, c.BaseURLDerived())
	}
	if c.Sandbox.Addr != "" || c.SandboxURL() != "" {
		t.Fatalf("sandbox %+v without being asked", c.Sandbox)
	}
}

func TestPrecedenceFlagEnvDefault(t *testing.T) {
	env := map[string]string{"KETENTEST_ADDR": "127.0.0.1:9999", "KETENTEST_DATA_DIR": "/tmp/from-env", "KETENTEST_SECURE_COOKIES": "true",
		"KETENTEST_MAX_STREAMS_PER_USER": "5", "KETENTEST_TIMEZONE": "UTC"}
	c, err := load(t, env, "--addr", "127.0.0.1:7000", "--max-streams-per-user", "200", "--timezone", "America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/tmp/from-env" || !c.SecureCookies || c.MaxStreamsPerUser != 200 || c.LogLevel != "info" {
		t.Fatalf("got %+v", c)
	}
	if loc, _ := c.Location(); loc.String() != "America/New_York" {
		t.Fatalf("location %v", loc)
	}
	for env, want := range map[string]Source{"KETENTEST_ADDR": FromFlag, "KETENTEST_DATA_DIR": FromEnv, "KETENTEST_LOG_LEVEL": FromDefault} {
		for _, s := range Settings() {
			if s.Env == env && c.Source(s) != want {
				t.Errorf("%s from %s, want %s", env, c.Source(s), want)
			}
		}
	}
	// A boolean flag alone means true; an empty variable is the zero value.
	c, err = load(t, map[string]string{"KETENTEST_SECURE_COOKIES": ""}, "--secure-cookies")
	if err != nil || !c.SecureCookies || c.BaseURL != "https://127.0.0.1:8080" {
		t.Fatalf("secure cookies %v base %q err %v", c.SecureCookies, c.BaseURL, err)
	}
}

func TestValidationNamesTheSetting(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"KETENTEST_MAX_STREAMS_PER_USER": "many"}, nil, "--max-streams-per-user (KETENTEST_MAX_STREAMS_PER_USER)"},
		{map[string]string{"KETENTEST_MAX_STREAMS_PER_USER": "-1"}, nil, "KETENTEST_MAX_STREAMS_PER_USER"},
		{map[string]string{"KETENTEST_SANDBOX_TRAFFIC_RETENTION": "-1h"}, nil, "KETENTEST_SANDBOX_TRAFFIC_RETENTION"},
		{nil, []string{"--shutdown-grace", "soon"}, "--shutdown-grace"},
		{map[string]string{"KETENTEST_SECURE_COOKIES": "yes please"}, nil, "KETENTEST_SECURE_COOKIES"},
		{map[string]string{"KETENTEST_TIMEZONE": "Mars/Olympus"}, nil, "Mars/Olympus"},
		{map[string]string{"KETENTEST_LOG_LEVEL": "loud"}, nil, "KETENTEST_LOG_LEVEL"},
		{map[string]string{"KETENTEST_LOG_FORMAT": "xml"}, nil, "KETENTEST_LOG_FORMAT"},
		{map[string]string{"KETENTEST_ADDR": "8080"}, nil, "KETENTEST_ADDR"},
		{map[string]string{"KETENTEST_DATABASE_URL": "mysql://x"}, nil, "postgres://"},
		{map[string]string{"KETENTEST_BASE_URL": "ketentest.example.nl"}, nil, "KETENTEST_BASE_URL"},
		{map[string]string{"KETENTEST_BASE_URL": "javascript:alert(1)"}, nil, "KETENTEST_BASE_URL"},
		{map[string]string{"KETENTEST_BASE_URL": "https://u:p@ketentest.example.nl"}, nil, "KETENTEST_BASE_URL"},
		{map[string]string{"KETENTEST_SMTP_ADDR": "smtp.example.nl:25"}, nil, "KETENTEST_BASE_URL"},
		{map[string]string{"KETENTEST_SMTP_ADDR": "smtp.example.nl", "KETENTEST_BASE_URL": "https://k.example.nl"}, nil, "KETENTEST_SMTP_ADDR"},
		{map[string]string{"KETENTEST_SMTP_FROM": "not an address"}, nil, "KETENTEST_SMTP_FROM"},
		{map[string]string{"KETENTEST_SMTP_USER": "kt"}, nil, "KETENTEST_SMTP_PASSWORD"},
		{map[string]string{"KETENTEST_SANDBOX_TLS_CERT": "/x.pem"}, nil, "KETENTEST_SANDBOX_TLS_KEY"},
		{map[string]string{"KETENTEST_SANDBOX_URL": "localhost:8443"}, nil, "KETENTEST_SANDBOX_URL"},
		{map[string]string{"KETENTEST_METRICS_ALLOW": "10.0.0.0/8,intranet"}, nil, "KETENTEST_METRICS_ALLOW"},
		{map[string]string{"KETENTEST_METRICS_TOKEN": "short"}, nil, "KETENTEST_METRICS_TOKEN"},
	} {
		_, err := load(t, tc.env, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: err = %v, want one naming %s", tc.env, tc.args, err, tc.want)
		}
	}
}

// Several problems are reported at once, so an operator fixes them in one go.
func TestValidationReportsEveryProblem(t *testing.T) {
	_, err := load(t, map[string]string{"KETENTEST_LOG_LEVEL": "loud", "KETENTEST_LOG_FORMAT": "xml"})
	if err == nil || !strings.Contains(err.Error(), "KETENTEST_LOG_LEVEL") || !strings.Contains(err.Error(), "KETENTEST_LOG_FORMAT") {
		t.Fatalf("err = %v", err)
	}
}

func TestBaseURLRequiredWithSMTPExceptDemo(t *testing.T) {
	env := map[string]string{"KETENTEST_SMTP_ADDR": "smtp.example.nl:25"}
	if _, err := load(t, env); err == nil {
		t.Fatal("SMTP without a base URL accepted")
	}
	env["KETENTEST_BASE_URL"] = "https://ketentest.example.nl/"
	c, err := load(t, env)
	if err != nil || c.BaseURL != "https://ketentest.example.nl" || c.BaseURLDerived() {
		t.Fatalf("base %q derived %v err %v", c.BaseURL, c.BaseURLDerived(), err)
	}
	c.SetListenAddr("127.0.0.1:4321")
	if c.BaseURL != "https://ketentest.example.nl" {
		t.Fatalf("configured base URL replaced: %q", c.BaseURL)
	}
	// The demo may default to its own listen address.
	c = &Config{Demo: true}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.Register(fs)
	fs.Parse([]string{"--addr", "0.0.0.0:0", "--smtp-addr", "127.0.0.1:2525"})
	if err := c.Resolve(func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	c.SetListenAddr("[::]:4321")
	if c.BaseURL != "http://localhost:4321" {
		t.Fatalf("demo base URL %q", c.BaseURL)
	}
}

func TestDemoSandboxDefault(t *testing.T) {
	c := &Config{Demo: true}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.Register(fs)
	fs.Parse([]string{"--demo-sandbox-addr", "127.0.0.1:9443"})
	if err := c.Resolve(func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if c.Sandbox.Addr != "127.0.0.1:9443" || c.SandboxURL() != "http://127.0.0.1:9443" {
		t.Fatalf("demo sandbox %+v url %q", c.Sandbox, c.SandboxURL())
	}
	// A configured sandbox URL (an external DVA) keeps the demo from starting one.
	c, err := load(t, map[string]string{"KETENTEST_SANDBOX_URL": "https://dva.example.nl"})
	if err != nil || c.Sandbox.Addr != "" || c.SandboxURL() != "https://dva.example.nl" {
		t.Fatalf("sandbox %+v err %v", c.Sandbox, err)
	}
}

func TestSandboxURLDerived(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KETENTEST_SANDBOX_ADDR": "127.0.0.1:8443"}, "http://127.0.0.1:8443"},
		{map[string]string{"KETENTEST_SANDBOX_ADDR": ":8443"}, "http://localhost:8443"},
		{map[string]string{"KETENTEST_SANDBOX_ADDR": "[::]:8443"}, "http://localhost:8443"},
		{map[string]string{"KETENTEST_SANDBOX_ADDR": "0.0.0.0:8443", "KETENTEST_SANDBOX_TLS_CERT": "c", "KETENTEST_SANDBOX_TLS_KEY": "k"}, "https://localhost:8443"},
		{map[string]string{"KETENTEST_SANDBOX_ADDR": "127.0.0.1:8443", "KETENTEST_SANDBOX_URL": "https://dva.test/"}, "https://dva.test"},
	} {
		c, err := load(t, tc.env)
		if err != nil || c.SandboxURL() != tc.want {
			t.Errorf("%v: %q, %v; want %q", tc.env, c.SandboxURL(), err, tc.want)
		}
	}
}

func TestMetricsAllowParses(t *testing.T) {
	c, err := load(t, map[string]string{"KETENTEST_METRICS_ALLOW": " 10.1.2.3/8, 192.0.2.7 ,fd00::/8"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.MetricsAllow {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.0.2.7/32 fd00::/8" {
		t.Fatalf("networks %v", got)
	}
	if c, err := load(t, map[string]string{"KETENTEST_METRICS_ALLOW": ""}); err != nil || len(c.MetricsAllow) != 0 {
		t.Fatalf("empty: %v %v", c.MetricsAllow, err)
	}
}

// TestPrintMasksSecrets: `ketentest config` shows every setting and its
// source, and never a secret.
func TestPrintMasksSecrets(t *testing.T) {
	env := map[string]string{
		"KETENTEST_SMTP_ADDR": "smtp.example.nl:587", "KETENTEST_BASE_URL": "https://ketentest.example.nl",
		"KETENTEST_SMTP_USER": "mailer", "KETENTEST_SMTP_PASSWORD": "hunter2-smtp-secret",
		"KETENTEST_METRICS_TOKEN": "metrics-token-0123456789", "KETENTEST_PASSWORD": "admin-password-42",
		"KETENTEST_DATABASE_URL": "postgres://kt:db-pass-77@db:5432/kt", EnvLoadtestToken: "kt_loadtest-token-88",
	}
	c, err := load(t, env, "--log-level", "debug")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, secret := range []string{"hunter2-smtp-secret", "metrics-token-0123456789", "admin-password-42", "db-pass-77", "loadtest-token-88"} {
		if strings.Contains(text, secret) {
			t.Errorf("secret %q printed:\n%s", secret, text)
		}
	}
	for _, want := range []string{"postgres://kt:***@db:5432/kt", "smtp.example.nl:587", "mailer", Masked,
		"KETENTEST_LOG_LEVEL", "debug", "flag", "environment", "default"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not printed:\n%s", want, text)
		}
	}
	for _, s := range Settings() {
		if !strings.Contains(text, s.Env) {
			t.Errorf("setting %s not printed", s.Env)
		}
	}
	// The mask says nothing about a secret's length.
	for _, s := range Settings() {
		if s.Env == "KETENTEST_SMTP_PASSWORD" && c.Value(s) != Masked {
			t.Errorf("SMTP password shown as %q", c.Value(s))
		}
	}
}

// Every setting is declared once, with help, a variable and a parser.
func TestSettingsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings() {
		for _, k := range []string{s.Env, "flag:" + s.Flag} {
			if k != "flag:" && seen[k] {
				t.Errorf("%s declared twice", k)
			}
			seen[k] = true
		}
		if !strings.HasPrefix(s.Env, "KETENTEST_") || s.Help == "" {
			t.Errorf("%+v: needs a KETENTEST_ variable and help", s)
		}
		if s.Secret && s.Flag != "" && s.mask == nil {
			t.Errorf("%s: a secret on the command line would show in the process list", s.Env)
		}
		if err := parseInto(s.field(&Config{}), s.Default); err != nil {
			t.Errorf("%s: default %q does not parse: %v", s.Env, s.Default, err)
		}
	}
}

// TestEnvOnly: a command that needs one setting (loadtest's token) reads
// just that declared setting from the environment, without the server's
// validation; an undeclared variable is refused.
func TestEnvOnly(t *testing.T) {
	env := map[string]string{EnvLoadtestToken: "kt_token", "KETENTEST_ADDR": "not an address"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	var c Config
	if err := c.EnvOnly(lookup, EnvLoadtestToken); err != nil {
		t.Fatal(err)
	}
	if c.LoadtestToken != "kt_token" || c.Source(setting(t, EnvLoadtestToken)) != FromEnv {
		t.Errorf("token %q from %s", c.LoadtestToken, c.Source(setting(t, EnvLoadtestToken)))
	}
	if err := c.EnvOnly(lookup, "KETENTEST_UNDECLARED"); err == nil {
		t.Error("an undeclared variable was read")
	}
	if !setting(t, EnvLoadtestToken).Secret {
		t.Error("the loadtest token is not secret")
	}
}

func setting(t *testing.T, env string) Setting {
	for _, s := range Settings() {
		if s.Env == env {
			return s
		}
	}
	t.Fatalf("no setting %s", env)
	return Setting{}
}

func TestRedactedDatabaseURL(t *testing.T) {
	c := Config{DatabaseURL: "postgres://kt:s3cret@db:5432/kt?sslmode=require"}
	if got := c.RedactedDatabaseURL(); got != "postgres://kt:***@db:5432/kt?sslmode=require" {
		t.Fatalf("redacted = %q", got)
	}
}

func TestLoggerRejectsUnknownLevel(t *testing.T) {
	c := Config{LogLevel: "loud"}
	if _, err := c.Logger(); err == nil {
		t.Fatal("unknown level accepted")
	}
}

// TestNoEnvironmentOutsideConfig: outside this package and the test
// helpers (storetest, e2e), no Go file of the module reads or sets the
// environment itself; commands hand os.LookupEnv to Resolve or EnvOnly.
func TestNoEnvironmentOutsideConfig(t *testing.T) {
	root := filepath.Join("..", "..")
	skip := map[string]bool{filepath.Join(root, "internal", "config"): true,
		filepath.Join(root, "internal", "store", "storetest"): true, filepath.Join(root, "internal", "e2e"): true,
		filepath.Join(root, "internal", "report", "pdf", "pdftest"): true}
	calls := regexp.MustCompile(`\bos\.(Getenv|Setenv|LookupEnv|Environ|Unsetenv|Clearenv)\(`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[path] || (path != root && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if m := calls.Find(b); m != nil {
			t.Errorf("%s calls %s: declare the setting in internal/config instead", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
