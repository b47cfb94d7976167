package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestLinksNeverFromHostHeader: a registration posted with Host:
// evil.example queues a confirmation mail whose links start with the
// configured base URL; the request's Host header never makes a link (#9.16).
func TestLinksNeverFromHostHeader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const base = "https://ketentest.example.nl"
		e := newEnvWith(t, db, app.Options{BaseURL: base})
		lead := string(blueprint.RoleProjectleider)
		if status, _, _ := e.form(lead, fmt.Sprintf("/hackathons/%d/participants/settings", e.hid), url.Values{
			"open": {"1"}, "privacy_text": {"We bewaren je gegevens tot na de hackathon."}}); status != http.StatusSeeOther {
			t.Fatalf("open registration: %d", status)
		}
		form := url.Values{"name": {"Piet"}, "email": {"piet@example.org"}, "organisation": {"Vendor BV"}, "chain_role": {"pgo"},
			"attend_kickoff": {"1"}, "consent": {"1"}}
		req, _ := http.NewRequest("POST", e.ts.URL+fmt.Sprintf("/register/%d", e.hid), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("register: %d", resp.StatusCode)
		}
		var body string
		if err := db.QueryRow(t.Context(), "SELECT body FROM outbox WHERE recipient = ?", "piet@example.org").Scan(&body); err != nil {
			t.Fatalf("no confirmation mail queued: %v", err)
		}
		if strings.Contains(body, "evil.example") || !strings.Contains(body, base+"/register/confirm/") {
			t.Fatalf("confirmation mail links do not use the base URL:\n%s", body)
		}
		// The organisers' page shows the public links with the base URL too.
		req, _ = http.NewRequest("GET", e.ts.URL+fmt.Sprintf("/hackathons/%d/participants", e.hid), nil)
		req.Host = "evil.example"
		req.Header.Set("Authorization", "Bearer "+e.tokens[lead])
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page := readAll(resp)
		if strings.Contains(page, "evil.example") || !strings.Contains(page, fmt.Sprintf("%s/register/%d", base, e.hid)) {
			t.Fatalf("participants page: public link not from the base URL (status %d)", resp.StatusCode)
		}
	})
}
