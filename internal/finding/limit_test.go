package finding_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestListLimit: limit gives the newest findings the viewer may see, also
// when older ones are hidden from them.
func TestListLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		for i, title := range []string{"een", "twee", "drie", "vier", "vijf"} {
			org := fx.orgA
			if i >= 3 {
				org = fx.orgB // the two newest are not orgA's
			}
			if _, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: title, OrgIDs: []int64{org}}, fx.user); err != nil {
				t.Fatal(err)
			}
		}
		a := finding.Viewer{UserID: 999, Orgs: []int64{fx.orgA}}
		for _, tc := range []struct {
			query string
			v     finding.Viewer
			want  []string
		}{
			{"limit=2", staff, []string{"vijf", "vier"}},
			{"limit=2", a, []string{"drie", "twee"}},
			{"limit=0", staff, []string{"vijf", "vier", "drie", "twee", "een"}},
			{"limit=x", a, []string{"drie", "twee", "een"}},
			{"limit=99999", staff, []string{"vijf", "vier", "drie", "twee", "een"}},
		} {
			q, _ := url.ParseQuery(tc.query)
			l, err := fx.svc.List(ctx, fx.hid, finding.ParseFilter(q), tc.v)
			var got []string
			for _, f := range l {
				got = append(got, f.Title)
			}
			if err != nil || len(got) != len(tc.want) {
				t.Errorf("%q as %v: %v (%v), want %v", tc.query, tc.v.Staff, got, err, tc.want)
				continue
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("%q as %v: %v, want %v", tc.query, tc.v.Staff, got, tc.want)
					break
				}
			}
		}
		if f := finding.ParseFilter(url.Values{"limit": {"5000"}}); f.Limit != finding.MaxLimit {
			t.Errorf("limit 5000 parsed as %d", f.Limit)
		}
	})
}

// TestListDetailsPerFinding: the organisations fetched for a whole list at
// once land on the right findings.
func TestListDetailsPerFinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		want := map[string][]int64{"geen": nil, "a": {fx.orgA}, "b": {fx.orgB}, "beide": {fx.orgA, fx.orgB}}
		for title, orgs := range want {
			if _, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: title, OrgIDs: orgs}, fx.user); err != nil {
				t.Fatal(err)
			}
		}
		l, err := fx.svc.List(ctx, fx.hid, finding.Filter{}, staff)
		if err != nil || len(l) != 4 {
			t.Fatalf("%d findings, %v", len(l), err)
		}
		for _, f := range l {
			var got []int64
			for _, o := range f.Orgs {
				got = append(got, o.ID)
			}
			if len(got) != len(want[f.Title]) || (len(got) > 0 && got[0] != want[f.Title][0]) || f.Labels == nil {
				t.Errorf("%s: organisations %v, labels %v; want %v", f.Title, got, f.Labels, want[f.Title])
			}
		}
	})
}
