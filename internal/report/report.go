// Package report owns the final report of a hackathon (milestone 9D): it
// gathers the hackathon's own data — start note, participants and their
// snelcheck outcome, test days, results matrix, findings by status,
// severity, actor, chain link and category with the 9A overview, root
// causes (9B) and handover agreements (9C), and the evaluation — with the
// editable texts (summary, recommendations per stakeholder) and renders it
// as HTML data and as PDF (internal/report/pdf). The report goes concept →
// review (named reviewers comment) → revised → delivered, and the client's
// acceptance is recorded, which marks 9D done. Reading other capabilities
// is all it does with them.
package report

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testday"
)

// ErrBeforeTestDay is returned for a report asked before the first test day.
var ErrBeforeTestDay = &apperr.Conflict{Message: "there is no final report before the first test day"}

// Service builds and keeps final reports.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
	Testday    *testday.Service
	Evaluation *evaluation.Service
	Zone       *time.Location
	Now        func() time.Time
	// MaxRows bounds the per-finding tables (9A, 9B) of a report; the
	// handover exports hold all of them.
	MaxRows int
}

// NewService returns a service over the given capabilities.
func NewService(db *store.DB, td *testday.Service, ev *evaluation.Service, zone *time.Location) *Service {
	if zone == nil {
		zone = time.UTC
	}
	return &Service{DB: db, Hackathons: hackathon.NewService(db), Testday: td, Evaluation: ev, Zone: zone,
		Now: func() time.Time { return time.Now().UTC() }, MaxRows: 400}
}

// Count is one group of a breakdown.
type Count struct {
	Label string
	N     int
}

// ParticipantRow is one organisation with its snelcheck outcome.
type ParticipantRow struct {
	Name     string
	Role     string
	Verified int
	Total    int
	Outcome  string // go, no_go, eigen_risico or "" (not decided)
}

// DayRow is one test day.
type DayRow struct {
	N        int
	Date     date.Date
	Rounds   int
	Pairs    int
	Findings int
	Recorded int // results recorded
	Planned  int // result steps planned
}

// FindingRow is one finding in the 9A/9B tables.
type FindingRow struct {
	Key       string
	Title     string
	Status    string
	Severity  string
	Actor     string
	Due       date.Date
	Overdue   bool
	RootCause string
	RootLink  string
}

// Handover is the open findings of one actor with their terms (9C).
type Handover struct {
	Actor     string
	Open      int
	Overdue   int
	FirstDue  date.Date
	LastDue   date.Date
	NoDueDate int
}

// Findings is the findings part of the report.
type Findings struct {
	Total      int
	Open       int
	Solved     int
	ByStatus   []Count
	BySeverity []Count
	ByActor    []Count
	ByChain    []Count
	ByCategory []Count
	Terms      []FindingRow // 9A: open findings with their resolution term
	TermsMore  int          // open findings left out of Terms
	RootCauses []FindingRow // 9B
	RootMore   int
	Handover   []Handover // 9C
}

// Report is everything the final report shows.
type Report struct {
	Hackathon    *hackathon.Hackathon
	Lang         string
	Generated    time.Time
	StartNote    *hackathon.StartNote
	Participants []ParticipantRow
	Days         []DayRow
	Scenarios    int // final scenarios in the results matrix
	Findings     Findings
	Evaluations  []*evaluation.Results
	Texts        map[string]string
	Maturity     *Indicators // this hackathon's own maturity indicators
	Version      *Version    // nil: no version yet
	Comments     []Comment
}

// Text is an editable text by key (TextKeys).
func (r *Report) Text(key string) string { return r.Texts[key] }

// Build gathers the report of a hackathon in lang. Before the first test
// day it returns ErrBeforeTestDay.
func (s *Service) Build(ctx context.Context, hackathonID int64, lang string) (*Report, error) {
	h, err := s.Hackathons.Get(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	today := date.Of(s.Now().In(s.Zone))
	if len(h.Days) == 0 || today.Before(h.Days[0]) {
		return nil, ErrBeforeTestDay
	}
	r := &Report{Hackathon: h, Lang: lang, Generated: s.Now()}
	canvas, err := s.Hackathons.Canvas(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	decisions, err := s.Hackathons.Decisions(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	r.StartNote = hackathon.BuildStartNote(h, canvas, decisions, lang)
	if err := s.participants(ctx, r); err != nil {
		return nil, err
	}
	if err := s.days(ctx, r); err != nil {
		return nil, err
	}
	if r.Findings, err = s.findings(ctx, h, today); err != nil {
		return nil, err
	}
	evs, err := s.Evaluation.List(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		res, err := s.Evaluation.Summarise(ctx, hackathonID, e.ID)
		if err != nil {
			return nil, err
		}
		r.Evaluations = append(r.Evaluations, res)
	}
	ind, err := s.indicators(ctx, h)
	if err != nil {
		return nil, err
	}
	r.Maturity = &ind
	if r.Texts, err = s.Texts(ctx, hackathonID); err != nil {
		return nil, err
	}
	if r.Version, err = s.Current(ctx, hackathonID); err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	if r.Version != nil {
		if r.Comments, err = s.Comments(ctx, hackathonID, r.Version.Version); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (s *Service) participants(ctx context.Context, r *Report) error {
	m, err := s.Testday.Matrix(ctx, r.Hackathon.ID)
	if err != nil {
		return err
	}
	for _, role := range m.Roles {
		for _, row := range role.Rows {
			p := ParticipantRow{Name: row.Participant.Name, Role: string(role.Role), Verified: row.Verified, Total: row.Total}
			if row.Decision != nil {
				p.Outcome = string(row.Decision.Outcome)
			}
			r.Participants = append(r.Participants, p)
		}
	}
	return nil
}

func (s *Service) days(ctx context.Context, r *Report) error {
	h := r.Hackathon
	for i, d := range h.Days {
		r.Days = append(r.Days, DayRow{N: i + 1, Date: d})
	}
	rounds, err := s.Testday.Rounds(ctx, h.ID)
	if err != nil {
		return err
	}
	for _, rd := range rounds {
		if rd.Day >= 1 && rd.Day <= len(r.Days) {
			r.Days[rd.Day-1].Rounds++
		}
	}
	pairs, err := s.Testday.Pairs(ctx, h.ID)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if p.Round.Day >= 1 && p.Round.Day <= len(r.Days) {
			r.Days[p.Round.Day-1].Pairs++
		}
	}
	rm, err := s.Testday.ResultsMatrix(ctx, h.ID)
	if err != nil {
		return err
	}
	r.Scenarios = len(rm.Scenarios)
	for _, dm := range rm.Days {
		if dm.Day >= 1 && dm.Day <= len(r.Days) {
			r.Days[dm.Day-1].Recorded, r.Days[dm.Day-1].Planned = dm.Recorded, dm.Planned
		}
	}
	// Findings logged per test day (in the display zone).
	rows, err := s.DB.Query(ctx, "SELECT created_at FROM findings WHERE hackathon_id = ?", h.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	byDate := map[string]int{}
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return err
		}
		byDate[date.Of(at.In(s.Zone)).String()]++
	}
	for i := range r.Days {
		r.Days[i].Findings = byDate[r.Days[i].Date.String()]
	}
	return rows.Err()
}

func sortedCounts(m map[string]int, empty string) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		if k == "" {
			k = empty
		}
		out = append(out, Count{Label: k, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

var closedStatus = map[string]bool{"opgelost": true, "geverifieerd": true, "niet_oplossen": true, "duplicaat": true}

func (s *Service) findings(ctx context.Context, h *hackathon.Hackathon, today date.Date) (Findings, error) {
	var f Findings
	status, sev, chain, cat, actor := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	rows, err := s.DB.Query(ctx, `SELECT g.status, g.severity, g.chain_link, g.category, COALESCE(o.name, ''), g.n FROM (
		SELECT status, severity, chain_link, category, actor_org_id, COUNT(*) AS n FROM findings WHERE hackathon_id = ?
		GROUP BY status, severity, chain_link, category, actor_org_id) g LEFT JOIN organisations o ON o.id = g.actor_org_id`, h.ID)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var st, sv, ch, ca, ac string
		var n int
		if err := rows.Scan(&st, &sv, &ch, &ca, &ac, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.Total += n
		status[st] += n
		if st == "duplicaat" {
			continue
		}
		if closedStatus[st] {
			if st == "opgelost" || st == "geverifieerd" {
				f.Solved += n
			}
		} else {
			f.Open += n
		}
		sev[sv] += n
		chain[ch] += n
		cat[ca] += n
		actor[ac] += n
	}
	rows.Close()
	f.ByStatus = sortedCounts(status, "–")
	f.BySeverity = sortedCounts(sev, "–")
	f.ByChain = sortedCounts(chain, "–")
	f.ByCategory = sortedCounts(cat, "–")
	f.ByActor = sortedCounts(actor, "–")

	// 9A, 9B and 9C from one pass over the open or analysed findings.
	rows, err = s.DB.Query(ctx, `SELECT f.number, f.title, f.status, f.severity, COALESCE(o.name, ''), f.due_date, f.root_cause, f.root_chain_link
		FROM findings f LEFT JOIN organisations o ON o.id = f.actor_org_id
		WHERE f.hackathon_id = ? AND (f.status NOT IN ('opgelost', 'geverifieerd', 'niet_oplossen', 'duplicaat') OR f.root_cause <> '')
		ORDER BY f.number`, h.ID)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	hand := map[string]*Handover{}
	for rows.Next() {
		var n int
		var fr FindingRow
		if err := rows.Scan(&n, &fr.Title, &fr.Status, &fr.Severity, &fr.Actor, &fr.Due, &fr.RootCause, &fr.RootLink); err != nil {
			return f, err
		}
		fr.Key = fmt.Sprintf("%s-%d", h.Code, n)
		open := !closedStatus[fr.Status]
		fr.Overdue = open && !fr.Due.IsZero() && fr.Due.Before(today)
		if open {
			if len(f.Terms) < s.MaxRows {
				f.Terms = append(f.Terms, fr)
			} else {
				f.TermsMore++
			}
			a := fr.Actor
			if hand[a] == nil {
				hand[a] = &Handover{Actor: a}
			}
			ho := hand[a]
			ho.Open++
			if fr.Overdue {
				ho.Overdue++
			}
			switch {
			case fr.Due.IsZero():
				ho.NoDueDate++
			default:
				if ho.FirstDue.IsZero() || fr.Due.Before(ho.FirstDue) {
					ho.FirstDue = fr.Due
				}
				if ho.LastDue.IsZero() || ho.LastDue.Before(fr.Due) {
					ho.LastDue = fr.Due
				}
			}
		}
		if strings.TrimSpace(fr.RootCause) != "" {
			if len(f.RootCauses) < s.MaxRows {
				f.RootCauses = append(f.RootCauses, fr)
			} else {
				f.RootMore++
			}
		}
	}
	for _, ho := range hand {
		f.Handover = append(f.Handover, *ho)
	}
	sort.Slice(f.Handover, func(i, j int) bool {
		if f.Handover[i].Open != f.Handover[j].Open {
			return f.Handover[i].Open > f.Handover[j].Open
		}
		return f.Handover[i].Actor < f.Handover[j].Actor
	})
	return f, rows.Err()
}
