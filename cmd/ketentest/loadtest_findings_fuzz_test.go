package main

import (
	"net"
	"net/url"
	"strings"
	"testing"
)

// FuzzLoopbackBase: whatever the input, an accepted base URL points at a
// loopback IP address.
func FuzzLoopbackBase(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:8080", "http://[::1]/", "http://localhost", "http://10.0.0.1", "http://127.0.0.1@evil.example",
		"http://evil.example#@127.0.0.1", "http://0x7f.1", "http://[::ffff:127.0.0.1]:80", "https://127.0.0.1:443/x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := loopbackBase(raw, false)
		if err != nil {
			return
		}
		again, perr := url.Parse(u.String())
		if perr != nil {
			t.Fatalf("accepted %q, which does not parse back: %v", raw, perr)
		}
		ip := net.ParseIP(again.Hostname())
		if ip == nil || !ip.IsLoopback() {
			t.Fatalf("accepted %q with host %q", raw, again.Hostname())
		}
	})
}

// FuzzReadSSE: the event-stream parser never panics and reports no more
// events than the stream has blank-line-terminated blocks.
func FuzzReadSSE(f *testing.F) {
	f.Add("event: finding\ndata: {\"id\":1}\n\n")
	f.Add(": comment\nretry: 3000\n\nid: 7\nevent: reset\ndata: {}\n\n")
	f.Add("data: a\ndata: b\n\ndata:c\r\n\r\n")
	f.Fuzz(func(t *testing.T, stream string) {
		n := 0
		readSSE(strings.NewReader(stream), func(event, data string) {
			n++
			if event == "" {
				t.Fatal("event without a name")
			}
		})
		if blocks := strings.Count(stream, "\n"); n > blocks {
			t.Fatalf("%d events from %d lines", n, blocks)
		}
	})
}
