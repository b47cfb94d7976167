package testday_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// scheduled sets up a PGO and a DVA with a go and one round on each day,
// paired, and returns the pairs of day 1 and day 2.
func scheduled(t *testing.T, f *fixture, endpoint string) (pgo, dva int64, day1, day2 testday.ScheduledPair) {
	t.Helper()
	ctx := context.Background()
	f.svc.DrawUp(ctx, f.h.ID, f.tech)
	pgo = f.org(t, "GezondApp", "pgo", "a@gezondapp.example", "pgo")
	dva = f.org(t, "Oost DVA", "dva", "a@oost.example", "dva")
	for _, org := range []int64{pgo, dva} {
		ep := ""
		if org == dva {
			ep = endpoint
		}
		if _, err := f.svc.Apply(ctx, f.h.ID, org, testday.ParticipantInput{Endpoint: ep, Services: []string{"48@STU3"}}, f.tech); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(ctx, f.h.ID, org, "go", "klaar", f.test); err != nil {
			t.Fatal(err)
		}
	}
	r1, err := f.svc.AddRound(ctx, f.h.ID, testday.RoundInput{Day: 1, Start: "10:00", End: "11:00"}, f.test)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := f.svc.AddRound(ctx, f.h.ID, testday.RoundInput{Day: 2, Start: "10:00", End: "11:00"}, f.test)
	for _, r := range []*testday.Round{r1, r2} {
		if _, err := f.svc.AddPair(ctx, f.h.ID, testday.PairInput{RoundID: r.ID, PGO: pgo, DVA: dva}, f.test); err != nil {
			t.Fatal(err)
		}
	}
	pairs, _ := f.svc.Pairs(ctx, f.h.ID)
	return pgo, dva, pairs[0], pairs[1]
}

// TestScenarioLifecycle: a scenario from the blueprint's template goes
// concept → reviewed (needs reviewers; 2J) → final (4D); a final scenario
// is not edited (naming the field, nothing changed) but gets a new version.
func TestScenarioLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.CreateScenario(ctx, f.h.ID, testday.ScenarioInput{Title: "x", Service: "48@R4", Steps: []testday.Step{{ActingRole: "pgo", Action: "a", Expected: "b"}}}, f.test); !hasField(err, "service") {
			t.Fatalf("service across FHIR versions: %v", err)
		}
		sc, err := f.svc.CreateFromTemplate(ctx, f.h.ID, "two_hospitals", "48@STU3", f.test)
		if err != nil || sc.Status != testday.ScenarioConcept || len(sc.Steps) != 4 {
			t.Fatalf("template: %+v %v", sc, err)
		}
		if _, err := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test); !hasField(err, "status") {
			t.Fatalf("concept → final: %v", err)
		}
		if _, err := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, " ", f.test); !hasField(err, "reviewers") {
			t.Fatalf("reviewed without reviewers: %v", err)
		}
		m, err := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		if err != nil || m.Milestone == nil || !m.Milestone.Done || f.milestone(t, "2J") != hackathon.StatusKlaar {
			t.Fatalf("reviewed: %+v %v", m.Milestone, err)
		}
		if f.milestone(t, "4D") == hackathon.StatusKlaar {
			t.Fatal("4D before final")
		}
		if m, err = f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test); err != nil || f.milestone(t, "4D") != hackathon.StatusKlaar {
			t.Fatalf("final: %+v %v", m.Milestone, err)
		}
		in := testday.ScenarioInput{Title: "Gewijzigd", Service: "48@STU3", Steps: sc.Steps}
		if _, err := f.svc.UpdateScenario(ctx, f.h.ID, sc.ID, in, f.test); !hasField(err, "status") {
			t.Fatalf("edit after final: %v", err)
		}
		if got, _ := f.svc.Scenario(ctx, f.h.ID, sc.ID); got.Title != sc.Title || got.Status != testday.ScenarioFinal {
			t.Fatalf("final scenario changed: %+v", got)
		}
		v2, err := f.svc.NewVersion(ctx, f.h.ID, sc.ID, f.test)
		if err != nil || v2.Version != 2 || v2.Status != testday.ScenarioConcept || len(v2.Steps) != 4 {
			t.Fatalf("new version: %+v %v", v2, err)
		}
		cur, _ := f.svc.CurrentScenarios(ctx, f.h.ID)
		if len(cur) != 1 || cur[0].ID != v2.ID {
			t.Fatalf("current: %+v", cur)
		}
	})
}

// TestResultsMatrix: a result for a pair that was not scheduled or a step
// of another service is refused; results are recorded and reviewed; an
// automated step is filled from a reference PGO run against the DVA in
// the round; the matrix shows day 1 beside day 2 with progress per role,
// and the CSV export has a row per result.
func TestResultsMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, _, day1, day2 := scheduled(t, f, "https://dva.oost.example/fhir")
		sc, _ := f.svc.CreateFromTemplate(ctx, f.h.ID, "two_hospitals", "48@STU3", f.test)
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		sc2, _ := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test)
		steps := sc2.Scenario.Steps
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: 999999, StepID: steps[2].ID, Outcome: "geslaagd"}, f.users["pgo"]); !hasField(err, "pair_id") {
			t.Fatalf("unscheduled pair: %v", err)
		}
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day1.ID, StepID: steps[2].ID, Outcome: "prima"}, f.users["pgo"]); !hasField(err, "outcome") {
			t.Fatalf("unknown outcome: %v", err)
		}
		r, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day1.ID, StepID: steps[2].ID, Outcome: "gefaald", Note: "B overschrijft A", EvidenceURL: "https://example.org/shot.png"}, f.users["pgo"])
		if err != nil || r.RecordedBy != "User pgo" || r.Source != "manual" {
			t.Fatalf("record: %+v %v", r, err)
		}
		if r, err = f.svc.ReviewResult(ctx, f.h.ID, r.ID, "disputed", f.test); err != nil || r.Review != "disputed" || r.ReviewedBy != "User test" {
			t.Fatalf("review: %+v %v", r, err)
		}
		// A reference PGO run against the DVA during round 1 fills the automated steps.
		at := day1.Round.StartsAt.Add(10 * time.Minute)
		if _, err := db.Exec(ctx, `INSERT INTO pgo_runs (hackathon_id, target, service_id, authorize_url, token_url, fhir_base, client_id, redirect_uri, scope, state_hash, binding_hash, correlation_id, status, searches, failed_checks, created_at)
			VALUES (?, 'external', '48', 'a', 't', 'https://dva.oost.example/fhir', 'c', 'r', 's', 'sh1', 'bh', 'corr', 'passed', 28, 0, ?)`, f.h.ID, at); err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.AutoFill(ctx, f.h.ID, f.test)
		if err != nil || n != 2 {
			t.Fatalf("auto fill: %d %v", n, err)
		}
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day2.ID, StepID: steps[0].ID, Outcome: "geslaagd"}, f.users["dva"]); err != nil {
			t.Fatal(err)
		}
		m, err := f.svc.ResultsMatrix(ctx, f.h.ID)
		if err != nil || len(m.Days) != 2 || len(m.Scenarios) != 1 {
			t.Fatalf("matrix: %+v %v", m, err)
		}
		d1 := m.Days[0]
		if d1.Day != 1 || d1.Progress["pgo"] != 75 || d1.Rows[0].Cells[0].Status() != "failed" {
			t.Fatalf("day 1: %+v", d1)
		}
		if d2 := m.Days[1]; d2.Progress["dva"] != 25 {
			t.Fatalf("day 2: %+v", d2)
		}
		var buf bytes.Buffer
		if err := f.svc.WriteResultsCSV(ctx, f.h.ID, &buf); err != nil {
			t.Fatal(err)
		}
		if lines := strings.Count(buf.String(), "\n"); lines != 5 || !strings.Contains(buf.String(), "auto") {
			t.Fatalf("csv (%d lines):\n%s", lines, buf.String())
		}
	})
}
