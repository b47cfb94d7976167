package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestFavicon: /favicon.ico is no 404 but leads to the icon, which the
// pages also name.
func TestFavicon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		status, _, hdr := e.do("anonymous", "GET", "/favicon.ico", "", "")
		if status != http.StatusMovedPermanently || hdr.Get("Location") != "/static/favicon.svg" {
			t.Fatalf("/favicon.ico: %d %q", status, hdr.Get("Location"))
		}
		status, body, hdr := e.do("anonymous", "GET", "/static/favicon.svg", "", "")
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "image/svg+xml") || !strings.Contains(body, "<svg") {
			t.Fatalf("icon: %d %s", status, hdr.Get("Content-Type"))
		}
		_, body, _ = e.do("anonymous", "GET", "/login", "", "")
		if !strings.Contains(body, `rel="icon" href="/static/favicon.svg"`) {
			t.Fatal("login page names no icon")
		}
	})
}
