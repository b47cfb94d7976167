package pgoclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// EnvAllowHosts names the setting with extra hosts the reference PGO may
// call although they resolve to non-public addresses: comma-separated
// "host" or "host:port" entries, e.g. "127.0.0.1:9443,dva.test". Meant for
// tests and closed lab networks; ketentest's own sandbox is always allowed.
const EnvAllowHosts = "KETENTEST_PGO_ALLOW_HOSTS"

// Limits of one exchange.
const (
	RequestTimeout   = 20 * time.Second
	RunTimeout       = 3 * time.Minute // a whole run, token to last search
	DialTimeout      = 5 * time.Second
	MaxResponseBytes = 8 << 20   // read at most this much of a response
	MaxStoredBody    = 512 << 10 // keep at most this much as evidence
)

// ErrBlockedAddress is returned when a URL points at an address the
// reference PGO must not call (loopback, private, link-local, ...).
var ErrBlockedAddress = errors.New("address not allowed")

// Policy decides which URLs entered by users may be called (the SSRF guard).
type Policy struct {
	// Allow lists "host" or "host:port" entries that may resolve to any
	// address: ketentest's own sandbox and the EnvAllowHosts setting.
	Allow []string
	// RootCAs are the certificate authorities trusted for https; nil means
	// the system's. ketentest adds its own sandbox's certificate
	// (KETENTEST_SANDBOX_TLS_CERT) so a self-signed development
	// certificate works.
	RootCAs *x509.CertPool
}

// TrustPEM adds the certificates of a PEM file's contents to RootCAs (on
// top of the system's).
func (p *Policy) TrustPEM(pemData []byte) error {
	if p.RootCAs == nil {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		p.RootCAs = pool
	}
	if !p.RootCAs.AppendCertsFromPEM(pemData) {
		return errors.New("pgoclient: no certificate in the PEM data")
	}
	return nil
}

// AllowURL adds the host (and port) of a base URL to the allow-list.
func (p *Policy) AllowURL(raw string) {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		p.Allow = append(p.Allow, hostPort(u))
	}
}

// AllowList parses an EnvAllowHosts value into the allow-list.
func (p *Policy) AllowList(v string) {
	for _, h := range strings.Split(v, ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			p.Allow = append(p.Allow, h)
		}
	}
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return strings.ToLower(net.JoinHostPort(u.Hostname(), port))
}

// allowed reports whether addr ("host:port") is on the allow-list.
func (p *Policy) allowed(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	addr, host = strings.ToLower(addr), strings.ToLower(host)
	for _, a := range p.Allow {
		if a == addr || a == host || a == "["+host+"]" {
			return true
		}
	}
	return false
}

// CheckURL validates a URL a user entered: absolute http(s), a host, no
// user info, no fragment. Where it resolves is checked when dialling.
func CheckURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("%q is not a URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q must start with https:// or http://", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%q has no host", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q must not contain a user name or password", raw)
	}
	if u.Fragment != "" {
		return fmt.Errorf("%q must not contain a #fragment", raw)
	}
	return nil
}

// guardControl runs after DNS resolution, on the address actually dialled,
// so a host name that resolves (or re-resolves) to an internal address is
// refused too.
func guardControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
	}
	if !PublicAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s is not a public address", ErrBlockedAddress, ap.Addr())
	}
	return nil
}

// HTTPClient returns the client the reference PGO uses: timeouts, no
// redirects followed (a 3xx is recorded as it is), and a dialer that
// refuses non-public addresses except for hosts on the allow-list.
func (p *Policy) HTTPClient() *http.Client {
	open := &net.Dialer{Timeout: DialTimeout}
	guarded := &net.Dialer{Timeout: DialTimeout, Control: guardControl}
	tr := &http.Transport{
		Proxy: nil, // never via a proxy: the guard must see the real peer
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if p.allowed(addr) {
				return open.DialContext(ctx, network, addr)
			}
			return guarded.DialContext(ctx, network, addr)
		},
		TLSClientConfig:       &tls.Config{RootCAs: p.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   DialTimeout,
		ResponseHeaderTimeout: RequestTimeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   RequestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
