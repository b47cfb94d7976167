package hackathon_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestInviteByEmail: a role is granted by e-mail address only. An existing
// account gets the role and a notice; an unknown address gets an account
// without a password and the set-password link; both are audited, and a
// project role is linked to the account (issues #9 item 9, #11 item 6).
func TestInviteByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, lead := setup(t, db)
		h, err := svc.Create(ctx, bgzInput(), lead)
		if err != nil {
			t.Fatal(err)
		}
		acc := account.NewService(db)
		acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		known, err := acc.Create(ctx, account.NewUser{Email: "known@example.org", Name: "Known Person", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "ketentest@example.org")
		via := hackathon.Inviting{Accounts: acc, Outbox: outbox, LinkPrefix: "https://kt.example/account/set-password/",
			Mail: func(in hackathon.Invitee) (comms.Message, error) {
				return comms.Message{Subject: "Rol " + string(in.Role), Body: "Hallo " + in.Name + " " + in.Link}, nil
			}}

		res, err := svc.Invite(ctx, h.ID, hackathon.Invitation{Email: " Known@Example.org ", Name: "Ignored", Role: "observer"}, via, lead)
		if err != nil || res.NewAccount || res.Member.UserID != known.ID || res.Member.Name != "Known Person" {
			t.Fatalf("existing account: %+v, %v", res, err)
		}
		res, err = svc.Invite(ctx, h.ID, hackathon.Invitation{Email: "nieuw@example.org", Name: "Nieuwe Leider", Role: string(blueprint.RoleTestcoordinator)}, via, lead)
		if err != nil || !res.NewAccount {
			t.Fatalf("new address: %+v, %v", res, err)
		}
		u, err := acc.ByEmail(ctx, "nieuw@example.org")
		if err != nil || u.HasPassword() || u.Name != "Nieuwe Leider" {
			t.Fatalf("new account: %+v, %v", u, err)
		}
		msgs, err := outbox.List(ctx, h.ID, 10)
		if err != nil || len(msgs) != 2 {
			t.Fatalf("outbox: %d messages, %v", len(msgs), err)
		}
		var link string
		for _, m := range msgs {
			switch m.To {
			case "known@example.org":
				if strings.Contains(m.Body, "set-password") {
					t.Errorf("an existing account got a set-password link: %q", m.Body)
				}
			case "nieuw@example.org":
				_, link, _ = strings.Cut(m.Body, "/account/set-password/")
			default:
				t.Errorf("mail to %q", m.To)
			}
		}
		if got, err := acc.UserBySetPasswordToken(ctx, link); err != nil || got.ID != u.ID {
			t.Errorf("the mailed link does not open the new account: %v", err)
		}
		roles, _ := svc.RolesOf(ctx, h.ID, u.ID)
		if len(roles) != 1 || roles[0] != blueprint.RoleTestcoordinator {
			t.Errorf("roles of the new account: %v", roles)
		}
		prs, _ := svc.ProjectRoles(ctx, h.ID)
		for _, p := range prs {
			if p.Role == blueprint.RoleTestcoordinator && (p.UserID != u.ID || p.Person != "Nieuwe Leider") {
				t.Errorf("project role not linked to the account: %+v", p)
			}
		}
		// Saving the staffing form with the same person keeps the link; another person drops it.
		if err := svc.SaveProjectRole(ctx, h.ID, hackathon.ProjectRole{Role: blueprint.RoleTestcoordinator, Person: "Nieuwe Leider", HoursPerWeek: "8"}, lead); err != nil {
			t.Fatal(err)
		}
		if prs, _ = svc.ProjectRoles(ctx, h.ID); linked(prs, blueprint.RoleTestcoordinator) != u.ID {
			t.Errorf("saving the same person dropped the account link")
		}
		if err := svc.SaveProjectRole(ctx, h.ID, hackathon.ProjectRole{Role: blueprint.RoleTestcoordinator, Person: "Iemand Anders"}, lead); err != nil {
			t.Fatal(err)
		}
		if prs, _ = svc.ProjectRoles(ctx, h.ID); linked(prs, blueprint.RoleTestcoordinator) != 0 {
			t.Errorf("another person kept the old account link")
		}
		var audits int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'member' AND action LIKE '%invit%'").Scan(&audits)
		if audits != 2 {
			t.Errorf("%d audited invitations, want 2", audits)
		}

		// Refusals store nothing: no account, no mail.
		for _, tc := range []struct {
			in    hackathon.Invitation
			field string
		}{
			{hackathon.Invitation{Email: "known@example.org", Role: "observer"}, "role"},
			{hackathon.Invitation{Email: "other@example.org", Role: "deelnemer"}, "organisation_id"},
			{hackathon.Invitation{Email: "other@example.org", Role: "deelnemer", OrganisationID: 999999}, "organisation_id"},
			{hackathon.Invitation{Email: "no address", Role: "observer"}, "email"},
			{hackathon.Invitation{Email: "other@example.org", Role: "opdrachtnemer"}, "role"},
		} {
			_, err := svc.Invite(ctx, h.ID, tc.in, via, lead)
			if fs := apperr.Fields(err); len(fs) == 0 || fs[0].Field != tc.field {
				t.Errorf("%+v: %v, want a refusal at %s", tc.in, err, tc.field)
			}
		}
		if _, err := acc.ByEmail(ctx, "other@example.org"); err == nil {
			t.Errorf("a refused invitation left an account")
		}
		if msgs, _ := outbox.List(ctx, h.ID, 10); len(msgs) != 2 {
			t.Errorf("%d mails after refused invitations, want 2", len(msgs))
		}
	})
}

func linked(prs []hackathon.ProjectRole, r blueprint.Role) int64 {
	for _, p := range prs {
		if p.Role == r {
			return p.UserID
		}
	}
	return -1
}
