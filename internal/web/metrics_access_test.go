package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// metricsServer is a server whose /metrics admits only the given networks
// and token.
func metricsServer(t *testing.T, access web.MetricsAccess) http.Handler {
	t.Helper()
	a := app.New(storetest.SQLite(t), app.Options{DataDir: t.TempDir()})
	t.Cleanup(a.Close)
	return web.New(a, web.Options{Version: "test", Metrics: access}).Handler()
}

func get(h http.Handler, method, path, remote string, header ...string) (int, string) {
	req, _ := http.NewRequest(method, "http://ketentest.test"+path, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestMetricsOnlyForAllowedNetworksOrToken (#9.19): /metrics answers the
// configured networks and the bearer token; anyone else, and anything that
// came through a proxy without the token, gets 403.
func TestMetricsOnlyForAllowedNetworksOrToken(t *testing.T) {
	const token = "scrape-token-0123456789"
	h := metricsServer(t, web.MetricsAccess{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16")}, Token: token})
	for _, tc := range []struct {
		name, remote string
		header       []string
		want         int
	}{
		{"loopback", "127.0.0.1:5000", nil, 200},
		{"allowed network", "10.1.2.3:5000", nil, 200},
		{"v4-mapped loopback", "[::ffff:127.0.0.1]:5000", nil, 200},
		{"public address", "203.0.113.9:5000", nil, 403},
		{"neighbouring network", "10.2.0.1:5000", nil, 403},
		{"through a proxy on loopback", "127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, 403},
		{"through a proxy (Forwarded)", "127.0.0.1:5000", []string{"Forwarded", "for=203.0.113.9"}, 403},
		{"wrong token", "203.0.113.9:5000", []string{"Authorization", "Bearer scrape-token-0123456780"}, 403},
		{"API token is no metrics token", "203.0.113.9:5000", []string{"Authorization", "Bearer kt_nope"}, 403},
		{"token from anywhere", "203.0.113.9:5000", []string{"Authorization", "Bearer " + token}, 200},
		{"token through a proxy", "127.0.0.1:5000", []string{"Authorization", "Bearer " + token, "X-Forwarded-For", "203.0.113.9"}, 200},
	} {
		status, body := get(h, "GET", "/metrics", tc.remote, tc.header...)
		if status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.want)
		}
		if status == 200 && !strings.Contains(body, "go_goroutines") {
			t.Errorf("%s: no metrics in the answer", tc.name)
		}
		if status == 403 && strings.Contains(body, "go_goroutines") {
			t.Errorf("%s: metrics leaked with the refusal", tc.name)
		}
	}
	// Without networks and token nobody reads them.
	closed := metricsServer(t, web.MetricsAccess{})
	if status, _ := get(closed, "GET", "/metrics", "127.0.0.1:5000"); status != 403 {
		t.Errorf("no access configured: %d", status)
	}
}

// TestMetricsLabelsBounded (#9.19): made-up methods and paths no route
// matches do not create series of their own.
func TestMetricsLabelsBounded(t *testing.T) {
	h := metricsServer(t, web.MetricsAccess{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	for _, m := range []string{"FOO", "BAR", "PROPFIND", "X-" + strings.Repeat("A", 50)} {
		get(h, m, "/healthz", "203.0.113.9:1")
		get(h, m, "/no/such/"+m, "203.0.113.9:1")
	}
	for _, p := range []string{"/a", "/b/c", "/hackathons/x/y/z"} {
		get(h, "GET", p, "203.0.113.9:1")
	}
	_, body := get(h, "GET", "/metrics", "127.0.0.1:1")
	for _, leaked := range []string{"FOO", "BAR", "PROPFIND", "AAAA", `route="/a"`, "/b/c", "/hackathons/x"} {
		if strings.Contains(body, leaked) {
			t.Errorf("label value %q became a series", leaked)
		}
	}
	if !strings.Contains(body, `method="other"`) || !strings.Contains(body, `route="unmatched"`) {
		t.Errorf("unknown methods and routes not collapsed:\n%s", grepLines(body, "ketentest_http_requests_total"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
