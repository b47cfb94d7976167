package testday_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/testday"
)

func parties(prefix string, n int, base int64, services func(i int) []string) []testday.Party {
	out := make([]testday.Party, n)
	for i := range out {
		out[i] = testday.Party{OrgID: base + int64(i), Name: fmt.Sprintf("%s %d", prefix, i+1), Services: services(i)}
	}
	return out
}

// TestPairingSmallFullCoverage: three PGOs and three DVAs over three rounds
// all meet each other exactly once (a greedy choice per round would leave
// a PGO without a partner in round 2).
func TestPairingSmallFullCoverage(t *testing.T) {
	bgz := func(int) []string { return []string{"48@STU3"} }
	in := testday.PairingInput{PGOs: parties("PGO", 3, 1, bgz), DVAs: parties("DVA", 3, 100, bgz), Rounds: 3}
	got, err := testday.GeneratePairs(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := testday.CheckPairs(got.Pairs); err != nil {
		t.Fatal(err)
	}
	if len(got.Pairs) != 9 || len(got.Unplaced) != 0 {
		t.Fatalf("pairs %d unplaced %+v", len(got.Pairs), got.Unplaced)
	}
}

// TestPairingLarge: 30 PGOs × 100 DVAs over 8 rounds, across two data
// services and FHIR versions. No one is double-booked, no pair repeats,
// every pair shares a service and version, every PGO is busy in every
// round (each has more compatible DVAs than rounds), the number of PGOs a
// DVA meets differs by at most one over all DVAs, and a PGO and a DVA without a
// shared service are explained rather than placed.
func TestPairingLarge(t *testing.T) {
	in := largeInput()
	in.PGOs = append(in.PGOs, testday.Party{OrgID: 999, Name: "PGO alleen R5", Services: []string{"48@R5"}})
	got, err := testday.GeneratePairs(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := testday.CheckPairs(got.Pairs); err != nil {
		t.Fatal(err)
	}
	services := map[int64][]string{}
	for _, p := range append(slices.Clone(in.PGOs), in.DVAs...) {
		services[p.OrgID] = p.Services
	}
	perPGO := map[int64]int{}
	dvaLoad := map[int64]int{}
	for _, p := range got.Pairs {
		if !slices.Contains(services[p.PGO], p.Service) || !slices.Contains(services[p.DVA], p.Service) {
			t.Fatalf("pair %+v across services", p)
		}
		perPGO[p.PGO]++
		dvaLoad[p.DVA]++
	}
	for _, pgo := range in.PGOs[:30] {
		if perPGO[pgo.OrgID] != 8 {
			t.Errorf("PGO %s meets %d DVAs, want 8", pgo.Name, perPGO[pgo.OrgID])
		}
	}
	lo, hi := 1<<30, 0
	for _, d := range in.DVAs {
		lo, hi = min(lo, dvaLoad[d.OrgID]), max(hi, dvaLoad[d.OrgID])
	}
	if hi-lo > 1 {
		t.Errorf("DVA load from %d to %d", lo, hi)
	}
	explained := false
	for _, u := range got.Unplaced {
		explained = explained || (u.PGO == 999 && strings.Contains(u.Reason, "no data service"))
	}
	if !explained {
		t.Error("the R5-only PGO is not explained")
	}
}

// TestPairingTablesAndBadInput: the tables per round cap the pairs, and
// the leftover pairs are explained; zero rounds is refused.
func TestPairingTablesAndBadInput(t *testing.T) {
	bgz := func(int) []string { return []string{"48@STU3"} }
	got, err := testday.GeneratePairs(testday.PairingInput{PGOs: parties("PGO", 4, 1, bgz), DVAs: parties("DVA", 4, 100, bgz), Rounds: 2, Tables: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pairs) != 4 || len(got.Unplaced) != 12 {
		t.Fatalf("pairs %d unplaced %d", len(got.Pairs), len(got.Unplaced))
	}
	if _, err := testday.GeneratePairs(testday.PairingInput{Rounds: 0}); err == nil || !strings.Contains(err.Error(), "rounds") {
		t.Fatalf("zero rounds: %v", err)
	}
	if err := testday.CheckPairs([]testday.Pair{{Round: 0, PGO: 1, DVA: 2}, {Round: 0, PGO: 3, DVA: 2}}); err == nil {
		t.Fatal("double booking not found")
	}
	if err := testday.CheckPairs([]testday.Pair{{Round: 0, PGO: 1, DVA: 2}, {Round: 1, PGO: 1, DVA: 2}}); err == nil {
		t.Fatal("repeat not found")
	}
}

func largeInput() testday.PairingInput {
	svc := func(i int) []string {
		if i%5 == 0 {
			return []string{"63@R4"}
		}
		if i%5 == 1 {
			return []string{"48@STU3", "63@R4"}
		}
		return []string{"48@STU3"}
	}
	return testday.PairingInput{PGOs: parties("PGO", 30, 1, svc), DVAs: parties("DVA", 100, 1000, svc), Rounds: 8}
}

// BenchmarkPairing30x100x8: the generator for 30 PGOs × 100 DVAs over 8 rounds.
func BenchmarkPairing30x100x8(b *testing.B) {
	in := largeInput()
	for b.Loop() {
		if _, err := testday.GeneratePairs(in); err != nil {
			b.Fatal(err)
		}
	}
}
