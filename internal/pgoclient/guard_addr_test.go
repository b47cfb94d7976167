package pgoclient

import (
	"net/netip"
	"testing"
)

// The IANA special-purpose registries, typed in again here from
// https://www.iana.org/assignments/iana-ipv4-special-registry and
// https://www.iana.org/assignments/iana-ipv6-special-registry, so the test
// does not share its list with the guard.
var ianaV4 = []string{
	"0.0.0.0/8", "0.0.0.0/32", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
	"192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32", "192.0.0.171/32",
	"192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24",
	"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
	"224.0.0.0/4", // multicast, from the IPv4 multicast registry
}

var ianaV6 = []string{
	"::1/128", "::/128", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64",
	"2001::/23", "2001::/32", "2001:1::1/128", "2001:1::2/128", "2001:1::3/128", "2001:2::/48", "2001:3::/32",
	"2001:4:112::/48", "2001:10::/28", "2001:20::/28", "2001:30::/28", "2001:db8::/32", "2002::/16",
	"2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10",
	"fec0::/10",                       // deprecated site-local, from the IPv6 address space registry
	"ff00::/8",                        // multicast
	"::/96",                           // deprecated IPv4-compatible
	"4000::/3", "::2/128", "8000::/1", // outside global unicast (2000::/3)
}

// last returns the highest address of a prefix.
func last(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// mid returns an address inside the prefix between first and last.
func mid(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	if p.Bits() < len(b)*8 {
		b[len(b)-1] |= 1
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func mapped(a netip.Addr) netip.Addr { return netip.AddrFrom16(a.As16()) }

func nat64Of(a netip.Addr) netip.Addr {
	b := netip.MustParseAddr("64:ff9b::").As16()
	v4 := a.As4()
	copy(b[12:], v4[:])
	return netip.AddrFrom16(b)
}

// TestPublicAddrRefusesEverySpecialPurposeRange: the first, an inner and
// the last address of every registry block is refused, for IPv4 also in
// its IPv4-mapped and NAT64 (64:ff9b::/96) forms (issue #9 item 20).
func TestPublicAddrRefusesEverySpecialPurposeRange(t *testing.T) {
	refused := func(a netip.Addr, why string) {
		t.Helper()
		if PublicAddr(a) {
			t.Errorf("PublicAddr(%s) = true, want refused (%s)", a, why)
		}
	}
	for _, s := range ianaV4 {
		p := netip.MustParsePrefix(s)
		for _, a := range []netip.Addr{p.Addr(), mid(p), last(p)} {
			refused(a, s)
			refused(mapped(a), "IPv4-mapped "+s)
			refused(nat64Of(a), "NAT64 of "+s)
		}
	}
	for _, s := range ianaV6 {
		p := netip.MustParsePrefix(s)
		for _, a := range []netip.Addr{p.Addr(), mid(p), last(p)} {
			refused(a, s)
		}
	}
	for _, s := range []string{
		"2001:0:4136:e378:8000:63bf:3fff:fdd2",          // Teredo with a public server address
		"2002:808:808::1",                               // 6to4 of a public address
		"64:ff9b:1::808:808",                            // local-use NAT64 of a public address
		"::8.8.8.8",                                     // IPv4-compatible of a public address
		"fe80::1%eth0", "2a00:1450:4001:80b::200e%eth0", // zones
	} {
		refused(netip.MustParseAddr(s), s)
	}
}

// TestPublicAddrAllowsGlobalUnicast: ordinary public addresses, and the
// ones right next to refused blocks, are allowed.
func TestPublicAddrAllowsGlobalUnicast(t *testing.T) {
	for _, s := range []string{
		"93.184.215.14", "8.8.8.8", "1.1.1.1",
		"9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
		"169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.3.0",
		"192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0",
		"223.255.255.255",
		"::ffff:8.8.8.8", "64:ff9b::808:808", "64:ff9b::5db8:d70e",
		"2001:200::1", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff",
		"2620:4f:8001::", "3ffe:ffff::1", "2003::1",
	} {
		if a := netip.MustParseAddr(s); !PublicAddr(a) {
			t.Errorf("PublicAddr(%s) = false, want allowed", s)
		}
	}
}
