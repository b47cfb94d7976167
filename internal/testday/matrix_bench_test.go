package testday_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// matrixFixture: 100 participants (30 PGOs, 70 DVAs) with a go, 30 final
// scenarios of 4 steps, 8 rounds over two days with generated pairs, and
// a result for every step of every pair of day 1 (about 14,000 results).
func matrixFixture(b *testing.B, db *store.DB) (*fixture, int) {
	f := newFixture(b, db)
	ctx := context.Background()
	f.svc.DrawUp(ctx, f.h.ID, f.tech)
	var orgs []int64
	for i := 0; i < 100; i++ {
		role := "dva"
		if i < 30 {
			role = "pgo"
		}
		org := f.org(b, fmt.Sprintf("Deelnemer %03d", i), role, fmt.Sprintf("d%d@x.example", i), "")
		if _, err := f.svc.Apply(ctx, f.h.ID, org, testday.ParticipantInput{Services: []string{"48@STU3"}}, f.tech); err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, org)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, org := range orgs {
			if _, err := tx.Exec(ctx, "INSERT INTO testday_decisions (hackathon_id, organisation_id, outcome, reason, decided_at) VALUES (?, ?, 'go', 'ok', CURRENT_TIMESTAMP)", f.h.ID, org); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	for d := 1; d <= 2; d++ {
		for r := 0; r < 4; r++ {
			if _, err := f.svc.AddRound(ctx, f.h.ID, testday.RoundInput{Day: d, Start: fmt.Sprintf("%02d:00", 9+r), End: fmt.Sprintf("%02d:00", 10+r)}, f.test); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := f.svc.Generate(ctx, f.h.ID, 0, f.test); err != nil {
		b.Fatal(err)
	}
	var steps []int64
	for i := 0; i < 30; i++ {
		sc, err := f.svc.CreateScenario(ctx, f.h.ID, testday.ScenarioInput{Title: fmt.Sprintf("Scenario %02d", i), Service: "48@STU3",
			Steps: []testday.Step{{ActingRole: "pgo", Action: "a", Expected: "b"}, {ActingRole: "pgo", Action: "c", Expected: "d"},
				{ActingRole: "dva", Action: "e", Expected: "f"}, {ActingRole: "pgo", Action: "g", Expected: "h", Check: "auto"}}}, f.test)
		if err != nil {
			b.Fatal(err)
		}
		for _, st := range sc.Steps {
			steps = append(steps, st.ID)
		}
	}
	if _, err := db.Exec(ctx, "UPDATE testday_scenarios SET status = 'final' WHERE hackathon_id = ?", f.h.ID); err != nil {
		b.Fatal(err)
	}
	pairs, _ := f.svc.Pairs(ctx, f.h.ID)
	n := 0
	outcomes := testday.ResultOutcomes()
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range pairs {
			if p.Round.Day != 1 {
				continue
			}
			for i, st := range steps {
				if _, err := tx.Exec(ctx, "INSERT INTO testday_results (hackathon_id, pair_id, step_id, outcome, recorded_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
					f.h.ID, p.ID, st, outcomes[i%len(outcomes)]); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return f, n
}

func benchMatrix(b *testing.B, db *store.DB) {
	f, n := matrixFixture(b, db)
	ctx := context.Background()
	b.ReportMetric(float64(n), "results")
	b.ResetTimer()
	for b.Loop() {
		m, err := f.svc.ResultsMatrix(ctx, f.h.ID)
		if err != nil || len(m.Days) != 2 || len(m.Scenarios) != 30 || len(m.Days[0].Rows) != 100 {
			b.Fatalf("matrix: %v", err)
		}
	}
}

// BenchmarkResultsMatrix100x30: the results matrix of 100 participants ×
// 30 scenarios over two days, on SQLite and (with KETENTEST_TEST_POSTGRES)
// PostgreSQL.
func BenchmarkResultsMatrix100x30(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchMatrix(b, storetest.SQLite(b)) })
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) { benchMatrix(b, storetest.Postgres(b)) })
	}
}
