package finding_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestBulkTriage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		var ids []int64
		for i := range 3 {
			f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Bulk " + strconv.Itoa(i)}, fx.user)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, f.ID)
		}
		if err := fx.svc.SetOptions(ctx, fx.hid, finding.OptCategory, []string{"Autorisatie", "Weergave"}, fx.user); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			name  string
			b     finding.Bulk
			field string
		}{
			{"nothing selected", finding.Bulk{Severity: "hoog"}, "ids"},
			{"no action", finding.Bulk{IDs: ids}, "action"},
			{"bad severity", finding.Bulk{IDs: ids, Severity: "ramp"}, "severity"},
			{"unconfigured category", finding.Bulk{IDs: ids, Category: "Iets"}, "category"},
			{"unknown actor", finding.Bulk{IDs: ids, ActorOrgID: 999999}, "actor_organisation_id"},
			{"duplicaat only by merge", finding.Bulk{IDs: ids, Status: finding.StatusDuplicaat}, "status"},
			{"other hackathon's finding", finding.Bulk{IDs: []int64{ids[0], 999999}, Severity: "hoog"}, "ids"},
		} {
			_, err := fx.svc.BulkTriage(ctx, fx.hid, tc.b, fx.user)
			if fs := apperr.Fields(err); len(fs) == 0 || fs[0].Field != tc.field {
				t.Errorf("%s: got %v, want an error at %s", tc.name, err, tc.field)
			}
		}

		n, err := fx.svc.BulkTriage(ctx, fx.hid, finding.Bulk{IDs: append(ids, ids[0]), Category: "Autorisatie", Severity: "hoog", ActorOrgID: fx.orgA}, fx.user)
		if err != nil || n != 3 {
			t.Fatalf("bulk = %d, %v; want 3 changed", n, err)
		}
		for _, id := range ids {
			f, err := fx.svc.Get(ctx, fx.hid, id, staff)
			if err != nil {
				t.Fatal(err)
			}
			if f.Category != "Autorisatie" || f.Severity != "hoog" || f.ActorOrgID != fx.orgA || f.Status != finding.StatusToegewezen {
				t.Errorf("%s after bulk: %+v", f.Key, f)
			}
			trail, err := audit.For(ctx, db, "finding", strconv.FormatInt(id, 10))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, e := range trail {
				got[e.Action] = true
			}
			for _, a := range []string{"category", "severity", "actor", "status"} {
				if !got[a] {
					t.Errorf("%s: no audit entry %q in %+v", f.Key, a, trail)
				}
			}
		}

		// One finding that cannot take the status: nothing changes at all.
		if err := fx.svc.SetStatus(ctx, mustGet(t, fx, ids[2]), finding.StatusOpgelost, fx.triage); err != nil {
			t.Fatal(err)
		}
		_, err = fx.svc.BulkTriage(ctx, fx.hid, finding.Bulk{IDs: ids, Severity: "laag", Status: finding.StatusInAnalyse}, fx.user)
		var c *apperr.Conflict
		if err != nil && errors.As(err, &c) {
			t.Fatalf("opgelost → in_analyse is allowed, got %v", err)
		}
		_, err = fx.svc.BulkTriage(ctx, fx.hid, finding.Bulk{IDs: ids, Severity: "blokkerend", Status: finding.StatusGeverifieerd}, fx.user)
		if !errors.As(err, &c) || len(c.Allowed) == 0 {
			t.Fatalf("want a conflict listing the allowed statuses, got %v", err)
		}
		for _, id := range ids {
			if f := mustGet(t, fx, id); f.Severity == "blokkerend" {
				t.Errorf("%s changed although the bulk action failed", f.Key)
			}
		}

		// Clearing the actor.
		if n, err := fx.svc.BulkTriage(ctx, fx.hid, finding.Bulk{IDs: ids[:1], ActorOrgID: -1}, fx.user); err != nil || n != 1 {
			t.Fatalf("clear actor = %d, %v", n, err)
		}
		if f := mustGet(t, fx, ids[0]); f.ActorOrgID != 0 {
			t.Errorf("actor not cleared: %d", f.ActorOrgID)
		}
	})
}

func mustGet(t *testing.T, fx fixture, id int64) *finding.Finding {
	t.Helper()
	f, err := fx.svc.Get(context.Background(), fx.hid, id, staff)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
