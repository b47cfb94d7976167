package testday_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestRoundsPairsAndLayout: overlapping rounds are refused naming the
// field; the generator pairs the PGOs and DVAs that test over the rounds
// of both days (the no-go DVA is left out, a care provider follows its
// DVA), each day on its own so day 2 tests again; a pair across FHIR
// versions and a double booking are refused by hand; publishing the layout completes 2S and 4A; the .ics has one timed
// event per round of the organisation.
func TestRoundsPairsAndLayout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.DrawUp(ctx, f.h.ID, f.tech); err != nil {
			t.Fatal(err)
		}
		pgoA := f.org(t, "GezondApp", "pgo", "a@gezondapp.example", "pgo")
		pgoB := f.org(t, "VaccApp", "pgo", "b@vaccapp.example", "")
		dvaA := f.org(t, "Oost DVA", "dva", "a@oost.example", "dva")
		dvaB := f.org(t, "West DVA", "dva", "b@west.example", "")
		dvaC := f.org(t, "Wankel DVA", "dva", "c@wankel.example", "")
		zorg := f.org(t, "Ziekenhuis Oost", "zorgaanbieder", "z@oost.example", "zorg")
		stu3, r4 := []string{"48@STU3"}, []string{"63@R4"}
		for org, svc := range map[int64][]string{pgoA: stu3, pgoB: r4, dvaA: stu3, dvaB: stu3, dvaC: stu3} {
			if _, err := f.svc.Apply(ctx, f.h.ID, org, testday.ParticipantInput{Services: svc}, f.tech); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.Apply(ctx, f.h.ID, zorg, testday.ParticipantInput{Services: stu3, DVAOrgID: dvaA}, f.tech); err != nil {
			t.Fatal(err)
		}
		for org, out := range map[int64]string{pgoA: "go", pgoB: "eigen_risico", dvaA: "go", dvaB: "go", dvaC: "no_go", zorg: "go"} {
			if _, err := f.svc.Decide(ctx, f.h.ID, org, out, "besluit", f.test); err != nil {
				t.Fatal(err)
			}
		}
		ws, _ := f.svc.Warnings(ctx, f.h.ID)
		if !hasWarning(ws, "pgo_without_dva", "pgo") {
			t.Errorf("the R4 PGO has no DVA: %+v", ws)
		}
		if _, err := f.svc.Generate(ctx, f.h.ID, 0, f.test); !hasField(err, "rounds") {
			t.Fatalf("generate without rounds: %v", err)
		}
		for _, in := range []testday.RoundInput{{Day: 1, Start: "10:00", End: "11:00"}, {Day: 1, Start: "11:00", End: "12:00"}, {Day: 2, Start: "10:00", End: "11:00"}} {
			if _, err := f.svc.AddRound(ctx, f.h.ID, in, f.test); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.AddRound(ctx, f.h.ID, testday.RoundInput{Day: 1, Start: "10:30", End: "11:30"}, f.test); !hasField(err, "start") || !strings.Contains(err.Error(), "overlaps") {
			t.Fatalf("overlapping round: %v", err)
		}
		if _, err := f.svc.AddRound(ctx, f.h.ID, testday.RoundInput{Day: 3, Start: "10:00", End: "11:00"}, f.test); !hasField(err, "day_number") {
			t.Fatalf("day 3 of 2: %v", err)
		}
		rounds, _ := f.svc.Rounds(ctx, f.h.ID)
		if len(rounds) != 3 {
			t.Fatalf("rounds: %d", len(rounds))
		}
		res, err := f.svc.Generate(ctx, f.h.ID, 0, f.test)
		if err != nil || res.Pairs != 3 {
			t.Fatalf("generate: %+v %v", res, err)
		}
		pairs, _ := f.svc.Pairs(ctx, f.h.ID)
		for _, p := range pairs {
			if p.DVA == dvaC || p.PGO == pgoB {
				t.Fatalf("pair with the no-go DVA or the R4 PGO: %+v", p)
			}
			if p.DVA == dvaA && (len(p.CareProviders) != 1 || p.CareProviders[0] != "Ziekenhuis Oost") {
				t.Fatalf("care provider not with its DVA: %+v", p)
			}
		}
		if _, err := f.svc.AddPair(ctx, f.h.ID, testday.PairInput{RoundID: rounds[2].ID, PGO: pgoB, DVA: dvaB}, f.test); !hasField(err, "dva_organisation_id") || !strings.Contains(err.Error(), "FHIR version") {
			t.Fatalf("pair across FHIR versions: %v", err)
		}
		if _, err := f.svc.AddPair(ctx, f.h.ID, testday.PairInput{RoundID: pairs[0].Round.ID, PGO: pgoA, DVA: dvaB}, f.test); !hasField(err, "round_id") {
			t.Fatalf("double booking: %v", err)
		}
		if p := pairs[2]; p.Round.Day != 2 || p.PGO != pgoA {
			t.Fatalf("day 2 does not test again: %+v", p)
		}
		tables, _ := f.svc.Tables(ctx, f.h.ID)
		if len(tables) != 1 || tables[0].Seats != 4 || !tables[0].Power {
			t.Fatalf("tables: %+v", tables)
		}
		marks, err := f.svc.PublishLayout(ctx, f.h.ID, f.test)
		if err != nil || len(marks) != 2 || f.milestone(t, "2S") != hackathon.StatusKlaar || f.milestone(t, "4A") != hackathon.StatusKlaar {
			t.Fatalf("publish: %+v %v", marks, err)
		}
		mine, err := f.svc.Schedule(ctx, f.h.ID, zorg)
		if err != nil || len(mine) < 2 {
			t.Fatalf("care provider's schedule: %d %v", len(mine), err)
		}
		ics := testday.ScheduleICS("BgZ-hackathon", "Utrecht", "Ziekenhuis Oost", mine, time.Now())
		if strings.Count(ics, "BEGIN:VEVENT") != len(mine) || !strings.Contains(ics, "DTSTART:20270210T090000Z") {
			t.Fatalf("ics:\n%s", ics)
		}
	})
}
