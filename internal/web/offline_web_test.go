package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// TestOfflineLoggingScreenServer: the server side of the offline logging
// screen. Only the logging screen is marked for the service worker's cache,
// per user; the worker is served with the widened scope and allowed by the
// CSP; and without JavaScript the form still posts, once per key.
func TestOfflineLoggingScreenServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)

		status, body, hdr := e.do("anonymous", "GET", "/static/offline-sw.js", "", "")
		if status != http.StatusOK || hdr.Get("Service-Worker-Allowed") != "/hackathons/" ||
			!strings.HasPrefix(hdr.Get("Content-Type"), "text/javascript") || hdr.Get("Cache-Control") != "no-cache" ||
			!strings.Contains(body, `addEventListener("fetch"`) {
			t.Fatalf("service worker: %d %v", status, hdr)
		}
		if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "worker-src 'self'") {
			t.Errorf("CSP does not allow the worker: %q", csp)
		}

		status, body, hdr = e.do("loggingteam", "GET", base+"/new", "", "")
		mine := hdr.Get(web.OfflineUserHeader)
		if status != http.StatusOK || len(mine) != 16 || !strings.Contains(body, `data-offline-copy="0"`) ||
			!strings.Contains(body, `data-worker="/static/offline-sw.js"`) || !strings.Contains(body, `data-rendered="20`) {
			t.Fatalf("logging screen: %d, offline user %q", status, mine)
		}
		_, _, hdr = e.do("triageteam", "GET", base+"/new", "", "")
		if other := hdr.Get(web.OfflineUserHeader); other == "" || other == mine {
			t.Errorf("offline cache key of another user: %q (mine %q)", other, mine)
		}
		if _, _, hdr = e.do("anonymous", "GET", base+"/new", "", ""); hdr.Get(web.OfflineUserHeader) != "" {
			t.Errorf("anonymous response marked for the offline cache")
		}

		// Without JavaScript: the form posts, a repeat with the same key
		// returns the same finding, a missing title is named at the field.
		v := url.Values{"title": {"Zonder JavaScript"}, "idempotency_key": {"nojs-1"}, "severity": {"laag"}}
		first := e.logFinding("loggingteam", v)
		if again := e.logFinding("loggingteam", v); again != first {
			t.Fatalf("same key stored twice: %s and %s", first, again)
		}
		status, body, hdr = e.form("loggingteam", base, url.Values{"title": {" "}, "idempotency_key": {"nojs-2"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `class="field-error"`) || hdr.Get(web.OfflineUserHeader) != "" {
			t.Fatalf("missing title without JS: %d", status)
		}
		_, body, _ = e.do("loggingteam", "GET", base, "", "")
		if strings.Count(body, "Zonder JavaScript") != 1 {
			t.Errorf("list after the no-JS posts shows the finding %d times", strings.Count(body, "Zonder JavaScript"))
		}

		// Nothing else is marked: finding pages (visibility), lists, the API.
		for _, p := range []string{first, base, "/api/v1" + base} {
			status, _, hdr := e.do("loggingteam", "GET", p, "", "")
			if status != http.StatusOK {
				t.Errorf("GET %s: %d", p, status)
			}
			if hdr.Get(web.OfflineUserHeader) != "" {
				t.Errorf("GET %s is marked for the offline cache", p)
			}
		}

		if _, body, _ = e.do("anonymous", "GET", "/login", "", ""); !strings.Contains(body, `src="/static/offline-clear.js"`) {
			t.Errorf("login page does not clear the offline copies")
		}
	})
}
