package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
)

// TestServeDemoStartsSandbox: without KETENTEST_SANDBOX_ADDR, `serve
// --demo` starts the reference DVA on demo.SandboxAddr and says so, and the
// participant page of the demo hackathon shows its endpoints. When that
// address is taken it says it runs without one.
func TestServeDemoStartsSandbox(t *testing.T) {
	t.Setenv("KETENTEST_SANDBOX_ADDR", "") // restored after the test, though serve sets it
	t.Setenv("KETENTEST_SANDBOX_URL", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "warn"}, pw)
		pw.Close()
	}()
	var out strings.Builder
	var web, dva string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if m := regexp.MustCompile(`^ketentest \S+ listening on (http://\S+)`).FindStringSubmatch(line); m != nil {
			web = m[1]
		}
		if strings.Contains(line, "Sandbox DVA not started") {
			break
		}
		if m := regexp.MustCompile(`^sandbox DVA listening on (http://\S+)`).FindStringSubmatch(line); m != nil {
			dva = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after shutdown: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not shut down")
		}
	}()
	if web == "" {
		t.Fatalf("no listen address printed:\n%s", out.String())
	}
	if dva == "" { // the address is taken here: serve must say it runs without a sandbox
		if !strings.Contains(out.String(), "Sandbox DVA not started: "+demo.SandboxAddr+" is in use") {
			t.Fatalf("neither a sandbox nor the reason why not:\n%s", out.String())
		}
		return
	}
	if dva != "http://"+demo.SandboxAddr || !strings.Contains(out.String(), "by default for --demo") {
		t.Fatalf("sandbox at %q, output:\n%s", dva, out.String())
	}
	resp, err := http.Get(dva + "/medmij/zal.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sandbox ZAL: HTTP %d", resp.StatusCode)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = client.PostForm(web+"/login", map[string][]string{"email": {"deelnemer@demo.ketentest.nl"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, web+"/hackathons/1/sandbox", nil)
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), dva+"/oauth/authorize") || !strings.Contains(string(page), demo.GezondappClient) {
		t.Fatalf("participant sandbox page: HTTP %d, without the sandbox endpoints or Gezondapp's client", resp.StatusCode)
	}
}
