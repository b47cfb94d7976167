package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestRegistrationApprovalNotice: who joins an existing organisation by the
// public form is told, on the confirmation page and in the confirmation mail
// and in their own language, that the organisers check the link first; the
// founder of a new organisation is not. The organisation page tags the
// registrations that wait or were rejected.
func TestRegistrationApprovalNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		rm := string(blueprint.RoleRelatiemanager)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		e.form(rm, hk+"/participants/settings", url.Values{"open": {"1"}, "privacy_text": {"Privacy."}})
		if status, _, _ := e.form(rm, hk+"/organisations", url.Values{"name": {"Vendor BV"}, "chain_role": {"pgo"}}); status != http.StatusSeeOther {
			t.Fatalf("add organisation: %d", status)
		}
		// register and confirm as a visitor in lang; the confirmation page is returned.
		register := func(lang, name, email, org string) string {
			t.Helper()
			cookie := []string{"Cookie", i18n.CookieName + "=" + lang}
			in := url.Values{"name": {name}, "email": {email}, "organisation": {org}, "chain_role": {"pgo"}, "consent": {"1"}}
			if status, body, _ := e.form("anonymous", fmt.Sprintf("/register/%d", e.hid), in, cookie...); status != http.StatusOK {
				t.Fatalf("register %s: %d\n%s", email, status, body)
			}
			var body string
			db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = ? ORDER BY id LIMIT 1", email).Scan(&body)
			link := approvalConfirmRe.FindString(strings.ReplaceAll(body, "=\r\n", ""))
			status, page, _ := e.form("anonymous", link, nil, cookie...)
			if link == "" || status != http.StatusOK {
				t.Fatalf("confirm %s: %q %d", email, link, status)
			}
			return page
		}
		confirmedMail := func(email string) string {
			var body string
			db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1", email).Scan(&body)
			return strings.ReplaceAll(body, "=\r\n", "")
		}

		page := register("nl", "Kees", "kees@gmail.com", "vendor bv")
		if !strings.Contains(page, `id="approval-notice"`) || !strings.Contains(page, "je koppeling aan Vendor BV wordt eerst gecontroleerd door de organisatie van de hackathon") {
			t.Fatalf("nl confirmation page has no approval notice:\n%s", page)
		}
		if m := confirmedMail("kees@gmail.com"); !strings.Contains(m, "Let op: je koppeling aan Vendor BV wordt eerst gecontroleerd") || !strings.Contains(m, "toegang namens Vendor BV") {
			t.Fatalf("nl confirmation mail has no approval notice:\n%s", m)
		}
		var html string
		db.QueryRow(ctx, "SELECT html FROM outbox WHERE recipient = 'kees@gmail.com' ORDER BY id DESC LIMIT 1").Scan(&html)
		if !strings.Contains(html, "je koppeling aan Vendor BV wordt eerst gecontroleerd") {
			t.Fatalf("the HTML part of the nl confirmation mail has no approval notice:\n%s", html)
		}
		page = register("en", "Ann", "ann@gmail.com", "Vendor BV")
		if !strings.Contains(page, "will check your link to Vendor BV first") || strings.Contains(page, "wordt eerst gecontroleerd") {
			t.Fatalf("en confirmation page:\n%s", page)
		}
		if m := confirmedMail("ann@gmail.com"); !strings.Contains(m, "Please note: the hackathon's organisers will check your link to Vendor BV first.") {
			t.Fatalf("en confirmation mail:\n%s", m)
		}
		page = register("nl", "Frank", "frank@nieuw.example", "Nieuw PGO")
		if strings.Contains(page, `id="approval-notice"`) || strings.Contains(confirmedMail("frank@nieuw.example"), "wordt eerst gecontroleerd") {
			t.Fatal("the founder of a new organisation is told to wait for approval")
		}

		var ann, org int64
		db.QueryRow(ctx, "SELECT id, organisation_id FROM registrations WHERE email = 'ann@gmail.com'").Scan(&ann, &org)
		if status, _, _ := e.form(rm, hk+"/participants/approval/reject", url.Values{"id": {fmt.Sprint(ann)}, "reason": {"Onbekend"}}); status != http.StatusSeeOther {
			t.Fatalf("reject: %d", status)
		}
		status, body, _ := e.do(rm, "GET", fmt.Sprintf("%s/organisations/%d", hk, org), "", "")
		if status != http.StatusOK || strings.Count(body, `data-approval="pending"`) != 1 || strings.Count(body, `data-approval="rejected"`) != 1 ||
			!strings.Contains(body, "wacht op goedkeuring van de organisatie") || !strings.Contains(body, "afgewezen voor de organisatie") {
			t.Fatalf("organisation page: %d\n%s", status, body)
		}
	})
}
