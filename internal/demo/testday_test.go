package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestDemoTestday: the demo hackathon shows the test itself filled in —
// every participant checked, decided (one at own risk, one no-go) and
// told (2G, 5A, 5B done), final scenarios (2J, 4D), a published layout
// (2S, 4A) and results on both days with a failed step — and a second
// load adds nothing.
func TestDemoTestday(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	hs := hackathon.NewService(db)
	all, _ := hs.ListFor(ctx, 0, true)
	hid := running(all)[0].ID
	svc := testday.NewService(db, nil, nil)
	m, err := svc.Matrix(ctx, hid)
	if err != nil || m.Total < 3 || m.Decided != m.Total || m.Told != m.Total {
		t.Fatalf("snelcheck: %+v %v", m, err)
	}
	ds, _ := svc.Decisions(ctx, hid)
	outcomes := map[testday.Outcome]int{}
	for _, d := range ds {
		outcomes[d.Outcome]++
	}
	if outcomes[testday.OutcomeEigenRisico] != 1 || outcomes[testday.OutcomeNoGo] != 1 {
		t.Errorf("outcomes: %v", outcomes)
	}
	ms, _ := hs.Milestones(ctx, hid)
	done := map[string]bool{}
	for _, ml := range ms {
		done[ml.Code] = ml.Status == hackathon.StatusKlaar
	}
	for _, code := range []string{"2G", "2J", "2S", "3B", "4A", "4D", "5A", "5B"} {
		if !done[code] {
			t.Errorf("milestone %s not done", code)
		}
	}
	rm, err := svc.ResultsMatrix(ctx, hid)
	if err != nil || len(rm.Days) != 2 || len(rm.Scenarios) != 3 {
		t.Fatalf("results matrix: %+v %v", rm, err)
	}
	rs, _ := svc.Results(ctx, hid)
	failed := 0
	for _, r := range rs {
		if r.Outcome == testday.ResultFailed {
			failed++
		}
	}
	if failed == 0 {
		t.Error("no failed step in the demo")
	}
	if shots, _ := svc.Screenshots(ctx, hid); len(shots) == 0 {
		t.Error("no screenshot as evidence in the demo")
	}
	if cur, _ := svc.CurrentScenarios(ctx, hid); len(cur) > 0 {
		if ds, _ := svc.ScenarioDossiers(ctx, hid, cur[0].ID); len(ds) == 0 {
			t.Error("the demo's scenario uses no dossier version")
		}
	}
	var lists int
	db.QueryRow(ctx, "SELECT COUNT(*) FROM testday_checklists WHERE hackathon_id = ?", hid).Scan(&lists)
	if lists != 3 {
		t.Errorf("checklists after two loads: %d", lists)
	}
}
