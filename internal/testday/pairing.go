package testday

import (
	"fmt"
	"slices"
	"sort"
)

// Party is a participant to pair: an organisation and the data services it
// takes part in, each written "service@FHIR version" (e.g. "48@STU3"), so
// that a PGO and a DVA only meet over a service and version they share.
type Party struct {
	OrgID    int64    `json:"organisation_id"`
	Name     string   `json:"name"`
	Services []string `json:"services"`
}

// PairingInput is what the generator pairs: the PGOs and DVAs with a "go"
// (or "op eigen risico"), the number of rounds and the tables per round
// (0: as many as needed).
type PairingInput struct {
	PGOs   []Party
	DVAs   []Party
	Rounds int
	Tables int
}

// Pair is one PGO meeting one DVA in a round (0-based) over a service, at a
// table (1-based).
type Pair struct {
	Round   int    `json:"round"`
	PGO     int64  `json:"pgo_organisation_id"`
	DVA     int64  `json:"dva_organisation_id"`
	Service string `json:"service"`
	Table   int    `json:"table"`
}

// Unplaced is something the generator could not do, explained.
type Unplaced struct {
	PGO    int64  `json:"pgo_organisation_id,omitempty"`
	DVA    int64  `json:"dva_organisation_id,omitempty"`
	Reason string `json:"reason"`
}

// Pairing is the generator's proposal: the pairs by round and table, and
// what it could not place.
type Pairing struct {
	Pairs    []Pair     `json:"pairs"`
	Unplaced []Unplaced `json:"unplaced"`
}

// MaxRounds bounds the rounds of one generation.
const MaxRounds = 64

// commonService is the first service (in sorted order) two parties share.
func commonService(a, b []string) string {
	var shared []string
	for _, s := range a {
		if slices.Contains(b, s) {
			shared = append(shared, s)
		}
	}
	if len(shared) == 0 {
		return ""
	}
	sort.Strings(shared)
	return shared[0]
}

// GeneratePairs builds PGO × DVA pairs over the rounds: only parties that
// share a data service and FHIR version meet, nobody is booked twice in a
// round, no pair meets twice, at most Tables pairs per round, and every
// PGO meets every compatible DVA where the rounds allow. Per round the PGO
// with the fewest partners left chooses first and takes the free DVA that
// has been seen least so far (then the one with the fewest PGOs left), so
// the load spreads evenly over the many DVAs. It is deterministic.
func GeneratePairs(in PairingInput) (Pairing, error) {
	if in.Rounds < 1 || in.Rounds > MaxRounds {
		return Pairing{}, fmt.Errorf("rounds: between 1 and %d", MaxRounds)
	}
	if in.Tables < 0 {
		return Pairing{}, fmt.Errorf("tables: not negative")
	}
	var out Pairing
	type option struct {
		dva     int // index into in.DVAs
		service string
	}
	options := make([][]option, len(in.PGOs)) // unmet compatible DVAs per PGO
	dvaLeft := make([]int, len(in.DVAs))      // unmet compatible PGOs per DVA
	for p, pgo := range in.PGOs {
		for d, dva := range in.DVAs {
			if s := commonService(pgo.Services, dva.Services); s != "" {
				options[p] = append(options[p], option{d, s})
				dvaLeft[d]++
			}
		}
		if len(options[p]) == 0 {
			out.Unplaced = append(out.Unplaced, Unplaced{PGO: pgo.OrgID,
				Reason: fmt.Sprintf("PGO %s shares no data service and FHIR version with any DVA", pgo.Name)})
		}
	}
	for d, dva := range in.DVAs {
		if dvaLeft[d] == 0 {
			out.Unplaced = append(out.Unplaced, Unplaced{DVA: dva.OrgID,
				Reason: fmt.Sprintf("DVA %s shares no data service and FHIR version with any PGO", dva.Name)})
		}
	}
	pgoLoad := make([]int, len(in.PGOs))
	dvaLoad := make([]int, len(in.DVAs))
	order := make([]int, len(in.PGOs))
	matchD := make([]int, len(in.DVAs)) // PGO index matched to a DVA this round, or -1
	matchP := make([]int, len(in.PGOs)) // option index a PGO takes this round, or -1
	seen := make([]int, len(in.DVAs))   // visit stamp of the augmenting search
	stamp := 0
	// try finds an augmenting path from PGO p (Kuhn's algorithm), so each
	// round books as many pairs as possible; options are tried least-seen
	// DVA first.
	var try func(p int) bool
	try = func(p int) bool {
		for i, o := range options[p] {
			if seen[o.dva] == stamp {
				continue
			}
			seen[o.dva] = stamp
			if matchD[o.dva] < 0 || try(matchD[o.dva]) {
				matchD[o.dva], matchP[p] = p, i
				return true
			}
		}
		return false
	}
	for r := 0; r < in.Rounds; r++ {
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			pa, pb := order[a], order[b]
			if len(options[pa]) != len(options[pb]) {
				return len(options[pa]) < len(options[pb])
			}
			return pgoLoad[pa] < pgoLoad[pb]
		})
		for p := range options {
			sort.SliceStable(options[p], func(a, b int) bool {
				da, db := options[p][a].dva, options[p][b].dva
				if dvaLoad[da] != dvaLoad[db] {
					return dvaLoad[da] < dvaLoad[db]
				}
				return dvaLeft[da] < dvaLeft[db]
			})
			matchP[p] = -1
		}
		for d := range matchD {
			matchD[d] = -1
		}
		booked := 0
		for _, p := range order {
			if in.Tables > 0 && booked == in.Tables {
				break
			}
			stamp++
			if try(p) {
				booked++
			}
		}
		table := 0
		for _, p := range order {
			if matchP[p] < 0 {
				continue
			}
			o := options[p][matchP[p]]
			options[p] = slices.Delete(options[p], matchP[p], matchP[p]+1)
			dvaLoad[o.dva]++
			dvaLeft[o.dva]--
			pgoLoad[p]++
			table++
			out.Pairs = append(out.Pairs, Pair{Round: r, PGO: in.PGOs[p].OrgID, DVA: in.DVAs[o.dva].OrgID, Service: o.service, Table: table})
		}
	}
	for p, opts := range options {
		for _, o := range opts {
			out.Unplaced = append(out.Unplaced, Unplaced{PGO: in.PGOs[p].OrgID, DVA: in.DVAs[o.dva].OrgID,
				Reason: fmt.Sprintf("PGO %s and DVA %s (%s) do not meet: no free round or table left", in.PGOs[p].Name, in.DVAs[o.dva].Name, o.service)})
		}
	}
	return out, nil
}

// CheckPairs verifies a set of pairs (generated or edited by hand): nobody
// twice in a round, no table twice in a round, no pair twice. It returns
// the first problem found.
func CheckPairs(pairs []Pair) error {
	type slot struct {
		round int
		org   int64
	}
	seen := map[slot]bool{}
	tables := map[[2]int]bool{}
	met := map[[2]int64]bool{}
	for _, p := range pairs {
		for _, org := range []int64{p.PGO, p.DVA} {
			if seen[slot{p.Round, org}] {
				return fmt.Errorf("organisation %d is booked twice in round %d", org, p.Round+1)
			}
			seen[slot{p.Round, org}] = true
		}
		if p.Table > 0 {
			if tables[[2]int{p.Round, p.Table}] {
				return fmt.Errorf("table %d is used twice in round %d", p.Table, p.Round+1)
			}
			tables[[2]int{p.Round, p.Table}] = true
		}
		if met[[2]int64{p.PGO, p.DVA}] {
			return fmt.Errorf("PGO %d and DVA %d meet twice", p.PGO, p.DVA)
		}
		met[[2]int64{p.PGO, p.DVA}] = true
	}
	return nil
}
