package config

import (
	"flag"
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
