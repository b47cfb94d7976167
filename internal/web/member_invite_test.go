package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestMemberInvitationByEmail: granting a role to an address without an
// account invites it (account without password, set-password link in the
// outbox) instead of failing, and the staffing table marks the project
// role as linked to that account (issue #11 item 6).
func TestMemberInvitationByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		path := fmt.Sprintf("/hackathons/%d/members", e.hid)
		status, body, _ := e.form("projectleider", path, url.Values{"email": {"Ghost@Example.org"}, "name": {"Geest Tester"}, "role": {"eventplanner"}})
		if status != http.StatusSeeOther {
			t.Fatalf("invite: %d %.300s", status, body)
		}
		u, err := e.srv.Accounts.ByEmail(ctx, "ghost@example.org")
		if err != nil || u.HasPassword() || u.Name != "Geest Tester" {
			t.Fatalf("invited account: %+v, %v", u, err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE recipient = 'ghost@example.org' AND body LIKE '%/account/set-password/%'").Scan(&n)
		if n != 1 {
			t.Errorf("%d invitation mails with a set-password link, want 1", n)
		}
		_, page, _ := e.do("observer", "GET", fmt.Sprintf("/hackathons/%d/organisation", e.hid), "", "")
		if !strings.Contains(page, `id="pr-account-eventplanner"`) || !strings.Contains(page, "Geest Tester") {
			t.Errorf("staffing table does not show the linked account")
		}
		// An existing account gets the role and a notice, no link.
		if status, body, _ := e.form("projectleider", path, url.Values{"email": {"nobody@example.org"}, "role": {"observer"}}); status != http.StatusSeeOther {
			t.Fatalf("existing account: %d %.300s", status, body)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE recipient = 'nobody@example.org' AND body NOT LIKE '%set-password%'").Scan(&n)
		if n != 1 {
			t.Errorf("%d notices to the existing account, want 1", n)
		}
		if status, _, _ := e.form("observer", path, url.Values{"email": {"x@example.org"}, "role": {"observer"}}); status != http.StatusForbidden {
			t.Errorf("observer invited: %d", status)
		}
	})
}
