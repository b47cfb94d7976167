package hackathon

import (
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
)

// PhaseView is a phase on the timeline with its milestones and progress.
type PhaseView struct {
	Phase      blueprint.Phase
	Open       bool
	Milestones []*Milestone
	Done       int // gereed or n.v.t.
	Total      int
	Overdue    int
	Start, End date.Date // earliest and latest due date of its milestones
}

// Timeline groups milestones by phase. Phase 1 is always open; the others
// open with the client's go.
func Timeline(ms []*Milestone, planningOpen bool, today date.Date) []PhaseView {
	var out []PhaseView
	for _, p := range blueprint.Phases() {
		pv := PhaseView{Phase: p, Open: p.Number == 1 || planningOpen}
		for _, m := range ms {
			if m.Phase != p.Number {
				continue
			}
			pv.Milestones = append(pv.Milestones, m)
			pv.Total++
			if m.Status == StatusKlaar || m.Status == StatusNVT {
				pv.Done++
			}
			if m.Overdue(today) {
				pv.Overdue++
			}
			if !m.Due.IsZero() {
				if pv.Start.IsZero() || m.Due.Before(pv.Start) {
					pv.Start = m.Due
				}
				if pv.End.IsZero() || pv.End.Before(m.Due) {
					pv.End = m.Due
				}
			}
		}
		out = append(out, pv)
	}
	return out
}
