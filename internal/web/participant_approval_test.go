package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var approvalConfirmRe = regexp.MustCompile(`/register/confirm/[0-9a-f]{48}`)

// selfRegister fills in the public form and confirms from the mailbox.
func (e *env) selfRegister(name, email, org string) int64 {
	e.t.Helper()
	ctx := context.Background()
	in := url.Values{"name": {name}, "email": {email}, "organisation": {org}, "chain_role": {"pgo"}, "consent": {"1"}}
	if status, body, _ := e.form("anonymous", fmt.Sprintf("/register/%d", e.hid), in); status != http.StatusOK {
		e.t.Fatalf("register %s: %d\n%s", email, status, body)
	}
	var body string
	var id int64
	e.db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = ? AND subject LIKE 'Bevestig%'", email).Scan(&body)
	link := approvalConfirmRe.FindString(strings.ReplaceAll(body, "=\r\n", ""))
	if status, _, _ := e.form("anonymous", link, nil); link == "" || status != http.StatusOK {
		e.t.Fatalf("confirm %s: %q %d", email, link, status)
	}
	e.db.QueryRow(ctx, "SELECT id FROM registrations WHERE email = ?", email).Scan(&id)
	return id
}

// TestRegistrationApprovalPages: an outsider who self-registers with an
// existing organisation gets no account from "accounts aanmaken" until an
// organiser approves; the list shows who waits, with approve and reject
// (single and bulk), and the second run creates the remaining accounts.
func TestRegistrationApprovalPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		rm := string(blueprint.RoleRelatiemanager)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		e.form(rm, hk+"/participants/settings", url.Values{"open": {"1"}, "privacy_text": {"Privacy."}})
		if status, _, _ := e.form(rm, hk+"/organisations", url.Values{"name": {"Vendor BV"}, "chain_role": {"pgo"}}); status != http.StatusSeeOther {
			t.Fatalf("add organisation: %d", status)
		}
		mallory := e.selfRegister("Mallory", "mallory@gmail.com", "Vendor BV")
		kees := e.selfRegister("Kees", "kees@vendor.example", "vendor bv")
		lies := e.selfRegister("Lies", "lies@vendor.example", "Vendor BV") // same domain as kees, but kees is not approved yet
		founder := e.selfRegister("Frank", "frank@nieuw.example", "Nieuw PGO")

		status, body, _ := e.form(rm, hk+"/participants/accounts", nil)
		if status != http.StatusOK || !strings.Contains(body, "1 nieuwe accounts") || !strings.Contains(body, "3 bevestigde aanmeldingen wachten op goedkeuring") ||
			!strings.Contains(body, hk+"/participants#approvals") {
			t.Fatalf("first accounts run: %d\n%s", status, body)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email IN ('mallory@gmail.com', 'kees@vendor.example', 'lies@vendor.example')").Scan(&n)
		if n != 0 {
			t.Fatalf("%d accounts for registrations waiting for approval", n)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'frank@nieuw.example'").Scan(&n)
		if n != 1 {
			t.Fatal("the founder of a new organisation got no role")
		}

		status, body, _ = e.do(rm, "GET", hk+"/participants", "", "")
		if status != http.StatusOK || !strings.Contains(body, `id="approvals"`) || strings.Count(body, "wacht op goedkeuring van de organisatie") != 3 ||
			!strings.Contains(body, fmt.Sprintf(`id="approval-%d"`, mallory)) || strings.Contains(body, fmt.Sprintf(`id="approval-%d"`, founder)) {
			t.Fatalf("participant list: %d\n%s", status, body)
		}
		if _, body, _ := e.do("observer", "GET", hk+"/participants", "", ""); strings.Contains(body, "/participants/approval/") {
			t.Fatal("the observer sees the approval buttons")
		}
		if status, _, _ := e.form("observer", hk+"/participants/approval/approve", url.Values{"id": {fmt.Sprint(kees)}}); status != http.StatusForbidden {
			t.Fatalf("observer approves: %d", status)
		}
		// Reject without a reason: refused on the reason field, nothing changed.
		if status, body, _ := e.form(rm, hk+"/participants/approval/reject", url.Values{"id": {fmt.Sprint(mallory)}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "reason") {
			t.Fatalf("reject without reason: %d", status)
		}
		if status, _, _ := e.form(rm, hk+"/participants/approval/approve", url.Values{"ids": {"abc"}}); status != http.StatusUnprocessableEntity {
			t.Fatalf("bad id: %d", status)
		}
		if status, _, _ := e.form(rm, hk+"/participants/approval/approve", url.Values{"id": {"999999"}}); status != http.StatusNotFound {
			t.Fatalf("unknown registration: %d", status)
		}
		if status, _, hdr := e.form(rm, hk+"/participants/approval/reject", url.Values{"id": {fmt.Sprint(mallory)}, "reason": {"Niet bekend bij Vendor BV"}}); status != http.StatusSeeOther ||
			hdr.Get("Location") != hk+"/participants#approvals" {
			t.Fatalf("reject: %d %v", status, hdr)
		}
		// Bulk approve of the two colleagues (and the rejected one, which is skipped).
		if status, _, _ := e.form(rm, hk+"/participants/approval/approve", url.Values{"ids": {fmt.Sprint(kees), fmt.Sprint(lies), fmt.Sprint(mallory)}}); status != http.StatusSeeOther {
			t.Fatalf("bulk approve: %d", status)
		}
		var state, regStatus string
		db.QueryRow(ctx, "SELECT org_approval, status FROM registrations WHERE id = ?", mallory).Scan(&state, &regStatus)
		if state != "rejected" || regStatus != "cancelled" {
			t.Fatalf("mallory: %s %s", state, regStatus)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'organisation link approved' AND user_id = ?", e.users[rm].ID).Scan(&n)
		if n != 2 {
			t.Fatalf("%d approvals audited", n)
		}
		status, body, _ = e.form(rm, hk+"/participants/accounts", nil)
		if status != http.StatusOK || !strings.Contains(body, "2 nieuwe accounts") || strings.Contains(body, "wachten op goedkeuring") {
			t.Fatalf("second accounts run: %d\n%s", status, body)
		}
		db.QueryRow(ctx, `SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
			WHERE o.name = 'Vendor BV' AND u.email IN ('kees@vendor.example', 'lies@vendor.example')`).Scan(&n)
		if n != 2 {
			t.Fatalf("approved colleagues have %d roles", n)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = 'mallory@gmail.com'").Scan(&n)
		if n != 0 {
			t.Fatal("the rejected attacker got an account")
		}
		if _, body, _ := e.do(rm, "GET", hk+"/participants", "", ""); strings.Contains(body, `id="approvals"`) || !strings.Contains(body, "afgewezen voor de organisatie") {
			t.Fatal("the approvals section is still shown, or the rejection is not")
		}
	})
}
