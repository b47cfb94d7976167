package testday

import (
	"context"
	"encoding/csv"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/sheet"
)

// Cell sums the results of one participant for one scenario on one day:
// steps planned (over the participant's pairs), recorded, and by outcome.
type Cell struct {
	Total    int            `json:"total"`
	Recorded int            `json:"recorded"`
	Outcomes map[string]int `json:"outcomes"`
}

// Status is the cell's summary for the page: "" (nothing planned), open,
// failed (any gefaald/geblokkeerd), partial, passed (all geslaagd).
func (c Cell) Status() string {
	switch {
	case c.Total == 0:
		return ""
	case c.Outcomes[ResultFailed]+c.Outcomes[ResultBlocked] > 0:
		return "failed"
	case c.Recorded < c.Total || c.Outcomes[ResultPartial]+c.Outcomes[ResultNotDone] > 0:
		if c.Recorded == 0 {
			return "open"
		}
		return "partial"
	}
	return "passed"
}

// MatrixParticipant is one row of a day's matrix.
type MatrixParticipant struct {
	OrgID int64               `json:"organisation_id"`
	Name  string              `json:"name"`
	Role  blueprint.ChainRole `json:"chain_role"`
	Cells []Cell              `json:"cells"` // one per scenario of the matrix
}

// DayMatrix is the live results matrix of one hackathon day.
type DayMatrix struct {
	Day      int                 `json:"day_number"`
	Rows     []MatrixParticipant `json:"rows"`
	Progress map[string]int      `json:"progress"` // per chain role: % of planned steps recorded
	Recorded int                 `json:"recorded"`
	Planned  int                 `json:"planned"`
}

// ResultsMatrix is participants × (final) scenarios per day, day N beside day 1.
type ResultsMatrix struct {
	Scenarios []Scenario  `json:"scenarios"`
	Days      []DayMatrix `json:"days"`
	// Pairs are the scheduled pairs the matrix was built from (the page
	// lists them; no second query).
	Pairs []ScheduledPair `json:"-"`
}

// Matrix builds the results matrix from the pairs, the final scenarios
// and the results, in memory after three queries.
func (s *Service) ResultsMatrix(ctx context.Context, hackathonID int64) (*ResultsMatrix, error) {
	all, err := s.CurrentScenarios(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	var scs []Scenario
	for _, sc := range all {
		if sc.Status == ScenarioFinal {
			scs = append(scs, sc)
		}
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	pairs, err := s.pairsWith(ctx, hackathonID, parts)
	if err != nil {
		return nil, err
	}
	// Only what the cells count: no joins, no order.
	rs, err := s.DB.Query(ctx, "SELECT pair_id, step_id, outcome FROM testday_results WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	type result struct {
		PairID, StepID int64
		Outcome        string
	}
	var results []result
	for rs.Next() {
		var r result
		if err := rs.Scan(&r.PairID, &r.StepID, &r.Outcome); err != nil {
			rs.Close()
			return nil, err
		}
		results = append(results, r)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	roles := map[int64]blueprint.ChainRole{}
	care := map[int64][]Participant{}
	for _, p := range parts {
		roles[p.OrgID] = p.ChainRole
		if p.DVAOrgID != 0 {
			care[p.DVAOrgID] = append(care[p.DVAOrgID], p)
		}
	}
	scIndex := map[int64]int{}
	stepScenario := map[int64]int{}
	for i, sc := range scs {
		scIndex[sc.ID] = i
		for _, st := range sc.Steps {
			stepScenario[st.ID] = i
		}
	}
	byPair := map[int64][]result{}
	for _, r := range results {
		byPair[r.PairID] = append(byPair[r.PairID], r)
	}
	days := map[int]*DayMatrix{}
	rows := map[int]map[int64]*MatrixParticipant{}
	rowFor := func(day int, org int64, name string) *MatrixParticipant {
		if rows[day] == nil {
			rows[day] = map[int64]*MatrixParticipant{}
			days[day] = &DayMatrix{Day: day, Progress: map[string]int{}}
		}
		r := rows[day][org]
		if r == nil {
			r = &MatrixParticipant{OrgID: org, Name: name, Role: roles[org], Cells: make([]Cell, len(scs))}
			for i := range r.Cells {
				r.Cells[i].Outcomes = map[string]int{}
			}
			rows[day][org] = r
		}
		return r
	}
	for _, p := range pairs {
		members := []struct {
			id   int64
			name string
		}{{p.PGO, p.PGOName}, {p.DVA, p.DVAName}}
		for _, c := range care[p.DVA] {
			members = append(members, struct {
				id   int64
				name string
			}{c.OrgID, c.Name})
		}
		for _, m := range members {
			row := rowFor(p.Round.Day, m.id, m.name)
			for i, sc := range scs {
				if sc.Service == p.Service {
					row.Cells[i].Total += len(sc.Steps)
				}
			}
			for _, r := range byPair[p.ID] {
				i, ok := stepScenario[r.StepID]
				if !ok {
					continue
				}
				row.Cells[i].Recorded++
				row.Cells[i].Outcomes[r.Outcome]++
			}
		}
	}
	out := &ResultsMatrix{Scenarios: scs, Pairs: pairs}
	var dayNos []int
	for d := range days {
		dayNos = append(dayNos, d)
	}
	sort.Ints(dayNos)
	for _, d := range dayNos {
		dm := days[d]
		planned, recorded := map[string]int{}, map[string]int{}
		for _, r := range rows[d] {
			dm.Rows = append(dm.Rows, *r)
			for _, c := range r.Cells {
				planned[string(r.Role)] += c.Total
				recorded[string(r.Role)] += c.Recorded
				dm.Planned += c.Total
				dm.Recorded += c.Recorded
			}
		}
		for role, n := range planned {
			if n > 0 {
				dm.Progress[role] = recorded[role] * 100 / n
			}
		}
		sort.Slice(dm.Rows, func(a, b int) bool {
			if dm.Rows[a].Role != dm.Rows[b].Role {
				return dm.Rows[a].Role > dm.Rows[b].Role // pgo, dva, zorgaanbieder
			}
			return dm.Rows[a].Name < dm.Rows[b].Name
		})
		out.Days = append(out.Days, *dm)
	}
	return out, nil
}

// Dutch labels of the values in the results export.
var (
	outcomeLabels = map[string]string{ResultPassed: "geslaagd", ResultFailed: "gefaald", ResultPartial: "deels",
		ResultBlocked: "geblokkeerd", ResultNotDone: "niet uitgevoerd"}
	sourceLabels = map[string]string{"manual": "handmatig", "auto": "automatisch"}
	reviewLabels = map[string]string{ReviewVerified: "geverifieerd", ReviewDisputed: "betwist"}
)

func label(m map[string]string, v string) string {
	if l, ok := m[v]; ok {
		return l
	}
	return v
}

// ResultsHeader are the Dutch column names of the results export.
var ResultsHeader = []string{"Dag", "Ronde", "Tafel", "PGO", "DVA", "Scenario", "Stap", "Actie", "Uitkomst", "Bron",
	"Vastgelegd door", "Vastgelegd op", "Beoordeling", "Bevinding", "Referentie-PGO-run", "Bewijs", "Schermafbeeldingen", "Toelichting"}

// ResultsRows are every result as a row under ResultsHeader, with Dutch
// labels and times in the service's zone; the writer defuses formulas.
func (s *Service) ResultsRows(ctx context.Context, hackathonID int64) ([][]string, error) {
	results, err := s.Results(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	pairs, err := s.Pairs(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	scs, err := s.Scenarios(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	shots, err := s.screenshotCounts(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	pairByID := map[int64]ScheduledPair{}
	for _, p := range pairs {
		pairByID[p.ID] = p
	}
	type stepInfo struct {
		scenario string
		step     Step
	}
	steps := map[int64]stepInfo{}
	for _, sc := range scs {
		for _, st := range sc.Steps {
			steps[st.ID] = stepInfo{sc.Title + " v" + strconv.Itoa(sc.Version), st}
		}
	}
	zone := s.Zone
	if zone == nil {
		zone = time.UTC
	}
	rows := make([][]string, 0, len(results))
	for _, r := range results {
		p, st := pairByID[r.PairID], steps[r.StepID]
		rows = append(rows, []string{strconv.Itoa(r.Day), p.Round.Label, strconv.Itoa(p.Table), p.PGOName, p.DVAName, st.scenario, strconv.Itoa(st.step.Position), st.step.Action,
			label(outcomeLabels, r.Outcome), label(sourceLabels, r.Source), r.RecordedBy, r.RecordedAt.In(zone).Format("2006-01-02 15:04"), label(reviewLabels, r.Review),
			idOrEmpty(r.FindingID), idOrEmpty(r.PGORunID), r.EvidenceURL, countOrEmpty(shots[r.ID]), r.Note})
	}
	return rows, nil
}

func countOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// WriteResultsCSV writes every result as a row (formula-safe cells).
func (s *Service) WriteResultsCSV(ctx context.Context, hackathonID int64, w io.Writer) error {
	rows, err := s.ResultsRows(ctx, hackathonID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range append([][]string{ResultsHeader}, rows...) {
		out := make([]string, len(row))
		for i := range row {
			out[i] = sheet.SafeCell(row[i])
		}
		cw.Write(out)
	}
	cw.Flush()
	return cw.Error()
}

func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
