package web

import "testing"

func TestSandboxURL(t *testing.T) {
	for _, tc := range []struct{ url, addr, cert, want string }{
		{"https://sandbox.example/", "", "", "https://sandbox.example"},
		{"", "127.0.0.1:8443", "", "http://127.0.0.1:8443"},
		{"", ":8443", "cert.pem", "https://localhost:8443"},
		{"", "[::]:8443", "", "http://localhost:8443"},
		{"", "", "", ""},
		{"", "nonsense", "", ""},
	} {
		t.Setenv("KETENTEST_SANDBOX_URL", tc.url)
		t.Setenv("KETENTEST_SANDBOX_ADDR", tc.addr)
		t.Setenv("KETENTEST_SANDBOX_TLS_CERT", tc.cert)
		if got := sandboxURL(); got != tc.want {
			t.Errorf("%+v: %q", tc, got)
		}
	}
}
