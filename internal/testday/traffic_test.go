package testday_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// exchange records one sandbox exchange of a client, as the sandbox does.
func exchange(t *testing.T, db *store.DB, client string, at time.Time, method, path string, status int, headers http.Header) int64 {
	t.Helper()
	h, _ := json.Marshal(headers)
	id, err := db.Insert(context.Background(), `INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us, request_headers)
		VALUES (?, ?, ?, ?, ?, 1000, ?)`, at, client, method, path, status, string(h))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func sandboxClient(t *testing.T, f *fixture, client string, org int64) {
	t.Helper()
	if _, err := f.db.Exec(context.Background(), `INSERT INTO sandbox_clients (client_id, name, redirect_uris, hackathon_id, organisation_id, created_at)
		VALUES (?, ?, 'https://app.example/cb', ?, ?, ?)`, client, client, f.h.ID, org, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func medmij() http.Header {
	h := http.Header{}
	h.Set("MedMij-Request-ID", "8c3f2a4e-2b1d-4c55-9a77-3e0b6f1d2c10")
	h.Set("X-Correlation-ID", "corr-1")
	return h
}

// TestAutoFillFromSandboxTraffic: the PGO's own exchanges on the sandbox
// within its round fill its automated steps — the OAuth step from its
// token requests, the search step from its searches (one failed search
// makes it gefaald) — with the exchange records as evidence; traffic
// outside the round, or of another organisation's client, does not count;
// a result entered by hand is left alone.
func TestAutoFillFromSandboxTraffic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pgo, dva, day1, day2 := scheduled(t, f, "")
		sc, _ := f.svc.CreateFromTemplate(ctx, f.h.ID, "technical", "48@STU3", f.test)
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		fin, err := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test)
		if err != nil {
			t.Fatal(err)
		}
		oauthStep, searchStep := fin.Scenario.Steps[0], fin.Scenario.Steps[1]
		sandboxClient(t, f, "gezondapp", pgo)
		sandboxClient(t, f, "oost-intern", dva)
		in := day1.Round.StartsAt.Add(5 * time.Minute)
		tok := exchange(t, db, "gezondapp", in, "POST", "/oauth/token", 200, medmij())
		ok1 := exchange(t, db, "gezondapp", in.Add(time.Minute), "GET", "/fhir/48/Patient", 200, medmij())
		bad := exchange(t, db, "gezondapp", in.Add(2*time.Minute), "GET", "/fhir/48/AllergyIntolerance?patient=1", 500, medmij())
		exchange(t, db, "gezondapp", day1.Round.EndsAt.Add(time.Minute), "GET", "/fhir/48/Condition", 500, medmij()) // after the round
		exchange(t, db, "oost-intern", in, "GET", "/fhir/48/Condition", 500, medmij())                               // another organisation
		// Day 2: a good search only; the OAuth step there is entered by hand first.
		ok2 := exchange(t, db, "gezondapp", day2.Round.StartsAt.Add(time.Minute), "GET", "/fhir/48/Patient", 200, medmij())
		exchange(t, db, "gezondapp", day2.Round.StartsAt.Add(2*time.Minute), "POST", "/oauth/token", 400, medmij())
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day2.ID, StepID: oauthStep.ID, Outcome: "geslaagd", Note: "met de hand"}, f.users["pgo"]); err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.AutoFill(ctx, f.h.ID, f.test)
		if err != nil || n != 3 {
			t.Fatalf("auto fill wrote %d (want 3): %v", n, err)
		}
		rs, _ := f.svc.Results(ctx, f.h.ID)
		got := map[[2]int64]testday.Result{}
		for _, r := range rs {
			got[[2]int64{r.PairID, r.StepID}] = r
		}
		if r := got[[2]int64{day1.ID, oauthStep.ID}]; r.Outcome != testday.ResultPassed || r.Source != "auto" || !slices.Equal(r.Traffic, []int64{tok}) {
			t.Fatalf("day 1 OAuth step: %+v", r)
		}
		if r := got[[2]int64{day1.ID, searchStep.ID}]; r.Outcome != testday.ResultFailed || !slices.Equal(r.Traffic, []int64{bad, ok1}) || !strings.Contains(r.Note, "1 failed") {
			t.Fatalf("day 1 search step (failed search first as evidence): %+v", r)
		}
		if r := got[[2]int64{day2.ID, searchStep.ID}]; r.Outcome != testday.ResultPassed || !slices.Equal(r.Traffic, []int64{ok2}) {
			t.Fatalf("day 2 search step: %+v", r)
		}
		if r := got[[2]int64{day2.ID, oauthStep.ID}]; r.Outcome != testday.ResultPassed || r.Source != "manual" || r.Note != "met de hand" {
			t.Fatalf("day 2 OAuth step entered by hand was overwritten: %+v", r)
		}
	})
}

// TestSnelcheckSandboxMedMijHeaders: the PGO's automated snelcheck item
// passes only when its traffic has a token request and a search, both
// answered 2xx and carrying MedMij-Request-ID; the detail says what lacks.
func TestSnelcheckSandboxMedMijHeaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.DrawUp(ctx, f.h.ID, f.tech); err != nil {
			t.Fatal(err)
		}
		pgo := f.org(t, "GezondApp", "pgo", "a@gezondapp.example", "pgo")
		if _, err := f.svc.Apply(ctx, f.h.ID, pgo, testday.ParticipantInput{Services: []string{"48@STU3"}}, f.tech); err != nil {
			t.Fatal(err)
		}
		sandboxCheck := func() testday.AutoResult {
			t.Helper()
			out, err := f.svc.RunAutomated(ctx, f.h.ID, []int64{pgo}, f.tech)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range out {
				if r.Check == testday.AutoSandbox {
					return r
				}
			}
			t.Fatalf("no sandbox item in %+v", out)
			return testday.AutoResult{}
		}
		sandboxClient(t, f, "gezondapp", pgo)
		now := time.Now()
		exchange(t, db, "gezondapp", now, "POST", "/oauth/token", 200, medmij())
		exchange(t, db, "gezondapp", now, "GET", "/fhir/48/Patient", 200, http.Header{"Accept": {"application/fhir+json"}}) // no MedMij headers
		if r := sandboxCheck(); r.Pass || !strings.Contains(r.Detail, "without MedMij-Request-ID: 0 token requests, 1 searches") {
			t.Fatalf("search without MedMij headers passed: %+v", r)
		}
		exchange(t, db, "gezondapp", now, "GET", "/fhir/48/Patient", 200, medmij())
		if r := sandboxCheck(); !r.Pass || !strings.Contains(r.Detail, "1 token requests, 1 searches") {
			t.Fatalf("token and search with MedMij headers: %+v", r)
		}
	})
}
