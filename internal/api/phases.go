package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// Phase is one of the nine phases with this hackathon's progress in it.
type Phase struct {
	Number          int            `json:"number"`
	Name            string         `json:"name"`
	Goal            string         `json:"goal"`
	Description     string         `json:"description"`
	Open            bool           `json:"open"`
	Repeatable      bool           `json:"repeatable"`
	GoNoGo          blueprint.Role `json:"go_nogo_role,omitempty"`
	Done            int            `json:"done"`
	Total           int            `json:"total"`
	Overdue         int            `json:"overdue"`
	Start           date.Date      `json:"start"`
	End             date.Date      `json:"end"`
	Tips            []string       `json:"tips"`
	AttentionPoints []string       `json:"attention_points"`
	Milestones      []Milestone    `json:"milestones"`
}

// Phases is the timeline of a hackathon.
type Phases struct {
	Variant      blueprint.Variant `json:"variant"`
	PlanningOpen bool              `json:"planning_open"`
	Items        []Phase           `json:"items"`
}

func texts(ts []blueprint.Text, lang string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.In(lang))
	}
	return out
}

func (h *handlers) phaseList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var hk *hackathon.Hackathon
	if err == nil {
		hk, err = h.Hackathons.Get(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ms, err := h.Hackathons.Milestones(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	open, err := h.Hackathons.PlanningOpen(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	lang, today := httpx.From(r).Lang, h.today()
	out := Phases{Variant: hk.Variant, PlanningOpen: open, Items: []Phase{}}
	for _, pv := range hackathon.Timeline(ms, open, today) {
		p := pv.Phase
		ph := Phase{Number: p.Number, Name: p.Name.In(lang), Goal: p.Goal.In(lang), Description: p.Description.In(lang),
			Open: pv.Open, Repeatable: p.Repeatable, GoNoGo: p.GoNoGo, Done: pv.Done, Total: pv.Total, Overdue: pv.Overdue,
			Start: pv.Start, End: pv.End, Tips: texts(p.Tips, lang), AttentionPoints: texts(p.AttentionPointsFor(hk.Variant), lang),
			Milestones: make([]Milestone, 0, len(pv.Milestones))}
		for _, m := range pv.Milestones {
			ph.Milestones = append(ph.Milestones, h.milestoneOut(m, lang, open, today))
		}
		out.Items = append(out.Items, ph)
	}
	ok(w, out)
}
