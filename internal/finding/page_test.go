package finding_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestPageAndTally: keyset pages walk every finding the viewer may see
// exactly once, newest first, and the aggregate counts equal the counts of
// the full list, for staff and for a participant who sees only some.
func TestPageAndTally(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		for i := range 7 {
			in := finding.Input{Title: fmt.Sprintf("f%d", i), Severity: []string{"hoog", "laag"}[i%2]}
			if i%3 == 0 {
				in.OrgIDs = []int64{fx.orgA}
			}
			f, _, err := fx.svc.Create(ctx, fx.hid, in, fx.user)
			if err != nil {
				t.Fatal(err)
			}
			if i == 4 {
				if err := fx.svc.SetTriage(ctx, f, finding.Triage{ActorOrgID: fx.orgB}, fx.triage); err != nil {
					t.Fatal(err)
				}
				if err := fx.svc.SetFollowUp(ctx, f, finding.FollowUp{Due: date.Of(fx.svc.Now().AddDate(0, 0, -3))}, fx.triage); err != nil {
					t.Fatal(err)
				}
			}
		}
		participant := finding.Viewer{UserID: fx.user + 1000, Orgs: []int64{fx.orgA}}
		today := date.Of(fx.svc.Now())
		for name, v := range map[string]finding.Viewer{"staff": staff, "participant": participant} {
			all, err := fx.svc.List(ctx, fx.hid, finding.Filter{}, v)
			if err != nil {
				t.Fatal(err)
			}
			var walked []string
			flt := finding.Filter{Limit: 3}
			for pages := 0; ; pages++ {
				p, err := fx.svc.Page(ctx, fx.hid, flt, v)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Findings) > 3 || pages > 5 {
					t.Fatalf("%s: page of %d, %d pages", name, len(p.Findings), pages)
				}
				for _, f := range p.Findings {
					walked = append(walked, f.Key)
				}
				if p.Next == 0 {
					break
				}
				flt.Before = p.Next
			}
			var want []string
			for _, f := range all {
				if !v.CanSee(f) {
					t.Errorf("%s: List returned %s, which the viewer may not see", name, f.Key)
				}
				want = append(want, f.Key)
			}
			if !reflect.DeepEqual(walked, want) {
				t.Errorf("%s: pages walked %v, want %v", name, walked, want)
			}
			if name == "participant" && len(want) != 3 {
				t.Errorf("participant sees %v, want the 3 findings involving Vendor A", want)
			}
			got, err := fx.svc.Tally(ctx, fx.hid, finding.Filter{}, v, today)
			if err != nil {
				t.Fatal(err)
			}
			exp := finding.Count(all, today)
			if name == "staff" && exp.Overdue != 1 {
				t.Errorf("staff: %d overdue, want 1", exp.Overdue)
			}
			if !reflect.DeepEqual(got, exp) {
				t.Errorf("%s: tally %+v, want %+v", name, got, exp)
			}
		}
	})
}
