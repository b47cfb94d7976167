package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/report/chart"
	"github.com/ketentest/ketentest/internal/sheet"
)

// Indicators measure the maturity of the exchange in one hackathon, so
// successive hackathons on a data service can be compared. A value of -1
// means "no data".
type Indicators struct {
	Hackathon    *hackathon.Hackathon
	Participants int
	GoPct        int            // participants with a go after the snelcheck
	GoPctByRole  map[string]int // per chain role
	StepsPct     int            // recorded scenario steps that passed
	Blocking     int            // blocking findings
	Pairs        int            // exchanges tested (PGO × DVA pairs)
	BlockingPer  float64        // blocking findings per tested exchange (-1 without pairs)
	Solved       int
	InTermPct    int     // solved findings with a term solved within it
	DaysToSolve  float64 // mean days from logging to the last change of a solved finding
	EvalMean     float64 // mean of all scale answers of the evaluation (1–5)
}

// Maturity returns the indicators of every hackathon visible to the
// user (member, or all for an administrator) that shares a data service
// with hackathonID, oldest first by first test day.
func (s *Service) Maturity(ctx context.Context, hackathonID, userID int64, all bool) ([]Indicators, error) {
	h, err := s.Hackathons.Get(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	services := map[string]bool{}
	for _, d := range h.Services {
		services[d.ServiceID] = true
	}
	list, err := s.Hackathons.ListFor(ctx, userID, all)
	if err != nil {
		return nil, err
	}
	var peers []*hackathon.Hackathon
	for _, o := range list {
		shared := o.ID == h.ID
		for _, d := range o.Services {
			shared = shared || services[d.ServiceID]
		}
		if shared {
			peers = append(peers, o)
		}
	}
	sort.Slice(peers, func(i, j int) bool {
		a, b := peers[i].FirstDay(), peers[j].FirstDay()
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b) || (a == b && peers[i].ID < peers[j].ID)
	})
	out := make([]Indicators, 0, len(peers))
	for _, p := range peers {
		ind, err := s.indicators(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ind)
	}
	return out, nil
}

func pct(n, total int) int {
	if total == 0 {
		return -1
	}
	return n * 100 / total
}

func (s *Service) indicators(ctx context.Context, h *hackathon.Hackathon) (Indicators, error) {
	ind := Indicators{Hackathon: h, GoPctByRole: map[string]int{}, BlockingPer: -1, DaysToSolve: -1, EvalMean: -1}
	parts, err := s.Testday.Participants(ctx, h.ID)
	if err != nil {
		return ind, err
	}
	decisions, err := s.Testday.Decisions(ctx, h.ID)
	if err != nil {
		return ind, err
	}
	total, goes := map[string]int{}, map[string]int{}
	allGo := 0
	for _, p := range parts {
		role := string(p.ChainRole)
		total[role]++
		if d := decisions[p.OrgID]; d != nil && d.Outcome == "go" {
			goes[role]++
			allGo++
		}
	}
	ind.Participants = len(parts)
	ind.GoPct = pct(allGo, len(parts))
	for r, n := range total {
		ind.GoPctByRole[r] = pct(goes[r], n)
	}
	var passed, recorded int
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN outcome = 'geslaagd' THEN 1 ELSE 0 END), 0), COUNT(*) FROM testday_results WHERE hackathon_id = ?", h.ID).Scan(&passed, &recorded); err != nil {
		return ind, err
	}
	ind.StepsPct = pct(passed, recorded)
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM testday_pairs WHERE hackathon_id = ?", h.ID).Scan(&ind.Pairs); err != nil {
		return ind, err
	}
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM findings WHERE hackathon_id = ? AND severity = 'blokkerend' AND status <> 'duplicaat'", h.ID).Scan(&ind.Blocking); err != nil {
		return ind, err
	}
	if ind.Pairs > 0 {
		ind.BlockingPer = float64(ind.Blocking) / float64(ind.Pairs)
	}
	rows, err := s.DB.Query(ctx, "SELECT created_at, updated_at, due_date FROM findings WHERE hackathon_id = ? AND status IN ('opgelost', 'geverifieerd')", h.ID)
	if err != nil {
		return ind, err
	}
	var days float64
	withTerm, inTerm := 0, 0
	for rows.Next() {
		var created, updated time.Time
		var due date.Date
		if err := rows.Scan(&created, &updated, &due); err != nil {
			rows.Close()
			return ind, err
		}
		ind.Solved++
		days += updated.Sub(created).Hours() / 24
		if !due.IsZero() {
			withTerm++
			if !due.Before(date.Of(updated.In(s.Zone))) {
				inTerm++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ind, err
	}
	if ind.Solved > 0 {
		ind.DaysToSolve = days / float64(ind.Solved)
	}
	ind.InTermPct = pct(inTerm, withTerm)
	var mean *float64
	if err := s.DB.QueryRow(ctx, `SELECT AVG(CAST(a.scale AS REAL)) FROM evaluation_answers a JOIN evaluation_responses r ON r.id = a.response_id
		JOIN evaluations e ON e.id = r.evaluation_id WHERE e.hackathon_id = ? AND a.scale IS NOT NULL`, h.ID).Scan(&mean); err != nil {
		return ind, err
	}
	if mean != nil {
		ind.EvalMean = *mean
	}
	return ind, nil
}

// MaturityCharts are the indicators over the hackathons as bars, one
// chart per indicator (no data: left out).
func MaturityCharts(ms []Indicators, titles map[string]string) []chart.Bars {
	type ind struct {
		key  string
		val  func(Indicators) float64
		text func(Indicators) string
		max  float64
	}
	inds := []ind{
		{"go", func(i Indicators) float64 { return float64(i.GoPct) }, func(i Indicators) string { return fmt.Sprintf("%d%%", i.GoPct) }, 100},
		{"steps", func(i Indicators) float64 { return float64(i.StepsPct) }, func(i Indicators) string { return fmt.Sprintf("%d%%", i.StepsPct) }, 100},
		{"interm", func(i Indicators) float64 { return float64(i.InTermPct) }, func(i Indicators) string { return fmt.Sprintf("%d%%", i.InTermPct) }, 100},
		{"blocking", func(i Indicators) float64 { return i.BlockingPer }, func(i Indicators) string { return fmt.Sprintf("%.2f", i.BlockingPer) }, 0},
		{"eval", func(i Indicators) float64 { return i.EvalMean }, func(i Indicators) string { return fmt.Sprintf("%.1f", i.EvalMean) }, 5},
	}
	var out []chart.Bars
	for _, in := range inds {
		b := chart.Bars{Title: titles[in.key], Max: in.max}
		for _, m := range ms {
			if v := in.val(m); v >= 0 {
				b.Bars = append(b.Bars, chart.Bar{Label: m.Hackathon.Name, Value: v, Text: in.text(m)})
			}
		}
		if len(b.Bars) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// WriteMaturityCSV writes one row per hackathon; an indicator without data
// (-1 in Indicators) is an empty cell, so no cell starts like a formula.
func WriteMaturityCSV(w io.Writer, ms []Indicators) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"hackathon", "code", "first_day", "participants", "go_pct", "steps_passed_pct", "blocking", "pairs", "blocking_per_pair", "solved", "solved_in_term_pct", "days_to_solve", "evaluation_mean"})
	num := func(v float64, format string) string {
		if v < 0 {
			return ""
		}
		return fmt.Sprintf(format, v)
	}
	for _, m := range ms {
		cw.Write([]string{sheet.SafeCell(m.Hackathon.Name), m.Hackathon.Code, m.Hackathon.FirstDay().String(), num(float64(m.Participants), "%.0f"), num(float64(m.GoPct), "%.0f"), num(float64(m.StepsPct), "%.0f"),
			num(float64(m.Blocking), "%.0f"), num(float64(m.Pairs), "%.0f"), num(m.BlockingPer, "%.2f"), num(float64(m.Solved), "%.0f"), num(float64(m.InTermPct), "%.0f"),
			num(m.DaysToSolve, "%.1f"), num(m.EvalMean, "%.2f")})
	}
	cw.Flush()
	return cw.Error()
}
