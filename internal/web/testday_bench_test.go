package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
	"github.com/ketentest/ketentest/internal/web"
)

// resultsPageFixture builds the results matrix of the size: 100
// participants (30 PGOs, 70 DVAs) with a go, 30 final scenarios of 4
// steps, 8 rounds over two days with generated pairs and a result for
// every step of every pair of day 1 (14,400 results). It returns the
// handler, the page's path and a token of a user who may see it.
func resultsPageFixture(b *testing.B, db *store.DB) (http.Handler, string, string, int64) {
	ctx := context.Background()
	srv := web.New(app.New(db, app.Options{DataDir: b.TempDir()}), web.Options{Version: "bench"})
	srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := srv.Accounts.Create(ctx, account.NewUser{Email: "lead@example.org", Name: "Lead", Password: "long enough pw", CanCreateHackathon: true})
	if err != nil {
		b.Fatal(err)
	}
	_, token, _ := srv.Accounts.CreateToken(ctx, u.ID, "bench", 0)
	h, err := srv.Hackathons.Create(ctx, hackathon.Input{Code: "MATRIX", Name: "Matrix", Variant: "technisch", Kickoff: date.New(2027, 1, 10),
		Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10)}, Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := srv.Hackathons.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, u.ID); err != nil {
		b.Fatal(err)
	}
	svc := srv.App.Testday
	if _, err := svc.DrawUp(ctx, h.ID, u.ID); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for i := 0; i < 100; i++ {
		role := "dva"
		if i < 30 {
			role = "pgo"
		}
		org, err := srv.Hackathons.CreateOrganisation(ctx, fmt.Sprintf("Deelnemer %03d", i), role)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, ?, ?, 'Contact', ?, 'nl', 'confirmed', ?, ?, ?)`, h.ID, org, role, fmt.Sprintf("d%d@x.example", i), fmt.Sprintf("hash-%d", i), now, now); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Apply(ctx, h.ID, org, testday.ParticipantInput{Services: []string{"48@STU3"}}, u.ID); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(ctx, "INSERT INTO testday_decisions (hackathon_id, organisation_id, outcome, reason, decided_at) VALUES (?, ?, 'go', 'ok', ?)", h.ID, org, now); err != nil {
			b.Fatal(err)
		}
	}
	for d := 1; d <= 2; d++ {
		for r := 0; r < 4; r++ {
			if _, err := svc.AddRound(ctx, h.ID, testday.RoundInput{Day: d, Start: fmt.Sprintf("%02d:00", 9+r), End: fmt.Sprintf("%02d:00", 10+r)}, u.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := svc.Generate(ctx, h.ID, 0, u.ID); err != nil {
		b.Fatal(err)
	}
	var steps []int64
	for i := 0; i < 30; i++ {
		sc, err := svc.CreateScenario(ctx, h.ID, testday.ScenarioInput{Title: fmt.Sprintf("Scenario %02d", i), Service: "48@STU3",
			Steps: []testday.Step{{ActingRole: "pgo", Action: "a", Expected: "b"}, {ActingRole: "pgo", Action: "c", Expected: "d"},
				{ActingRole: "dva", Action: "e", Expected: "f"}, {ActingRole: "pgo", Action: "g", Expected: "h", Check: "auto"}}}, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		for _, st := range sc.Steps {
			steps = append(steps, st.ID)
		}
	}
	if _, err := db.Exec(ctx, "UPDATE testday_scenarios SET status = 'final' WHERE hackathon_id = ?", h.ID); err != nil {
		b.Fatal(err)
	}
	pairs, err := svc.Pairs(ctx, h.ID)
	if err != nil {
		b.Fatal(err)
	}
	outcomes := testday.ResultOutcomes()
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range pairs {
			if p.Round.Day != 1 {
				continue
			}
			for i, st := range steps {
				if _, err := tx.Exec(ctx, "INSERT INTO testday_results (hackathon_id, pair_id, step_id, outcome, recorded_at) VALUES (?, ?, ?, ?, ?)",
					h.ID, p.ID, st, outcomes[i%len(outcomes)], now); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return srv.Handler(), fmt.Sprintf("/hackathons/%d/results", h.ID), token, h.ID
}

// limitQueries are the data queries the results page runs, as plain SQL:
// scenarios and their steps, the participants, the pairs with their
// rounds and names, and the results' pair, step and outcome.
var limitQueries = []string{
	`SELECT id, title, service, variant, description, dossiers, patients, status, reviewers, version, COALESCE(previous_id, 0), shared_at, updated_at
		FROM testday_scenarios WHERE hackathon_id = ? ORDER BY id`,
	`SELECT t.scenario_id, t.id, t.position, t.acting_role, t.action, t.expected, t.check_kind FROM testday_steps t
		JOIN testday_scenarios sc ON sc.id = t.scenario_id WHERE sc.hackathon_id = ? ORDER BY t.scenario_id, t.position`,
	`SELECT p.id, r.id, r.day_number, r.starts_at, r.ends_at, r.label, p.pgo_org_id, op.name, p.dva_org_id, od.name, p.service, p.table_no
		FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id JOIN organisations op ON op.id = p.pgo_org_id JOIN organisations od ON od.id = p.dva_org_id
		WHERE p.hackathon_id = ? ORDER BY r.day_number, r.starts_at, r.id, p.table_no, p.id`,
	`SELECT p.organisation_id, o.name, p.chain_role, p.endpoint, p.services, p.dva_org_id, p.applied_at
		FROM testday_participants p JOIN organisations o ON o.id = p.organisation_id WHERE p.hackathon_id = ? ORDER BY LOWER(o.name), o.id`,
	`SELECT pair_id, step_id, outcome FROM testday_results WHERE hackathon_id = ?`,
}

// limitRun runs the page's data queries once each, reading every row into
// plain values.
func limitRun(ctx context.Context, db *store.DB, hid int64) (int, error) {
	rows := 0
	for _, q := range limitQueries {
		rs, err := db.Query(ctx, q, hid)
		if err != nil {
			return 0, err
		}
		cols, _ := rs.Columns()
		dest := make([]any, len(cols))
		for j := range dest {
			dest[j] = new(any)
		}
		for rs.Next() {
			if err := rs.Scan(dest...); err != nil {
				rs.Close()
				return 0, err
			}
			rows++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return 0, err
		}
	}
	return rows, nil
}

func benchResultsPage(b *testing.B, db *store.DB) {
	handler, path, token, hid := resultsPageFixture(b, db)
	ctx := context.Background()
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}
	if rec := get(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "results-day-2") || !strings.Contains(rec.Body.String(), "Deelnemer 099") {
		b.Fatalf("page: %d", rec.Code)
	}
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if rec := get(); rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
	b.Run("limit", func(b *testing.B) {
		n := 0
		for b.Loop() {
			var err error
			if n, err = limitRun(ctx, db, hid); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "rows/op")
	})
}

// BenchmarkResultsMatrixPage100x30: the whole results-matrix page (guard,
// token, hackathon, matrix, template) for 100 participants × 30 scenarios
// over two days, beside the limit program (the same data queries as plain
// SQL, rows scanned and thrown away), on SQLite and — with
// KETENTEST_TEST_POSTGRES — PostgreSQL, in one run:
//
//	KETENTEST_TEST_POSTGRES=postgres://... go test ./internal/web/ -run '^$' -bench ResultsMatrixPage -benchtime 20x
func BenchmarkResultsMatrixPage100x30(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchResultsPage(b, storetest.SQLite(b)) })
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) { benchResultsPage(b, storetest.Postgres(b)) })
	}
}
