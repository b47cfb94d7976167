package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// streamStatus opens a live stream as token and returns its status; the
// stream is closed straight away.
func streamStatus(t *testing.T, base, token, path string) int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestLiveStreamsPerUserBounded: one user cannot hold an unbounded number
// of live streams (each is a goroutine, a subscription and a connection);
// over the limit the stream is refused with 429, on the page route and
// the API alike, other users are not affected, and a closed stream frees
// its place.
func TestLiveStreamsPerUserBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{MaxStreamsPerUser: 3})
		defer e.srv.EndStreams()
		page := fmt.Sprintf("/hackathons/%d/findings/events", e.hid)
		api := "/api/v1" + page
		tok := e.tokens["observer"]
		var open []*sseStream
		for _, p := range []string{page, api, page} {
			open = append(open, openStream(t, e.ts.URL, tok, p))
		}
		for _, p := range []string{page, api} {
			if st := streamStatus(t, e.ts.URL, tok, p); st != http.StatusTooManyRequests {
				t.Fatalf("stream over the limit on %s: %d, want 429", p, st)
			}
		}
		s := openStream(t, e.ts.URL, e.tokens["triageteam"], api)
		s.close()
		open[0].close()
		deadline := time.Now().Add(5 * time.Second)
		for streamStatus(t, e.ts.URL, tok, api) != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatal("a closed stream did not free its place")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
