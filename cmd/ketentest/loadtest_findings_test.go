package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// loadFixture is a hackathon with an administrator and its API token.
type loadFixture struct {
	token string
	hid   int64
	user  int64
}

func newLoadFixture(t testing.TB, db *store.DB) loadFixture {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := accounts.Create(ctx, account.NewUser{Email: "load@example.org", Name: "Load", Password: "long enough pw", IsAdmin: true})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := accounts.CreateToken(ctx, u.ID, "load", 0)
	if err != nil {
		t.Fatal(err)
	}
	h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "LOAD", Name: "Loadtest", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return loadFixture{token: secret, hid: h.ID, user: u.ID}
}

// quietLogs keeps the one-line-per-request log out of the test output.
func quietLogs(t testing.TB) {
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	t.Cleanup(func() { slog.SetDefault(prev) })
}

// storedFindings maps idempotency key → (id, number) of a hackathon's findings,
// failing on a key stored twice.
func storedFindings(t testing.TB, db *store.DB, hid int64) map[string][2]int64 {
	t.Helper()
	rows, err := db.Query(context.Background(), "SELECT idempotency_key, id, number FROM findings WHERE hackathon_id = ? AND idempotency_key IS NOT NULL", hid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][2]int64{}
	for rows.Next() {
		var key string
		var id, num int64
		if err := rows.Scan(&key, &id, &num); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[key]; dup {
			t.Errorf("idempotency key %s stored twice", key)
		}
		out[key] = [2]int64{id, num}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLoadtestFindings runs the generator against the real server on
// both stores: every acknowledged finding is stored exactly once, with the
// id the server answered, and the counts add up.
func TestLoadtestFindings(t *testing.T) {
	quietLogs(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newLoadFixture(t, db)
		ts := httptest.NewServer(web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler())
		defer ts.Close()
		l := &findingsLoad{Base: ts.URL, Token: fx.token, HackathonID: fx.hid, Loggers: 8, Viewers: 2, ViewerEvery: 20 * time.Millisecond,
			Duration: 20 * time.Second, Max: 120, Settle: 5 * time.Second}
		res, err := l.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		res.print(&out, l)
		t.Log("\n" + out.String())
		if res.Created != 120 || res.Repeated != 0 || len(res.Acked) != 120 || len(res.Pending) != 0 || len(res.Errors) != 0 {
			t.Fatalf("created %d, repeated %d, acked %d, pending %d, errors %v; want 120 created and nothing else",
				res.Created, res.Repeated, len(res.Acked), len(res.Pending), res.Errors)
		}
		if len(res.PostLat) != 120 || len(res.GetLat) == 0 {
			t.Errorf("%d POST latencies, %d GET latencies", len(res.PostLat), len(res.GetLat))
		}
		stored := storedFindings(t, db, fx.hid)
		if len(stored) != 120 {
			t.Errorf("%d findings stored, want 120", len(stored))
		}
		numbers := map[int64]bool{}
		for key, a := range res.Acked {
			s, ok := stored[key]
			if !ok || s[0] != a.ID {
				t.Errorf("acknowledged %s as finding %d, stored %v", key, a.ID, s)
			}
			if a.Key != fmt.Sprintf("LOAD-%d", s[1]) {
				t.Errorf("acknowledged number %s, stored %d", a.Key, s[1])
			}
			numbers[s[1]] = true
		}
		for n := int64(1); n <= 120; n++ {
			if !numbers[n] {
				t.Errorf("number %d missing: numbers are not contiguous", n)
			}
		}
		if !strings.Contains(out.String(), "120 created (201)") || !strings.Contains(out.String(), "p99") {
			t.Errorf("report lacks figures:\n%s", out.String())
		}

		// A second run with the same keys stores nothing new: all repeats.
		again := &findingsLoad{Base: ts.URL, Token: fx.token, HackathonID: fx.hid, Loggers: 4, Duration: 20 * time.Second, Max: 30,
			Settle: 5 * time.Second, RunID: l.RunID}
		res2, err := again.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if res2.Created != 0 || res2.Repeated != 30 {
			t.Errorf("same keys again: created %d, repeated %d; want 0 and 30", res2.Created, res2.Repeated)
		}
		for key, a := range res2.Acked {
			if res.Acked[key].ID != a.ID {
				t.Errorf("repeat of %s answered finding %d, first %d", key, a.ID, res.Acked[key].ID)
			}
		}
		if n := len(storedFindings(t, db, fx.hid)); n != 120 {
			t.Errorf("after repeats %d findings stored, want 120", n)
		}
	})
}

// TestLoadtestFindingsRetriesUntilAcknowledged: answers lost to 503s are
// retried with the same key and counted by kind; a 4xx is not retried.
func TestLoadtestFindingsRetriesUntilAcknowledged(t *testing.T) {
	quietLogs(t)
	db := storetest.SQLite(t)
	fx := newLoadFixture(t, db)
	real := web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler()
	var n atomic.Int64
	flaky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) % 3 {
		case 1:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case 2:
			// Stored, but the answer is lost.
			real.ServeHTTP(httptest.NewRecorder(), r)
			http.Error(w, "lost", http.StatusBadGateway)
		default:
			real.ServeHTTP(w, r)
		}
	})
	ts := httptest.NewServer(flaky)
	defer ts.Close()
	l := &findingsLoad{Base: ts.URL, Token: fx.token, HackathonID: fx.hid, Loggers: 1, Duration: 20 * time.Second, Max: 10, Settle: 5 * time.Second}
	res, err := l.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Acked) != 10 || res.Errors["POST: HTTP 503"] != 10 || res.Errors["POST: HTTP 502"] != 10 || res.Repeated != 10 || res.Created != 0 {
		t.Fatalf("acked %d, created %d, repeated %d, errors %v", len(res.Acked), res.Created, res.Repeated, res.Errors)
	}
	if got := len(storedFindings(t, db, fx.hid)); got != 10 {
		t.Errorf("%d stored, want 10", got)
	}

	bad := &findingsLoad{Base: ts.URL, Token: "kt_wrong", HackathonID: fx.hid, Loggers: 1, Duration: 20 * time.Second, Max: 2, Settle: time.Second}
	n.Store(2) // let the real handler answer
	res, err = bad.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected == 0 || len(res.Acked) != 0 {
		t.Errorf("bad token: rejected %d, acked %d, errors %v", res.Rejected, len(res.Acked), res.Errors)
	}
}

func TestLoadtestFindingsLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		base       string
		allowNames bool
		ok         bool
		want       string
	}{
		{"http://127.0.0.1:8080", false, true, ""},
		{"http://127.1.2.3:8080/", false, true, ""},
		{"http://[::1]:8080", false, true, ""},
		{"http://10.0.0.1:8080", false, false, "loopback"},
		{"http://192.168.1.5", false, false, "loopback"},
		{"http://[::ffff:8.8.8.8]", false, false, "loopback"},
		{"http://example.org", false, false, "not a loopback address"},
		{"http://localhost:8080", false, false, "--allow-localhost-names"},
		{"http://localhost:8080", true, true, ""},
		{"http://evil.example:8080", true, false, "not a loopback address"},
		{"ftp://127.0.0.1", false, false, "http(s) URL"},
		{"http://user:pw@127.0.0.1", false, false, "credentials"},
		{"", false, false, "required"},
	} {
		_, err := loopbackBase(tc.base, tc.allowNames)
		if tc.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("loopbackBase(%q, %v) = %v, want ok=%v containing %q", tc.base, tc.allowNames, err, tc.ok, tc.want)
		}
	}
	// The command refuses before sending anything.
	err := runLoadtest(t.Context(), []string{"findings", "--base", "http://192.0.2.1:8080", "--token", "kt_x", "--hackathon", "1", "--duration", "1s"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("non-loopback base: %v", err)
	}
	for _, args := range [][]string{
		{"--duration", "11m"}, {"--loggers", "0"}, {"--max", "0"}, {"--hackathon", "0"}, {"--viewers", "-1"},
	} {
		all := append([]string{"findings", "--base", "http://127.0.0.1:1", "--token", "kt_x", "--hackathon", "1", "--duration", "1s"}, args...)
		if err := runLoadtest(t.Context(), all, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestLoadtestFindingsSSE checks the live-board measurement against a small
// server that speaks the contract of GET .../findings/events: an event
// "finding" with JSON data holding id, key and created_at, sent to every
// connected viewer after the POST is stored.
func TestLoadtestFindingsSSE(t *testing.T) {
	type sub chan string
	var next int64
	var all []sub
	mux := http.NewServeMux()
	register := make(chan sub)
	broadcast := make(chan string)
	go func() {
		for {
			select {
			case s := <-register:
				all = append(all, s)
			case msg := <-broadcast:
				for _, s := range all {
					s <- msg
				}
			case <-t.Context().Done():
				return
			}
		}
	}()
	mux.HandleFunc("GET /api/v1/hackathons/1/findings/events", func(w http.ResponseWriter, r *http.Request) {
		s := make(sub, 1000)
		register <- s
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, ": connected\n\n")
		w.(http.Flusher).Flush()
		for {
			select {
			case msg := <-s:
				fmt.Fprint(w, msg)
				w.(http.Flusher).Flush()
			case <-r.Context().Done():
				return
			}
		}
	})
	var mu = make(chan struct{}, 1)
	mux.HandleFunc("POST /api/v1/hackathons/1/findings", func(w http.ResponseWriter, r *http.Request) {
		mu <- struct{}{}
		next++
		id := next
		<-mu
		data := fmt.Sprintf(`{"id":%d,"key":"LOAD-%d","created_at":%q}`, id, id, time.Now().UTC().Format(time.RFC3339Nano))
		broadcast <- "event: finding\ndata: " + data + "\n\n"
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, data)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	l := &findingsLoad{Base: ts.URL, Token: "kt_x", HackathonID: 1, Loggers: 4, ViewersSSE: 5, Duration: 20 * time.Second, Max: 50, Settle: time.Second}
	res, err := l.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.print(&out, l)
	t.Log("\n" + out.String())
	if res.SSE == nil || res.SSE.Viewers != 5 || res.SSE.Findings != 50 || res.SSE.Complete != 50 || len(res.SSE.Delay) != 50 {
		t.Fatalf("sse = %+v", res.SSE)
	}
	if !strings.Contains(out.String(), "50 of 50 findings reached all of them") {
		t.Errorf("report:\n%s", out.String())
	}

	// Without the endpoint the run refuses to start rather than measuring nothing.
	l = &findingsLoad{Base: ts.URL, Token: "kt_x", HackathonID: 2, Loggers: 1, ViewersSSE: 1, Duration: time.Second, Max: 1}
	if _, err := l.Run(t.Context()); err == nil || !strings.Contains(err.Error(), "not an event stream") {
		t.Fatalf("missing endpoint: %v", err)
	}
}

// TestLoadtestFindingsPaced: with --rate the loggers together send no more
// than the rate asks for.
func TestLoadtestFindingsPaced(t *testing.T) {
	quietLogs(t)
	db := storetest.SQLite(t)
	fx := newLoadFixture(t, db)
	ts := httptest.NewServer(web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler())
	defer ts.Close()
	l := &findingsLoad{Base: ts.URL, Token: fx.token, HackathonID: fx.hid, Loggers: 4, Rate: 100, Duration: time.Second, Max: 10000, Settle: 5 * time.Second}
	res, err := l.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.print(&out, l)
	t.Log("\n" + out.String())
	if n := res.Created; n > 100+l.Loggers || n < 30 || len(res.Pending) != 0 {
		t.Fatalf("paced at 100/s for 1s: %d created, %d pending", n, len(res.Pending))
	}
	if !strings.Contains(out.String(), "paced at 100/s") {
		t.Errorf("report:\n%s", out.String())
	}
}
