package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDevcertServesSandboxTLS makes a certificate with `ketentest devcert`,
// starts `serve` with the sandbox on TLS as the README describes, fetches
// the ZAL over https trusting only that certificate, and stops the server.
func TestDevcertServesSandboxTLS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	var out bytes.Buffer
	if err := runDevcert(t.Context(), []string{"--out", dir, "--host", "localhost,127.0.0.1"}, &out); err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "sandbox-cert.pem"), filepath.Join(dir, "sandbox-key.pem")
	if !strings.Contains(out.String(), "KETENTEST_SANDBOX_TLS_CERT="+certFile) {
		t.Errorf("output: %s", out.String())
	}
	if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
		t.Fatal(err)
	}
	if err := runDevcert(t.Context(), []string{"--out", dir}, io.Discard); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second run without --force: %v", err)
	}
	if err := runDevcert(t.Context(), []string{"--out", dir, "--host", "bad host"}, io.Discard); err == nil {
		t.Error("bad host accepted")
	}
	if err := runDevcert(t.Context(), []string{"--host", "localhost"}, io.Discard); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("without --out: %v", err)
	}

	t.Setenv("KETENTEST_SANDBOX_ADDR", "127.0.0.1:0")
	t.Setenv("KETENTEST_SANDBOX_TLS_CERT", certFile)
	t.Setenv("KETENTEST_SANDBOX_TLS_KEY", keyFile)
	sandboxURL, _, stop := startServe(t, []string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "warn"}, `sandbox DVA listening on (\S+)`)
	if !strings.HasPrefix(sandboxURL, "https://127.0.0.1:") {
		t.Fatalf("sandbox URL %q", sandboxURL)
	}
	pemBytes, _ := os.ReadFile(certFile)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(sandboxURL + "/medmij/zal.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<ResourceEndpointuri>"+sandboxURL+"/48/fhir</ResourceEndpointuri>") {
		t.Fatalf("ZAL over https: %d %s", resp.StatusCode, body)
	}
	// The organisation sandbox is mounted beside the DVA (its own 404).
	resp, err = client.Get(sandboxURL + "/h/NOPE/twiin/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(body), "onbekende hackathon") {
		t.Fatalf("organisation sandbox: %d %s", resp.StatusCode, body)
	}
	stop(20 * time.Second)
}
