package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// sseEvent is one server-sent event as a client parses it.
type sseEvent struct {
	ID, Event, Data string
	Comment         bool
}

// sseStream reads a text/event-stream over real HTTP.
type sseStream struct {
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

// openStream opens path on base as subject (API token) with Accept: text/event-stream.
func openStream(t *testing.T, base, token, path string, header ...string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sseStream{resp: resp, events: make(chan sseEvent, 1000), cancel: cancel}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev != (sseEvent{}) {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				ev.Comment = true
			case strings.HasPrefix(line, "id: "):
				ev.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.Event = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.Data = line[6:]
			}
		}
	}()
	t.Cleanup(s.close)
	return s
}

func (s *sseStream) close() { s.cancel(); s.resp.Body.Close() }

// next returns the next event named name (skipping comments and others).
func (s *sseStream) next(t *testing.T, name string) sseEvent {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream ended before an event %q", name)
			}
			if ev.Event == name {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event %q within 5 s", name)
		}
	}
}

// none checks that no event named name arrives within d.
func (s *sseStream) none(t *testing.T, name string, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return
			}
			if ev.Event == name {
				t.Fatalf("unexpected %s event: %s", name, ev.Data)
			}
		case <-deadline:
			return
		}
	}
}

func decodeLive(t *testing.T, ev sseEvent) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(ev.Data), &m); err != nil {
		t.Fatalf("data is not one JSON object: %q", ev.Data)
	}
	return m
}

func TestLiveStreamContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		t.Cleanup(e.srv.EndStreams)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		api := fmt.Sprintf("/api/v1/hackathons/%d/findings/events", e.hid)

		// Without Accept: text/event-stream the stream is refused, not left hanging.
		for _, p := range []string{base + "/events", api} {
			if status, _, _ := e.do("triageteam", "GET", p, "", ""); status != http.StatusNotAcceptable {
				t.Fatalf("GET %s without Accept: %d, want 406", p, status)
			}
		}
		page := openStream(t, e.ts.URL, e.tokens["triageteam"], base+"/events")
		apiStream := openStream(t, e.ts.URL, e.tokens["triageteam"], api)
		loc := e.logFinding("loggingteam", url.Values{"title": {"Live <b>bevinding</b>"}, "severity": {"blokkerend"}, "chain_link": {"dva"}})
		for _, s := range []*sseStream{page, apiStream} {
			ev := s.next(t, "finding")
			m := decodeLive(t, ev)
			for _, k := range []string{"id", "key", "title", "status", "severity", "chain_link", "actor", "created_at", "updated_at", "change"} {
				if _, ok := m[k]; !ok {
					t.Errorf("event data lacks %q: %s", k, ev.Data)
				}
			}
			if m["key"] != "TEST-1" || m["title"] != "Live <b>bevinding</b>" || m["change"] != "created" || m["severity"] != "blokkerend" ||
				!strings.HasSuffix(loc, fmt.Sprint(m["id"])) || ev.ID == "" {
				t.Fatalf("event: id %q data %s", ev.ID, ev.Data)
			}
		}

		// A change arrives as "updated" with the new state and a later id.
		if status, body, _ := e.form("triageteam", loc+"/triage", url.Values{"actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatalf("triage: %d %s", status, body)
		}
		upd := apiStream.next(t, "finding")
		m := decodeLive(t, upd)
		if m["change"] != "updated" || m["status"] != "toegewezen" || m["actor"] != "Vendor BV" {
			t.Fatalf("updated event: %s", upd.Data)
		}
		// Reconnecting with Last-Event-ID replays what came after it.
		firstID := ""
		for _, s := range []*sseStream{page} {
			ev := s.next(t, "finding")
			if ev.ID != upd.ID {
				t.Fatalf("page and API streams number events differently: %s vs %s", ev.ID, upd.ID)
			}
		}
		_, body, _ := e.do("triageteam", "GET", base+"/board.json", "", "")
		var snap struct {
			LastEventID int64            `json:"last_event_id"`
			Findings    []map[string]any `json:"findings"`
		}
		if err := json.Unmarshal([]byte(body), &snap); err != nil || len(snap.Findings) != 1 || fmt.Sprint(snap.LastEventID) != upd.ID {
			t.Fatalf("board.json: %v %s", err, body)
		}
		resumed := openStream(t, e.ts.URL, e.tokens["triageteam"], api, "Last-Event-ID", firstEventID(t, upd, &firstID))
		if ev := resumed.next(t, "finding"); ev.ID != upd.ID {
			t.Fatalf("resume after %s: got %s, want %s", firstID, ev.ID, upd.ID)
		}
		// ?since= does the same for a page that starts from its snapshot.
		since := openStream(t, e.ts.URL, e.tokens["triageteam"], base+"/events?since="+firstID)
		if ev := since.next(t, "finding"); ev.ID != upd.ID {
			t.Fatalf("since %s: got %s", firstID, ev.ID)
		}

		// Heartbeat comments keep an idle stream open.
		e.srv.App.Findings.Live.Heartbeat = 50 * time.Millisecond
		hb := openStream(t, e.ts.URL, e.tokens["observer"], api)
		deadline := time.After(3 * time.Second)
		for got := 0; got < 2; {
			select {
			case ev := <-hb.events:
				if ev.Comment && ev.Event == "" {
					got++
				}
			case <-deadline:
				t.Fatal("no heartbeat comments")
			}
		}
	})
}

// firstEventID is the event id just before ev (the creation's), for resuming.
func firstEventID(t *testing.T, ev sseEvent, out *string) string {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(ev.ID, &id); err != nil {
		t.Fatalf("event id %q is not a number", ev.ID)
	}
	*out = fmt.Sprint(id - 1)
	return *out
}

// TestLiveStreamVisibility: a subscriber only receives findings it may see.
func TestLiveStreamVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		t.Cleanup(e.srv.EndStreams)
		other, _ := e.srv.Hackathons.CreateOrganisation(context.Background(), "Andere BV", "xis")
		api := fmt.Sprintf("/api/v1/hackathons/%d/findings/events", e.hid)
		deelnemer := openStream(t, e.ts.URL, e.tokens["deelnemer"], api)
		triage := openStream(t, e.ts.URL, e.tokens["triageteam"], api)
		theirs := e.logFinding("loggingteam", url.Values{"title": {"Bij Andere"}, "organisation_ids": {fmt.Sprint(other)}})
		mine := e.logFinding("loggingteam", url.Values{"title": {"Bij Vendor"}, "organisation_ids": {e.orgID("Vendor BV")}})
		for _, want := range []string{"Bij Andere", "Bij Vendor"} {
			if m := decodeLive(t, triage.next(t, "finding")); m["title"] != want {
				t.Fatalf("triage team got %v, want %s", m["title"], want)
			}
		}
		if m := decodeLive(t, deelnemer.next(t, "finding")); m["title"] != "Bij Vendor" {
			t.Fatalf("deelnemer got %v first, want only its own organisation's finding", m["title"])
		}
		// Made public, the other finding reaches the deelnemer too.
		if status, _, _ := e.form("issue", theirs+"/visibility", url.Values{"visibility": {"all"}}); status != http.StatusSeeOther {
			t.Fatalf("visibility: %d", status)
		}
		if m := decodeLive(t, deelnemer.next(t, "finding")); m["title"] != "Bij Andere" || m["change"] != "updated" {
			t.Fatalf("deelnemer after publication: %v", m)
		}
		_ = mine
		// Without a role in the hackathon there is no stream at all.
		if status, _, _ := e.do("nobody", "GET", api, "", "", "Accept", "text/event-stream"); status != http.StatusForbidden {
			t.Fatalf("nobody: %d, want 403", status)
		}
		// The board snapshot applies the same rule.
		_, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("/hackathons/%d/findings/board.json", e.hid), "", "")
		if !strings.Contains(body, "Bij Vendor") || !strings.Contains(body, "Bij Andere") {
			t.Fatalf("deelnemer snapshot: %s", body)
		}
		if status, _, _ := e.form("issue", theirs+"/visibility", url.Values{"visibility": {"involved"}}); status != http.StatusSeeOther {
			t.Fatalf("visibility: %d", status)
		}
		_, body, _ = e.do("deelnemer", "GET", fmt.Sprintf("/hackathons/%d/findings/board.json", e.hid), "", "")
		if strings.Contains(body, "Bij Andere") {
			t.Fatalf("deelnemer snapshot shows a finding of another organisation: %s", body)
		}
		deelnemer.none(t, "finding", 300*time.Millisecond)
	})
}

// TestLiveAcrossTwoServers runs two servers over one PostgreSQL schema: a
// finding logged on server A reaches a board viewer connected to server B.
func TestLiveAcrossTwoServers(t *testing.T) {
	pg := os.Getenv(storetest.EnvPostgres)
	if pg == "" {
		t.Skip(storetest.EnvPostgres + " is not set")
	}
	dbA, u := storetest.PostgresURL(t, pg)
	e := newEnv(t, dbA)
	t.Cleanup(e.srv.EndStreams)
	dbB, err := store.Open(context.Background(), u, "")
	if err != nil {
		t.Fatal(err)
	}
	srvB := web.New(app.New(dbB, app.Options{DataDir: t.TempDir()}), web.Options{Version: "test"})
	tsB := httptest.NewServer(srvB.Handler())
	t.Cleanup(func() { srvB.EndStreams(); tsB.Close(); dbB.Close() })
	onB := openStream(t, tsB.URL, e.tokens["triageteam"], fmt.Sprintf("/hackathons/%d/findings/events", e.hid))
	start := time.Now()
	e.logFinding("loggingteam", url.Values{"title": {"Gelogd op A"}})
	ev := onB.next(t, "finding")
	t.Logf("finding logged on A shown on B after %v", time.Since(start))
	if m := decodeLive(t, ev); m["title"] != "Gelogd op A" || m["change"] != "created" {
		t.Fatalf("server B got %s", ev.Data)
	}
	// And the other way round, through the JSON API of B to a viewer of A.
	onA := openStream(t, e.ts.URL, e.tokens["observer"], fmt.Sprintf("/api/v1/hackathons/%d/findings/events", e.hid))
	req, _ := http.NewRequest("POST", tsB.URL+fmt.Sprintf("/api/v1/hackathons/%d/findings", e.hid), strings.NewReader(`{"title":"Gelogd op B","organisation_ids":[`+e.orgID("Vendor BV")+`]}`))
	req.Header.Set("Authorization", "Bearer "+e.tokens["loggingteam"])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create on B: %v %v", err, resp)
	}
	resp.Body.Close()
	if m := decodeLive(t, onA.next(t, "finding")); m["title"] != "Gelogd op B" {
		t.Fatalf("server A got %v", m)
	}
}

// TestLiveStreamsEndOnShutdown: a stream outlives the server's read timeout,
// and a graceful shutdown ends it instead of waiting for it.
func TestLiveStreamsEndOnShutdown(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	e.srv.App.Findings.Live.Heartbeat = 100 * time.Millisecond
	srv := &http.Server{Handler: e.srv.Handler(), ReadTimeout: 300 * time.Millisecond, ReadHeaderTimeout: time.Second}
	srv.RegisterOnShutdown(e.srv.EndStreams)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	s := openStream(t, "http://"+ln.Addr().String(), e.tokens["observer"], fmt.Sprintf("/api/v1/hackathons/%d/findings/events", e.hid))
	time.Sleep(800 * time.Millisecond)
	// Still open after the read timeout: a heartbeat arrives.
	for got := false; !got; {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("stream ended at the read timeout")
			}
			got = ev.Comment
		case <-time.After(2 * time.Second):
			t.Fatal("no heartbeat after the read timeout")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown with an open stream: %v after %v", err, time.Since(start))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	deadline := time.After(2 * time.Second)
	for {
		select {
		case _, ok := <-s.events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("stream still open after shutdown")
		}
	}
}
