package testday_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestFinalListCompletes3B: fixing the final list needs a confirmed
// organisation (refused naming the field), applies the snelcheck to every
// confirmed organisation and completes 3B.
func TestFinalListCompletes3B(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.svc.DrawUp(ctx, f.h.ID, f.tech)
		if _, _, err := f.svc.FixFinalList(ctx, f.h.ID, f.lead); !hasField(err, "final_list") {
			t.Fatalf("empty final list: %v", err)
		}
		if f.milestone(t, "3B") == hackathon.StatusKlaar {
			t.Fatal("3B done without a list")
		}
		f.org(t, "GezondApp", "pgo", "a@gezondapp.example", "pgo")
		f.org(t, "Oost DVA", "dva", "a@oost.example", "dva")
		list, mark, err := f.svc.FixFinalList(ctx, f.h.ID, f.lead)
		if err != nil || list.Organisations != 2 || list.FixedBy != "User lead" || !mark.Done || f.milestone(t, "3B") != hackathon.StatusKlaar {
			t.Fatalf("final list: %+v %+v %v", list, mark, err)
		}
		if parts, _ := f.svc.Participants(ctx, f.h.ID); len(parts) != 2 {
			t.Fatalf("snelcheck applied to %d", len(parts))
		}
	})
}

// TestDecisionChangeReopens5B: once everyone is told (5B done), changing a
// participant's decision sets 5B back to open — it must be told again —
// and telling it completes 5B again.
func TestDecisionChangeReopens5B(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pgo, _, _, _ := scheduled(t, f, "")
		if nr, err := f.svc.Notify(ctx, f.h.ID, nil, "https://k.example", f.rel); err != nil || f.milestone(t, "5B") != hackathon.StatusKlaar {
			t.Fatalf("notify: %+v %v", nr, err)
		}
		same, err := f.svc.Decide(ctx, f.h.ID, pgo, "go", "nog steeds klaar", f.test)
		if err != nil || same.Reopened != nil || f.milestone(t, "5B") != hackathon.StatusKlaar {
			t.Fatalf("same decision again reopened 5B: %+v %v", same.Reopened, err)
		}
		res, err := f.svc.Decide(ctx, f.h.ID, pgo, "eigen_risico", "TLS-certificaat verloopt", f.test)
		if err != nil || res.Reopened == nil || f.milestone(t, "5B") != hackathon.StatusOpen || res.Decision.Told() {
			t.Fatalf("changed decision: %+v %v (5B %s)", res.Reopened, err, f.milestone(t, "5B"))
		}
		if nr, err := f.svc.Notify(ctx, f.h.ID, []int64{pgo}, "https://k.example", f.rel); err != nil || nr.Milestone == nil || !nr.Milestone.Done || f.milestone(t, "5B") != hackathon.StatusKlaar {
			t.Fatalf("told again: %+v %v", nr, err)
		}
	})
}

// TestExtraDay: an extra day has its own rounds and results; re-running
// the snelcheck for it (refused for day 1) records the run, and once the
// day has pairs, a final scenario and the run, 7A is done; when every step
// of the extra day has a result, 8A is done. Day 1's results do not count.
func TestExtraDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, _, day1, day2 := scheduled(t, f, "")
		if _, err := f.svc.RerunForDay(ctx, f.h.ID, 1, f.tech); !hasField(err, "day_number") {
			t.Fatalf("re-run for day 1: %v", err)
		}
		r, err := f.svc.RerunForDay(ctx, f.h.ID, 2, f.tech)
		if err != nil || r.Milestone == nil || r.Milestone.Done || !strings.Contains(r.Milestone.Reason, "no final scenario") || f.milestone(t, "7A") == hackathon.StatusKlaar {
			t.Fatalf("re-run without a final scenario: %+v %v", r.Milestone, err)
		}
		sc, _ := f.svc.CreateFromTemplate(ctx, f.h.ID, "functional", "48@STU3", f.test)
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		fin, _ := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test)
		r, err = f.svc.RerunForDay(ctx, f.h.ID, 2, f.tech)
		if err != nil || !r.Milestone.Done || f.milestone(t, "7A") != hackathon.StatusKlaar {
			t.Fatalf("prepared extra day: %+v %v", r.Milestone, err)
		}
		if runs, _ := f.svc.DayRuns(ctx, f.h.ID); runs[2].RanBy != "User tech" || runs[2].Passed+runs[2].Failed == 0 {
			t.Fatalf("day runs: %+v", runs)
		}
		for _, st := range fin.Scenario.Steps {
			if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day1.ID, StepID: st.ID, Outcome: "geslaagd"}, f.users["pgo"]); err != nil {
				t.Fatal(err)
			}
		}
		if f.milestone(t, "8A") == hackathon.StatusKlaar {
			t.Fatal("8A done by day 1's results")
		}
		for i, st := range fin.Scenario.Steps {
			if f.milestone(t, "8A") == hackathon.StatusKlaar {
				t.Fatalf("8A done after %d of %d steps", i, len(fin.Scenario.Steps))
			}
			if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day2.ID, StepID: st.ID, Outcome: "deels"}, f.users["dva"]); err != nil {
				t.Fatal(err)
			}
		}
		if f.milestone(t, "8A") != hackathon.StatusKlaar {
			t.Fatal("8A not done after every step of day 2")
		}
	})
}
