package pgoclient

import "net/netip"

// The address policy of the SSRF guard: deny by default. An IPv4 address
// is public when it is in no block of the IANA IPv4 Special-Purpose Address
// Registry and not multicast (224.0.0.0/4); an IPv6 address when it is
// global unicast (2000::/3) and in no block of the IANA IPv6 Special-Purpose
// Address Registry. Blocks the registries mark "globally reachable" (the
// anycast services AS112, PCP, TURN, AMT, ORCHIDv2, DET, ...) are refused
// too: no DVA lives there. Addresses that carry an IPv4 address are judged
// by it where the carrier is a plain translation: IPv4-mapped
// (::ffff:0:0/96) and the well-known NAT64 prefix 64:ff9b::/96 (so a DVA
// behind DNS64 stays reachable and 64:ff9b::7f00:1 is loopback). Tunnels
// and local translation whose far end the guard cannot see — Teredo
// (2001::/32), 6to4 (2002::/16), local-use NAT64 (64:ff9b:1::/48) — are
// refused, as are deprecated site-local (fec0::/10), IPv4-compatible
// (::/96) and every address with a zone.

// specialV4 is the IANA IPv4 Special-Purpose Address Registry, every entry.
var specialV4 = prefixes(
	"0.0.0.0/8",          // "this network" (RFC 791)
	"0.0.0.0/32",         // "this host on this network"
	"10.0.0.0/8",         // private-use (RFC 1918)
	"100.64.0.0/10",      // shared address space, CGNAT (RFC 6598)
	"127.0.0.0/8",        // loopback
	"169.254.0.0/16",     // link local
	"172.16.0.0/12",      // private-use
	"192.0.0.0/24",       // IETF protocol assignments
	"192.0.0.0/29",       // IPv4 service continuity prefix (DS-Lite)
	"192.0.0.8/32",       // IPv4 dummy address
	"192.0.0.9/32",       // port control protocol anycast
	"192.0.0.10/32",      // traversal using relays around NAT anycast
	"192.0.0.170/32",     // NAT64/DNS64 discovery
	"192.0.0.171/32",     // NAT64/DNS64 discovery
	"192.0.2.0/24",       // documentation (TEST-NET-1)
	"192.31.196.0/24",    // AS112-v4
	"192.52.193.0/24",    // AMT
	"192.88.99.0/24",     // deprecated 6to4 relay anycast
	"192.168.0.0/16",     // private-use
	"192.175.48.0/24",    // direct delegation AS112 service
	"198.18.0.0/15",      // benchmarking
	"198.51.100.0/24",    // documentation (TEST-NET-2)
	"203.0.113.0/24",     // documentation (TEST-NET-3)
	"240.0.0.0/4",        // reserved
	"255.255.255.255/32", // limited broadcast
	"224.0.0.0/4",        // multicast (IANA multicast registry)
)

// specialV6 is the IANA IPv6 Special-Purpose Address Registry, every entry,
// plus the deprecated site-local block.
var specialV6 = prefixes(
	"::1/128",           // loopback
	"::/128",            // unspecified
	"::ffff:0:0/96",     // IPv4-mapped (judged by its IPv4 address before this)
	"64:ff9b::/96",      // IPv4-IPv6 translation (judged by its IPv4 address before this)
	"64:ff9b:1::/48",    // local-use IPv4/IPv6 translation
	"100::/64",          // discard-only
	"100:0:0:1::/64",    // dummy IPv6 prefix
	"2001::/23",         // IETF protocol assignments
	"2001::/32",         // Teredo
	"2001:1::1/128",     // port control protocol anycast
	"2001:1::2/128",     // traversal using relays around NAT anycast
	"2001:1::3/128",     // DNS-SD service registration protocol anycast
	"2001:2::/48",       // benchmarking
	"2001:3::/32",       // AMT
	"2001:4:112::/48",   // AS112-v6
	"2001:10::/28",      // deprecated ORCHID
	"2001:20::/28",      // ORCHIDv2
	"2001:30::/28",      // drone remote ID protocol entity tags
	"2001:db8::/32",     // documentation
	"2002::/16",         // 6to4
	"2620:4f:8000::/48", // direct delegation AS112 service
	"3fff::/20",         // documentation
	"5f00::/16",         // segment routing (SRv6) SIDs
	"fc00::/7",          // unique-local
	"fe80::/10",         // link-local unicast
	"fec0::/10",         // site-local, deprecated (not in the registry)
	"ff00::/8",          // multicast
)

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func inAny(ps []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// PublicAddr reports whether ip is a public unicast address the reference
// PGO may connect to (the policy above).
func PublicAddr(ip netip.Addr) bool {
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return !inAny(specialV4, ip)
	}
	if nat64.Contains(ip) {
		b := ip.As16()
		return PublicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	return globalUnicast6.Contains(ip) && !inAny(specialV6, ip)
}
