package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeDemoAndShutdown runs `serve --demo` as the README tells a
// newcomer, logs in with a printed demo account, and stops it the way
// SIGTERM does: the command must return without error.
func TestServeDemoAndShutdown(t *testing.T) {
	addr, out, stop := startServe(t, []string{"--demo", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "warn"}, `listening on (http://\S+)`)
	if !strings.Contains(out, "projectleider@demo.ketentest.nl") || !strings.Contains(out, "ketentest-demo") {
		t.Fatalf("demo accounts not printed:\n%s", out)
	}
	resp, err := http.Get(addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	var ready map[string]any
	json.NewDecoder(resp.Body).Decode(&ready)
	resp.Body.Close()
	if ready["status"] != "ready" || ready["database"] != "sqlite" {
		t.Fatalf("readyz = %v", ready)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = client.PostForm(addr+"/login", map[string][]string{"email": {"projectleider@demo.ketentest.nl"}, "password": {"ketentest-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo login: %d", resp.StatusCode)
	}
	stop(20 * time.Second)
}

func TestUnknownDatabaseScheme(t *testing.T) {
	err := runMigrate(context.Background(), []string{"--database-url", "mysql://x", "--data-dir", t.TempDir()}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("err = %v", err)
	}
}
