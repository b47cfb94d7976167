package config

import (
	"flag"
	"strings"
	"testing"
)

func TestFlagsOverrideEnvironment(t *testing.T) {
	t.Setenv("KETENTEST_ADDR", "127.0.0.1:9999")
	t.Setenv("KETENTEST_DATA_DIR", "/tmp/from-env")
	var c Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.Register(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:7000"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/tmp/from-env" {
		t.Fatalf("addr %q data dir %q", c.Addr, c.DataDir)
	}
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

func TestMaxStreamsPerUser(t *testing.T) {
	for _, c := range []struct {
		env, flag string
		want      int
		bad       bool
	}{{"", "", 20, false}, {"0", "", 0, false}, {"5", "200", 200, false}, {"-1", "", 0, true}, {"many", "", 0, true}} {
		if c.env != "" {
			t.Setenv("KETENTEST_MAX_STREAMS_PER_USER", c.env)
		}
		var cfg Config
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		cfg.Register(fs)
		var args []string
		if c.flag != "" {
			args = []string{"--max-streams-per-user", c.flag}
		}
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		err := cfg.Check()
		if c.bad {
			if err == nil || !strings.Contains(err.Error(), "max streams per user") {
				t.Errorf("env %q: err = %v, want one naming the setting", c.env, err)
			}
			continue
		}
		if err != nil || cfg.MaxStreams != c.want {
			t.Errorf("env %q flag %q: %d, %v; want %d", c.env, c.flag, cfg.MaxStreams, err, c.want)
		}
	}
}
