package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"
)

// TestServeShutdownEndsLiveStreams: with a viewer on the live board's event
// stream, stopping `serve` (as SIGTERM does) returns promptly and without
// error, well within --shutdown-grace, and the stream ends.
func TestServeShutdownEndsLiveStreams(t *testing.T) {
	addr, _, stop := startServe(t, []string{"--demo", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "warn", "--shutdown-grace", "60s"}, `listening on (http://\S+)`)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(addr+"/login", map[string][]string{"email": {"projectleider@demo.ketentest.nl"}, "password": {"ketentest-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = client.Get(addr + "/api/v1/hackathons")
	if err != nil {
		t.Fatal(err)
	}
	var hs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	json.NewDecoder(resp.Body).Decode(&hs)
	resp.Body.Close()
	if len(hs.Items) == 0 {
		t.Fatal("demo hackathon not listed")
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/hackathons/%d/findings/events", addr, hs.Items[0].ID), nil)
	req.Header.Set("Accept", "text/event-stream")
	stream, err := client.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("event stream: %v %v", err, stream)
	}
	first, _ := bufio.NewReader(stream.Body).ReadString('\n')
	if !strings.HasPrefix(first, "retry:") {
		t.Fatalf("stream starts with %q", first)
	}
	ended := make(chan struct{})
	go func() { io.Copy(io.Discard, stream.Body); close(ended) }()
	start := time.Now()
	stop(10 * time.Second) // serve must not wait for the open event stream
	t.Logf("shut down in %v with an open stream", time.Since(start))
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("stream not ended by the shutdown")
	}
}
