package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address of the client that sent r: the peer address,
// unless the peer is a trusted proxy, in which case X-Forwarded-For is read
// from the right, skipping trusted proxies, and the first address that is
// not one is the client. Addresses a client put in the header itself stand
// left of those its proxies appended, so they are never believed. With no
// trusted proxies the header is ignored. The result is a canonical address
// without port or zone ("192.0.2.1", "2001:db8::1"); an IPv4-mapped IPv6
// address becomes IPv4.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	client := peer
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, ok := parseAddr(strings.TrimSpace(parts[j]))
			if !ok {
				return client.String() // garbage: stop at the last address a trusted proxy vouched for
			}
			client = a
			if !isTrusted(a, trusted) {
				return a.String()
			}
		}
	}
	return client.String()
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port".
func parseAddr(s string) (netip.Addr, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
