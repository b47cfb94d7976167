package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestLoadIsCompleteAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accounts, err := demo.Load(ctx, db, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(ctx, db, time.Now()); err != nil {
			t.Fatalf("second load: %v", err)
		}
		hs := hackathon.NewService(db)
		all, _ := hs.ListFor(ctx, 0, true)
		if len(all) != 2 { // the running demo and the earlier, closed one
			t.Fatalf("hackathons after two loads: %d", len(all))
		}
		all = running(all)
		members, _ := hs.Members(ctx, all[0].ID)
		have := map[blueprint.Role]bool{}
		for _, m := range members {
			have[m.Role] = true
		}
		for _, r := range blueprint.AllHackathonRoles() {
			if r != blueprint.RoleOpdrachtnemer && !have[r] {
				t.Errorf("no demo person in role %s", r)
			}
		}
		if len(accounts) != len(members)+1 {
			t.Errorf("%d accounts printed for %d members plus the admin", len(accounts), len(members))
		}
		ms, _ := hs.Milestones(ctx, all[0].ID)
		codes := map[string]bool{}
		for _, m := range ms {
			codes[m.Code] = true
		}
		for _, id := range blueprint.MilestoneIDs() {
			if !codes[id] {
				t.Errorf("demo lacks milestone %s", id)
			}
		}
		if open, _ := hs.PlanningOpen(ctx, all[0].ID); !open {
			t.Error("demo should have the client's go")
		}
	})
}
