package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestLoginThrottleUsesClientAddress: behind a trusted proxy the throttle
// counts per account and real client address, so guessing from one client
// does not lock the account for another; X-Forwarded-For from anyone else
// is ignored. A refused attempt is 429 with Retry-After.
func TestLoginThrottleUsesClientAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		login := func(email, pw, xff string, cookies ...*http.Cookie) (int, http.Header) {
			t.Helper()
			req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}, "next": {"/\t/evil.example/x"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", xff)
			for _, c := range cookies {
				req.AddCookie(c)
			}
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode, resp.Header
		}
		// No trusted proxy: the header is ignored, every attempt comes from 127.0.0.1.
		for i := 0; i < 5; i++ {
			login("admin@example.org", "wrong password", "198.51.100."+strconv.Itoa(i))
		}
		status, hdr := login("admin@example.org", testPassword, "198.51.100.200")
		if n, _ := strconv.Atoi(hdr.Get("Retry-After")); status != http.StatusTooManyRequests || n < 1 || n > 60 {
			t.Fatalf("spoofed X-Forwarded-For from an untrusted peer: %d, Retry-After %q", status, hdr.Get("Retry-After"))
		}

		e.srv.Opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		for i := 0; i < 5; i++ {
			if status, _ := login("observer@example.org", "wrong password", "1.2.3.4, 203.0.113.5"); status != http.StatusUnprocessableEntity {
				t.Fatalf("wrong password %d: %d", i, status)
			}
		}
		if status, _ := login("observer@example.org", testPassword, "203.0.113.5"); status != http.StatusTooManyRequests {
			t.Fatalf("the guessing client: %d, want 429", status)
		}
		status, hdr = login("observer@example.org", testPassword, "203.0.113.6")
		if status != http.StatusSeeOther || hdr.Get("Location") != "/" {
			t.Fatalf("another client with the right password: %d to %q, want 303 to /", status, hdr.Get("Location"))
		}
		var device *http.Cookie
		for _, c := range (&http.Response{Header: hdr}).Cookies() {
			if c.Name == account.DeviceCookie {
				device = c
			}
		}
		if device == nil || !device.HttpOnly || device.SameSite != http.SameSiteStrictMode || device.Path != "/login" || device.MaxAge <= 0 {
			t.Fatalf("device cookie %+v", device)
		}
		// The guessing client's address locks out the right password there,
		// except from the known device.
		for i := 0; i < 5; i++ {
			login("observer@example.org", "wrong password", "203.0.113.6")
		}
		if status, _ := login("observer@example.org", testPassword, "203.0.113.6"); status != http.StatusTooManyRequests {
			t.Fatalf("after guesses from the address: %d", status)
		}
		if status, _ := login("observer@example.org", testPassword, "203.0.113.6", device); status != http.StatusSeeOther {
			t.Fatalf("known device with the right password: %d, want 303", status)
		}
	})
}
