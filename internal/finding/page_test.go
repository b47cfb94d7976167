package finding_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
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

// TestSearchPagesAcrossTheWindow: a search page finds matches among the
// newest findings and further back (on PostgreSQL the first 2,000 numbers
// below the cursor are walked, older ones found through the index), in
// title, description or a comment, newest first, each once, and pages on.
func TestSearchPagesAcrossTheWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		const n = 2600
		match := map[int]string{1: "title", 5: "description", 7: "comment", 520: "title", 2400: "description", 2599: "comment", 2600: "title"}
		now := fx.svc.Now()
		for lo := 1; lo <= n; lo += 400 {
			var q strings.Builder
			q.WriteString("INSERT INTO findings (hackathon_id, number, title, description, logged_by, visibility, created_at, updated_at) VALUES ")
			var args []any
			for i := lo; i < lo+400 && i <= n; i++ {
				if i > lo {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, 'all', ?, ?)")
				title, desc := fmt.Sprintf("Bevinding %d", i), "Lege bundel"
				switch match[i] {
				case "title":
					title += " klompvoet"
				case "description":
					desc += " klompvoeten"
				}
				args = append(args, fx.hid, i, title, desc, fx.user, now, now)
			}
			if _, err := db.Exec(ctx, q.String(), args...); err != nil {
				t.Fatal(err)
			}
		}
		for i, where := range match {
			if where != "comment" {
				continue
			}
			var id int64
			if err := db.QueryRow(ctx, "SELECT id FROM findings WHERE hackathon_id = ? AND number = ?", fx.hid, i).Scan(&id); err != nil {
				t.Fatal(err)
			}
			f, err := fx.svc.Get(ctx, fx.hid, id, staff)
			if err != nil {
				t.Fatal(err)
			}
			if err := fx.svc.AddComment(ctx, f, "Zie ook de klompvoet", fx.user); err != nil {
				t.Fatal(err)
			}
		}
		for _, v := range []finding.Viewer{staff, {UserID: fx.user}} {
			var got []int
			flt := finding.Filter{Q: "klompvoet", Limit: 2}
			for pages := 0; pages < 10; pages++ {
				p, err := fx.svc.Page(ctx, fx.hid, flt, v)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range p.Findings {
					got = append(got, f.Number)
				}
				if p.Next == 0 {
					break
				}
				flt.Before = p.Next
			}
			if want := []int{2600, 2599, 2400, 520, 7, 5, 1}; !reflect.DeepEqual(got, want) {
				t.Errorf("viewer %+v: pages gave %v, want %v", v, got, want)
			}
			// A word in every finding fills the page from the newest.
			p, err := fx.svc.Page(ctx, fx.hid, finding.Filter{Q: "bundel", Limit: 3}, v)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Findings) != 3 || p.Findings[0].Number != n || p.Next != n-2 {
				t.Errorf("frequent word: %d findings from %d, next %d", len(p.Findings), p.Findings[0].Number, p.Next)
			}
		}
	})
}
