package httpx_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/ketentest/ketentest/internal/httpx"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	cases := []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"direct", "192.0.2.7:5555", nil, nil, "192.0.2.7"},
		{"header ignored without trusted proxies", "192.0.2.7:5555", []string{"198.51.100.1"}, nil, "192.0.2.7"},
		{"header ignored from an untrusted peer", "192.0.2.7:5555", []string{"198.51.100.1"}, proxies, "192.0.2.7"},
		{"behind a trusted proxy", "10.0.0.2:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"client-supplied hops are not believed", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"two trusted proxies", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.1, 10.0.0.9"}, proxies, "198.51.100.1"},
		{"several header lines", "10.0.0.2:80", []string{"1.2.3.4", "198.51.100.1"}, proxies, "198.51.100.1"},
		{"garbage stops the walk", "10.0.0.2:80", []string{"198.51.100.1, nonsense"}, proxies, "10.0.0.2"},
		{"only proxies", "10.0.0.2:80", []string{"10.0.0.3"}, proxies, "10.0.0.3"},
		{"no header from a proxy", "10.0.0.2:80", nil, proxies, "10.0.0.2"},
		{"ipv6 peer", "[2001:db8::1]:443", nil, nil, "2001:db8::1"},
		{"ipv6 behind proxy", "[fd00::1]:443", []string{"[2001:db8::2]:1234"}, proxies, "2001:db8::2"},
		{"ipv4-mapped", "[::ffff:192.0.2.9]:1", nil, nil, "192.0.2.9"},
		{"zone dropped", "[fe80::1%eth0]:1", nil, nil, "fe80::1"},
		{"unparsable remote kept", "pipe", nil, proxies, "pipe"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, h := range c.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := httpx.ClientIP(r, c.trusted); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzClientIP: whatever a client sends, the answer is an address a
// trusted proxy vouched for or the peer, never a trusted proxy unless all
// are, and never text that is not an address.
func FuzzClientIP(f *testing.F) {
	f.Add("10.0.0.2:80", "1.2.3.4, 198.51.100.1")
	f.Add("192.0.2.1:1", "")
	f.Add("[fd00::1]:1", "[::1]:2,  ,x")
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := httpx.ClientIP(r, proxies)
		peer := httpx.ClientIP(r, nil)
		if got == remote && peer == remote {
			return // unparsable peer
		}
		a, err := netip.ParseAddr(got)
		if err != nil {
			t.Fatalf("ClientIP(%q, %q) = %q: not an address", remote, xff, got)
		}
		if peerAddr, _ := netip.ParseAddr(peer); !proxies[0].Contains(peerAddr) && !proxies[1].Contains(peerAddr) && got != peer {
			t.Fatalf("untrusted peer %q: got %q", peer, got)
		}
		_ = a
	})
}
