package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeDemoAndShutdown runs `serve --demo` as the README tells a
// newcomer, logs in with a printed demo account, and stops it the way
// SIGTERM does: the command must return without error.
func TestServeDemoAndShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "warn"}, pw)
		pw.Close()
	}()
	var out strings.Builder
	addr := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if addr == "" {
		t.Fatalf("no listen address printed; output:\n%s\nerr: %v", out.String(), <-done)
	}
	if !strings.Contains(out.String(), "projectleider@demo.ketentest.nl") || !strings.Contains(out.String(), "ketentest-demo") {
		t.Fatalf("demo accounts not printed:\n%s", out.String())
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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestUnknownDatabaseScheme(t *testing.T) {
	err := runMigrate(context.Background(), []string{"--database-url", "mysql://x", "--data-dir", t.TempDir()}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("err = %v", err)
	}
}
