package finding_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestResponsibleForActorFollowsUp: a person made responsible for an actor
// organisation in the finding configuration follows up that actor's
// findings without any role granted by hand, and no other findings.
func TestResponsibleForActorFollowsUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		acc := account.NewService(db)
		acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		u, err := acc.Create(ctx, account.NewUser{Email: "resp@example.org", Name: "Resp", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if err := hackathon.NewService(db).AddMember(ctx, fx.hid, u.ID, "observer", 0, fx.user); err != nil {
			t.Fatal(err)
		}
		if err := fx.svc.SetActor(ctx, fx.hid, fx.orgA, u.ID, fx.user); err != nil {
			t.Fatal(err)
		}
		mine, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Van A"}, fx.user)
		other, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Van B"}, fx.user)
		for _, x := range []struct {
			f   *finding.Finding
			org int64
		}{{mine, fx.orgA}, {other, fx.orgB}} {
			if err := fx.svc.SetTriage(ctx, x.f, finding.Triage{ActorOrgID: x.org}, fx.triage); err != nil {
				t.Fatal(err)
			}
		}
		mine, _ = fx.svc.Get(ctx, fx.hid, mine.ID, staff)
		other, _ = fx.svc.Get(ctx, fx.hid, other.ID, staff)
		if err := fx.svc.SetStatus(ctx, mine, finding.StatusInAnalyse, u.ID); err != nil {
			t.Fatalf("responsible person on its actor's finding: %v", err)
		}
		if err := fx.svc.SetStatus(ctx, other, finding.StatusInAnalyse, u.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("responsible person on another actor's finding: %v, want forbidden", err)
		}
	})
}
