package sandbox

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDevCert writes a development certificate, loads it as a TLS key pair,
// serves the DVA with it and fetches over https with only that certificate
// trusted; a second write without force is refused.
func TestDevCert(t *testing.T) {
	dir := t.TempDir() + "/certs"
	certFile, keyFile, err := WriteDevCert(dir, []string{"localhost", "127.0.0.1", "::1"}, 24*time.Hour, false)
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]os.FileMode{keyFile: 0o600, certFile: 0o644} {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v mode %v, want %v", f, err, st.Mode().Perm(), want)
		}
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, _ := os.ReadFile(certFile)
	block, _ := pem.Decode(pemBytes)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.PublicKeyAlgorithm != x509.ECDSA || len(cert.IPAddresses) != 2 || len(cert.DNSNames) != 1 || cert.DNSNames[0] != "localhost" {
		t.Errorf("certificate: %v, IPs %v, DNS %v", cert.PublicKeyAlgorithm, cert.IPAddresses, cert.DNSNames)
	}

	empty, _ := dossier.NewSet("leeg", "", nil)
	d := NewDVA(storetest.SQLite(t), empty, Options{})
	t.Cleanup(d.Close)
	srv := httptest.NewUnstartedServer(d)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("certificate not accepted in a pool")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(srv.URL + "/48/fhir/metadata")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil || !strings.Contains(string(body), "CapabilityStatement") {
		t.Fatalf("https: %d %s", resp.StatusCode, trunc(body))
	}
	// The CapabilityStatement names https endpoints on a TLS listener.
	if !strings.Contains(string(body), `"https://127.0.0.1:`) {
		t.Errorf("endpoints are not https: %s", trunc(body))
	}
	// Without the certificate in the pool the connection is refused.
	if _, err := http.Get(srv.URL + "/48/fhir/metadata"); err == nil {
		t.Error("untrusted certificate accepted")
	}

	if _, _, err := WriteDevCert(dir, []string{"localhost"}, time.Hour, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("overwrite without force: %v", err)
	}
	if _, _, err := WriteDevCert(dir, []string{"localhost"}, time.Hour, true); err != nil {
		t.Errorf("overwrite with force: %v", err)
	}
	if again, _ := os.ReadFile(certFile); string(again) == string(pemBytes) {
		t.Error("force did not write a new certificate")
	}
	if st, _ := os.Stat(keyFile); st.Mode().Perm() != 0o600 {
		t.Errorf("key mode after force: %v", st.Mode().Perm())
	}
	for _, hosts := range [][]string{nil, {""}, {"not a host"}, {"a/b"}} {
		if _, _, err := DevCert(hosts, time.Now(), time.Hour); err == nil {
			t.Errorf("hosts %q accepted", hosts)
		}
	}
}
