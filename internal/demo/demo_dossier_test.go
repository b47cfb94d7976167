package demo_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDemoHasTestPatients: the demo hackathon comes with the synthetic BgZ
// and vaccination dossiers, so the reference DVA has patients at once.
func TestDemoHasTestPatients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, time.Now()); err != nil {
			t.Fatal(err)
		}
		all, _ := hackathon.NewService(db).ListFor(ctx, 0, true)
		all = running(all)
		st := dossier.NewStore(db)
		list, err := st.ListFor(ctx, all[0].ID)
		if err != nil || len(list) != 4 { // BgZ, vaccinations and the two hospitals' copies of the BgZ
			t.Fatalf("%d demo dossiers, %v", len(list), err)
		}
		ps, err := st.Patients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hospitals, _ := sandbox.HackathonProviders(ctx, db, all[0].ID)
		root := 0 // the root DVA's patients: not in a hospital's dossier
		for _, p := range ps {
			if !slices.ContainsFunc(hospitals, func(h sandbox.HackathonProvider) bool {
				return strings.HasPrefix(p.Key, strconv.FormatInt(h.DossierID, 10)+":")
			}) {
				root++
			}
		}
		if len(hospitals) != 2 || root != 5 {
			t.Fatalf("%d test patients outside %d hospitals", root, len(hospitals))
		}
		for _, p := range ps {
			if p.HackathonID != all[0].ID || p.ServiceID == "" {
				t.Errorf("patient %+v not labelled with its dossier", p)
			}
		}
	})
}
