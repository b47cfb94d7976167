package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestKillMidLoad is the reliability test of the findings capability: the
// real binary serves, the load generator logs findings through the API, the
// server is killed with SIGKILL in the middle and started again on the same
// data, and the loggers resend what was not acknowledged with the same
// Idempotency-Key. Afterwards every acknowledged finding is stored exactly
// once with the id it was acknowledged with, numbers are unique and
// contiguous, each finding has its audit row, and an attachment uploaded
// before the kill is still served.
func TestKillMidLoad(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "ketentest")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		killMidLoad(t, bin, dir, "", func() *store.DB {
			db, err := store.Open(context.Background(), "", dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(storetest.EnvPostgres)
		if base == "" {
			t.Skip(storetest.EnvPostgres + " is not set")
		}
		db, dbURL := storetest.PostgresURL(t, base) // a fresh schema, via search_path in the URL
		killMidLoad(t, bin, t.TempDir(), dbURL, func() *store.DB { return db })
	})
}

func killMidLoad(t *testing.T, bin, dataDir, dbURL string, openDB func() *store.DB) {
	ctx := context.Background()
	args := []string{"--data-dir", dataDir}
	if dbURL != "" {
		args = append(args, "--database-url", dbURL)
	}
	const password = "kill test password"
	cmd := exec.Command(bin, append([]string{"user", "create", "--email", "kill@example.org", "--name", "Kill", "--admin"}, args...)...)
	cmd.Env = append(cleanEnv(), "KETENTEST_PASSWORD="+password)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	addr := freeLoopbackAddr(t)
	srv := startServer(t, bin, addr, args)
	base := "http://" + addr

	// Log in, make an API token and a hackathon, as a user would.
	jar, _ := cookiejar.New(nil)
	web := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := web.PostForm(base+"/login", url.Values{"email": {"kill@example.org"}, "password": {password}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", resp, err)
	}
	resp.Body.Close()
	var tok struct{ Secret string }
	mustJSON(t, web, "POST", base+"/api/v1/tokens", "", `{"name":"kill test"}`, http.StatusCreated, &tok)
	api := &http.Client{Timeout: 10 * time.Second, CheckRedirect: web.CheckRedirect}
	var h struct{ ID int64 }
	mustJSON(t, api, "POST", base+"/api/v1/hackathons", tok.Secret,
		`{"code":"KILL","name":"Kill test","variant":"technisch","kickoff_date":"2027-03-01","days":["2027-04-01"]}`, http.StatusCreated, &h)

	// A finding with an attachment, before the kill.
	var f struct{ ID int64 }
	mustJSON(t, api, "POST", fmt.Sprintf("%s/api/v1/hackathons/%d/findings", base, h.ID), tok.Secret, `{"title":"Met bijlage","idempotency_key":"attachment"}`, http.StatusCreated, &f)
	page := fmt.Sprintf("%s/hackathons/%d/findings/%d", base, h.ID, f.ID)
	payload := `{"resourceType":"Bundle","id":"kill-test"}`
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "payload.json")
	fw.Write([]byte(payload))
	mw.Close()
	req, _ := http.NewRequest("POST", page+"/attachments", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok.Secret)
	if resp, err := api.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %v %v", resp, err)
	}
	m := regexp.MustCompile(regexp.QuoteMeta(page[len(base):]) + `/attachments/(\d+)`).FindStringSubmatch(get(t, api, page, tok.Secret))
	if m == nil {
		t.Fatal("attachment not listed on the finding's page")
	}
	attachment := page + "/attachments/" + m[1]
	if got := get(t, api, attachment, tok.Secret); got != payload {
		t.Fatalf("attachment before the kill = %q", got)
	}

	// Load, killed in the middle.
	const total = 600
	l := &findingsLoad{Base: base, Token: tok.Secret, HackathonID: h.ID, Loggers: 16, Duration: 2 * time.Minute, Max: total, Settle: time.Minute}
	done := make(chan *findingsResult, 1)
	go func() {
		res, err := l.Run(ctx)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	waitFor(t, 60*time.Second, func() bool { return l.Progress() >= total/4 }, "a quarter of the findings acknowledged")
	atKill := l.Progress()
	srv.kill(t)
	time.Sleep(300 * time.Millisecond) // loggers meet a closed port
	srv = startServer(t, bin, addr, args)
	var res *findingsResult
	select {
	case res = <-done:
	case <-time.After(3 * time.Minute):
		t.Fatal("load did not finish after the restart")
	}
	if res == nil {
		t.Fatal("load did not run")
	}
	var out bytes.Buffer
	res.print(&out, l)
	t.Logf("killed after %d acknowledgements; run:\n%s", atKill, out.String())

	if len(res.Acked) != total || len(res.Pending) != 0 || res.Rejected != 0 {
		t.Fatalf("acknowledged %d of %d, pending %d, refused %d", len(res.Acked), total, len(res.Pending), res.Rejected)
	}
	transport := 0
	for kind, n := range res.Errors {
		if strings.HasPrefix(kind, "POST: ") && !strings.Contains(kind, "HTTP 4") {
			transport += n
		}
	}
	if transport == 0 || atKill >= total {
		t.Fatalf("the kill did not interrupt the load: errors %v, %d acknowledged at the kill", res.Errors, atKill)
	}

	// The attachment survived the kill.
	if got := get(t, api, attachment, tok.Secret); got != payload {
		t.Errorf("attachment after restart = %q", got)
	}
	srv.stop(t)

	db := openDB()
	stored := storedFindings(t, db, h.ID) // fails on a key stored twice
	if len(stored) != total+1 {
		t.Errorf("%d findings stored, want %d acknowledged + 1", len(stored), total)
	}
	for key, a := range res.Acked {
		if s, ok := stored[key]; !ok || s[0] != a.ID {
			t.Errorf("%s acknowledged as finding %d (%s), stored as %v", key, a.ID, a.Key, s)
		}
	}
	var n, lo, hi, distinct int64
	if err := db.QueryRow(ctx, "SELECT COUNT(*), MIN(number), MAX(number), COUNT(DISTINCT number) FROM findings WHERE hackathon_id = ?", h.ID).Scan(&n, &lo, &hi, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != total+1 || lo != 1 || hi != n || distinct != n {
		t.Errorf("numbers: %d findings, %d distinct numbers from %d to %d; want 1..%d", n, distinct, lo, hi, total+1)
	}
	// The counter is the highest number handed out or put in the pool of free
	// numbers (PostgreSQL); every pooled number lies above the stored ones.
	var last, pooled, pooledLow int64
	db.QueryRow(ctx, "SELECT last_number FROM finding_counters WHERE hackathon_id = ?", h.ID).Scan(&last)
	db.QueryRow(ctx, "SELECT COUNT(*), COUNT(CASE WHEN number <= ? THEN 1 END) FROM finding_number_pool WHERE hackathon_id = ?", n, h.ID).Scan(&pooled, &pooledLow)
	if last != n+pooled || pooledLow != 0 {
		t.Errorf("counter at %d, %d findings, %d free numbers of which %d at or below %d", last, n, pooled, pooledLow, n)
	}
	// Nothing half-saved: each finding has exactly one "logged" audit row, and no audit row lacks its finding.
	var audited, withoutFinding int64
	db.QueryRow(ctx, "SELECT COUNT(DISTINCT entity_id), COUNT(*) - COUNT(DISTINCT entity_id) FROM audit_log WHERE hackathon_id = ? AND entity = 'finding' AND action = 'logged'", h.ID).Scan(&audited, &withoutFinding)
	if audited != n || withoutFinding != 0 {
		t.Errorf("%d findings audited as logged, %d double audit rows; want %d and 0", audited, withoutFinding, n)
	}
	var orphans int64
	db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log a WHERE a.hackathon_id = ? AND a.entity = 'finding' AND a.action = 'logged'
		AND NOT EXISTS (SELECT 1 FROM findings f WHERE CAST(f.id AS TEXT) = a.entity_id)`, h.ID).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%d audit rows of findings that were not stored", orphans)
	}
	var att int64
	db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_attachments WHERE finding_id = ?", f.ID).Scan(&att)
	if att != 1 {
		t.Errorf("%d attachment rows, want 1", att)
	}
}

// serverProc is a running `ketentest serve`.
type serverProc struct {
	cmd    *exec.Cmd
	exited chan error
	mu     sync.Mutex
	out    bytes.Buffer
}

func (p *serverProc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *serverProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func startServer(t *testing.T, bin, addr string, args []string) *serverProc {
	t.Helper()
	p := &serverProc{exited: make(chan error, 1)}
	p.cmd = exec.Command(bin, append([]string{"serve", "--addr", addr, "--log-level", "warn"}, args...)...)
	p.cmd.Env = cleanEnv()
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-p.exited:
			t.Fatalf("serve exited: %v\n%s", err, p.output())
		default:
		}
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready within 30s:\n%s", p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the server with SIGKILL: no shutdown, no flush, no cleanup.
func (p *serverProc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-p.exited; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("serve after SIGKILL: %v", err)
	}
}

// stop ends the server as an operator would (SIGTERM).
func (p *serverProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, p.output())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

// cleanEnv is the environment without KETENTEST_ settings of the caller.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KETENTEST_") {
			env = append(env, kv)
		}
	}
	return env
}

func freeLoopbackAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, limit time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustJSON(t *testing.T, c *http.Client, method, u, token, body string, want int, into any) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, u, resp.StatusCode, want, data)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("%s %s: %v: %s", method, u, err, data)
	}
}

func get(t *testing.T, c *http.Client, u, token string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", u, resp.StatusCode, data)
	}
	return string(data)
}
