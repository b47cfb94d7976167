package participant_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var confirmRe = regexp.MustCompile(`/register/confirm/([0-9a-f]+)`)

// selfRegister registers through the public form and confirms from the
// mailbox, as anyone can; it returns the registration.
func selfRegister(t *testing.T, db *store.DB, ps *participant.Service, h *hackathon.Hackathon, org, email string) *participant.Registration {
	t.Helper()
	ctx := context.Background()
	res, err := ps.Register(ctx, h, participant.Input{Organisation: org, ChainRole: "pgo", Name: email, Email: email, Consent: true}, "http://x")
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	var body string
	if err := db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = ? AND subject LIKE 'Bevestig%' ORDER BY id DESC LIMIT 1", email).Scan(&body); err != nil {
		t.Fatal(err)
	}
	m := confirmRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirmation link in %q", body)
	}
	if _, err := ps.Confirm(ctx, h, m[1], "http://x"); err != nil {
		t.Fatalf("confirm %s: %v", email, err)
	}
	r, err := ps.Get(ctx, h.ID, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func openRegistration(t *testing.T, ps *participant.Service, h *hackathon.Hackathon) {
	t.Helper()
	if err := ps.SaveSettings(context.Background(), h.ID, participant.Settings{Open: true, PrivacyText: "Wij bewaren..."}, 0); err != nil {
		t.Fatal(err)
	}
}

func newAccounts(db *store.DB) *account.Service {
	a := account.NewService(db)
	a.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	return a
}

// orgRoles counts the deelnemer roles bound to the organisation held by email's account.
func orgRoles(t *testing.T, db *store.DB, hid, orgID int64, email string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id
		WHERE m.hackathon_id = ? AND m.organisation_id = ? AND u.email = ?`, hid, orgID, email).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegistrationApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		accounts := newAccounts(db)
		openRegistration(t, ps, h)
		// The organiser enters Vendor BV and its issue owner: trusted, approved.
		vendor, err := ps.AddOrganisation(ctx, h.ID, "Vendor BV", participant.RolePGO, 0)
		if err != nil {
			t.Fatal(err)
		}
		owner, err := ps.SavePerson(ctx, h, vendor, 0, participant.PersonInput{Name: "Olga", Email: "olga@vendor.example", IsIssueOwner: true}, 0)
		if err != nil || owner.Approval != participant.ApprovalApproved || owner.ApprovalBasis != participant.BasisOrganiser {
			t.Fatalf("organiser-entered person: %+v %v", owner, err)
		}
		// The attack: anyone registers as "vendor bv" from their own mailbox.
		attacker := selfRegister(t, db, ps, h, "vendor bv", "mallory@gmail.com")
		if attacker.OrganisationID != vendor || attacker.Status != participant.StatusConfirmed || attacker.Approval != participant.ApprovalPending {
			t.Fatalf("attacker: %+v", attacker)
		}
		// Same company domain as the issue owner: approved automatically.
		colleague := selfRegister(t, db, ps, h, "Vendor BV", "piet@vendor.example")
		if colleague.Approval != participant.ApprovalApproved || colleague.ApprovalBasis != participant.BasisDomain {
			t.Fatalf("colleague: %+v", colleague)
		}
		// An unknown company domain waits, too.
		other := selfRegister(t, db, ps, h, "Vendor BV", "kees@elsewhere.example")
		if other.Approval != participant.ApprovalPending {
			t.Fatalf("other domain: %+v", other)
		}
		// The first registrant of a new organisation is approved, even on a public domain.
		creator := selfRegister(t, db, ps, h, "Nieuw PGO", "anna@gmail.com")
		if creator.Approval != participant.ApprovalApproved || creator.ApprovalBasis != participant.BasisCreated {
			t.Fatalf("creator: %+v", creator)
		}
		// A public domain never matches: a second gmail.com registrant of the new organisation waits.
		if r := selfRegister(t, db, ps, h, "Nieuw PGO", "bob@gmail.com"); r.Approval != participant.ApprovalPending {
			t.Fatalf("second gmail registrant: %+v", r)
		}
		if all, confirmed, err := ps.AwaitingApproval(ctx, h.ID); err != nil || all != 3 || confirmed != 3 {
			t.Fatalf("awaiting: %d %d %v", all, confirmed, err)
		}

		invite, err := commplan.NewService(db, ps.Outbox).AccountInviter(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ps.CreateAccounts(ctx, h, accounts, "http://x", invite, 0)
		if err != nil || res != (participant.AccountsResult{Created: 3, Awaiting: 3}) {
			t.Fatalf("first run: %+v %v", res, err)
		}
		if n := orgRoles(t, db, h.ID, vendor, "mallory@gmail.com"); n != 0 {
			t.Fatalf("the attacker got %d roles for Vendor BV", n)
		}
		var users int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = 'mallory@gmail.com'").Scan(&users)
		if users != 0 {
			t.Fatal("the attacker got an account")
		}
		if orgRoles(t, db, h.ID, vendor, "piet@vendor.example") != 1 || orgRoles(t, db, h.ID, vendor, "olga@vendor.example") != 1 {
			t.Fatal("colleague or owner has no role")
		}

		// Validation: nothing chosen, a reject without a reason.
		if _, err := ps.Approve(ctx, h, nil, 0); fmt.Sprint(fieldOf(err)) != "[ids]" {
			t.Fatalf("approve nothing: %v", err)
		}
		if _, err := ps.Reject(ctx, h, []int64{attacker.ID}, " ", "http://x", 0); fmt.Sprint(fieldOf(err)) != "[reason]" {
			t.Fatalf("reject without reason: %v", err)
		}
		org, err := accounts.Create(ctx, account.NewUser{Email: "orga@ketentest.example", Name: "Orga", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		// The organiser rejects the attacker and approves kees; deciding twice is skipped.
		rr, err := ps.Reject(ctx, h, []int64{attacker.ID}, "Onbekend bij Vendor BV", "http://x", org.ID)
		if err != nil || rr != (participant.ApprovalResult{Changed: 1}) {
			t.Fatalf("reject: %+v %v", rr, err)
		}
		ar, err := ps.Approve(ctx, h, []int64{other.ID, colleague.ID, attacker.ID}, org.ID)
		if err != nil || ar != (participant.ApprovalResult{Changed: 1, Skipped: 2}) {
			t.Fatalf("approve: %+v %v", ar, err)
		}
		got, _ := ps.Get(ctx, h.ID, attacker.ID)
		if got.Approval != participant.ApprovalRejected || got.Status != participant.StatusCancelled || got.ApprovalReason != "Onbekend bij Vendor BV" {
			t.Fatalf("rejected registration: %+v", got)
		}
		var mail string
		db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = 'mallory@gmail.com' AND subject LIKE 'Aanmelding niet goedgekeurd%'").Scan(&mail)
		if !regexp.MustCompile(`Reden: Onbekend bij Vendor BV`).MatchString(mail) {
			t.Fatalf("rejection mail: %q", mail)
		}
		// The second run gives the approved their account; the attacker still nothing.
		res, err = ps.CreateAccounts(ctx, h, accounts, "http://x", invite, 0)
		if err != nil || res != (participant.AccountsResult{Created: 1, Skipped: 3, Awaiting: 1}) {
			t.Fatalf("second run: %+v %v", res, err)
		}
		if orgRoles(t, db, h.ID, vendor, "kees@elsewhere.example") != 1 || orgRoles(t, db, h.ID, vendor, "mallory@gmail.com") != 0 {
			t.Fatal("roles after approval")
		}
		// Audit: who approved and rejected which link.
		for action, want := range map[string]int{"organisation link approved": 1, "organisation link rejected": 1, "organisation link": 5} {
			var n int
			db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE hackathon_id = ? AND action = ? AND (user_id = ? OR action = 'organisation link')", h.ID, action, org.ID).Scan(&n)
			if n != want {
				t.Errorf("audit %q: %d entries, want %d", action, n, want)
			}
		}
		// Registering again after the rejection waits for approval again.
		again := selfRegister(t, db, ps, h, "Vendor BV", "mallory@gmail.com")
		if again.Approval != participant.ApprovalPending || again.ApprovalReason != "" {
			t.Fatalf("registering again: %+v", again)
		}
	})
}

func TestPublicMailDomain(t *testing.T) {
	for d, want := range map[string]bool{"gmail.com": true, "Outlook.com": true, "ziggo.nl": true, "proton.me": true, "vendor.example": false, "": false} {
		if got := participant.PublicMailDomain(d); got != want {
			t.Errorf("%q: %v", d, got)
		}
	}
}
