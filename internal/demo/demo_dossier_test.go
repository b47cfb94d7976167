package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/hackathon"
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
		if err != nil || len(list) != 2 {
			t.Fatalf("%d demo dossiers, %v", len(list), err)
		}
		ps, err := st.Patients(ctx)
		if err != nil || len(ps) != 5 {
			t.Fatalf("%d test patients, %v", len(ps), err)
		}
		for _, p := range ps {
			if p.HackathonID != all[0].ID || p.ServiceID == "" {
				t.Errorf("patient %+v not labelled with its dossier", p)
			}
		}
	})
}
