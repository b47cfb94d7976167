package testca

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)

func mustCA(t testing.TB, h string) *CA {
	t.Helper()
	ca, err := New(h, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

func issue(t testing.TB, ca *CA, server bool) *Issued {
	t.Helper()
	p := Participant{ID: "vendor-a", Name: "Zorggroep A", URA: "90000001"}
	var is *Issued
	var err error
	if server {
		is, err = ca.IssueServer(p, []string{"127.0.0.1", "localhost"}, time.Now())
	} else {
		is, err = ca.IssueClient(p, time.Now())
	}
	if err != nil {
		t.Fatal(err)
	}
	return is
}

// mtlsServer starts a TLS server of ca that echoes the peer subject.
func mtlsServer(t *testing.T, ca *CA) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := PeerOf(r)
		if !ok {
			http.Error(w, "no peer", 500)
			return
		}
		io.WriteString(w, p.URA+"|"+p.Hackathon+"|"+p.Subject)
	}))
	srv.TLS = ca.ServerTLS(issue(t, ca, true))
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func get(srv *httptest.Server, cfg *tls.Config) (string, error) {
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 5 * time.Second}
	resp, err := c.Get(srv.URL)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestMutualTLSAcceptsOwnHackathon(t *testing.T) {
	ca := mustCA(t, "pzp-2026")
	srv := mtlsServer(t, ca)
	body, err := get(srv, ca.ClientTLS(issue(t, ca, false)))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(body, "|", 3)
	if len(parts) != 3 || parts[0] != "90000001" || parts[1] != "pzp-2026" {
		t.Fatalf("peer = %q", body)
	}
	if !strings.Contains(parts[2], "TEST Zorggroep A") || !strings.Contains(parts[2], "SERIALNUMBER=90000001") {
		t.Fatalf("subject = %q, want the TEST organisation and URA", parts[2])
	}
}

func TestMutualTLSRefusesOtherHackathonsCA(t *testing.T) {
	ca := mustCA(t, "pzp-2026")
	other := mustCA(t, "twiin-2026")
	srv := mtlsServer(t, ca)
	cfg := ca.ClientTLS(nil)
	cfg.Certificates = []tls.Certificate{issue(t, other, false).TLS}
	if _, err := get(srv, cfg); err == nil {
		t.Fatal("a client certificate of another hackathon's CA was accepted")
	}
}

func TestMutualTLSRefusesSameNameOtherCA(t *testing.T) {
	// A second CA that claims the same hackathon name is still another root.
	ca := mustCA(t, "pzp-2026")
	forged := mustCA(t, "pzp-2026")
	srv := mtlsServer(t, ca)
	cfg := ca.ClientTLS(nil)
	cfg.Certificates = []tls.Certificate{issue(t, forged, false).TLS}
	if _, err := get(srv, cfg); err == nil {
		t.Fatal("a certificate of a look-alike CA was accepted")
	}
}

func TestMutualTLSRequiresClientCert(t *testing.T) {
	ca := mustCA(t, "pzp-2026")
	srv := mtlsServer(t, ca)
	if _, err := get(srv, ca.ClientTLS(nil)); err == nil {
		t.Fatal("a client without certificate was accepted")
	}
}

func TestMutualTLSRefusesTLS12(t *testing.T) {
	ca := mustCA(t, "pzp-2026")
	srv := mtlsServer(t, ca)
	cfg := ca.ClientTLS(issue(t, ca, false))
	cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	if _, err := get(srv, cfg); err == nil {
		t.Fatal("TLS 1.2 was accepted")
	}
}

func TestIssuedCertificateLooksLikeUZI(t *testing.T) {
	ca := mustCA(t, "h1")
	is := issue(t, ca, true)
	if got := URAOf(is.Cert); got != "90000001" {
		t.Fatalf("URA = %q", got)
	}
	if on := OtherNames(is.Cert); len(on) != 1 || on[0] != "2.16.528.1.1007.99.2110-1-vendor-a-S-90000001-00.000-00000000" {
		t.Fatalf("otherName = %q", on)
	}
	if !strings.Contains(ca.Cert.Subject.CommonName, "TEST") || !strings.HasPrefix(is.Cert.Subject.Organization[0], "TEST ") {
		t.Fatalf("subjects not marked TEST: %v / %v", ca.Cert.Subject, is.Cert.Subject)
	}
	if len(is.Cert.DNSNames) != 1 || is.Cert.DNSNames[0] != "localhost" || len(is.Cert.IPAddresses) != 1 {
		t.Fatalf("SAN hosts = %v %v", is.Cert.DNSNames, is.Cert.IPAddresses)
	}
	if !strings.Contains(string(is.KeyPEM), "TEST key") {
		t.Fatal("key PEM not marked TEST")
	}
}

func TestIssueRejectsBadInput(t *testing.T) {
	ca := mustCA(t, "h1")
	for _, p := range []Participant{
		{ID: "a", Name: "A", URA: "123"},
		{ID: "a b", Name: "A", URA: "12345678"},
		{ID: "a", Name: " ", URA: "12345678"},
	} {
		if _, err := ca.IssueClient(p, now); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if _, err := ca.IssueServer(Participant{ID: "a", Name: "A", URA: "12345678"}, nil, now); err == nil {
		t.Error("server certificate without hosts accepted")
	}
	if _, err := New("bad slug!", now); err == nil {
		t.Error("bad hackathon slug accepted")
	}
}

func TestLoadRoundTrip(t *testing.T) {
	ca := mustCA(t, "h1")
	kp, err := ca.KeyPEM()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load("h1", ca.CertPEM, kp)
	if err != nil {
		t.Fatal(err)
	}
	is := issue(t, back, false)
	if _, err := is.Cert.Verify(x509Opts(ca)); err != nil {
		t.Fatalf("certificate of the reloaded CA does not verify: %v", err)
	}
	if _, err := Load("h2", ca.CertPEM, kp); err == nil {
		t.Fatal("loading a CA under another hackathon succeeded")
	}
}

func x509Opts(ca *CA) x509.VerifyOptions {
	return x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
}

// FuzzOtherNames feeds arbitrary SAN extension bytes to the otherName parser.
func FuzzOtherNames(f *testing.F) {
	ext, _ := sanExtension([]string{"localhost", "127.0.0.1"}, UZIString("p", "12345678"))
	f.Add(ext.Value)
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &x509.Certificate{Extensions: []pkix.Extension{{Id: oidSAN, Value: b}}}
		_ = URAOf(c)
	})
}

// TestVerifyRequestOnSharedListener: a listener of all hackathons only
// requests certificates; VerifyRequest does the per-hackathon check.
func TestVerifyRequestOnSharedListener(t *testing.T) {
	ca := mustCA(t, "pzp-2026")
	other := mustCA(t, "twiin-2026")
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2, p, err := ca.VerifyRequest(r)
		if err != nil {
			http.Error(w, err.Error(), 403)
			return
		}
		if q, ok := PeerOf(r2); !ok || q.URA != p.URA {
			http.Error(w, "PeerOf lost the chain", 500)
			return
		}
		io.WriteString(w, p.URA)
	}))
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{issue(t, ca, true).TLS}, ClientAuth: tls.RequestClientCert}
	srv.StartTLS()
	defer srv.Close()
	status := func(cfg *tls.Config) int {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 5 * time.Second}
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := status(ca.ClientTLS(issue(t, ca, false))); st != 200 {
		t.Fatalf("own certificate: %d", st)
	}
	cfg := ca.ClientTLS(nil)
	cfg.Certificates = []tls.Certificate{issue(t, other, false).TLS}
	if st := status(cfg); st != 403 {
		t.Fatalf("other hackathon's certificate: %d", st)
	}
	if st := status(ca.ClientTLS(nil)); st != 403 {
		t.Fatalf("no certificate: %d", st)
	}
	cfg = ca.ClientTLS(issue(t, ca, false))
	cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	if st := status(cfg); st != 403 {
		t.Fatalf("TLS 1.2: %d", st)
	}
}
