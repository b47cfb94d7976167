package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// Milestone is a hackathon's milestone as the API shows it: the stored
// milestone with its blueprint title in the request language.
type Milestone struct {
	*hackathon.Milestone
	Title    string `json:"title"`
	Optional bool   `json:"optional"`
	Overdue  bool   `json:"overdue"`
	// Locked milestones (phase 2 and later before the client's go) cannot change.
	Locked bool `json:"locked"`
}

// MilestoneDetail is one milestone with its description and audit trail.
type MilestoneDetail struct {
	Milestone
	Description string        `json:"description"`
	AuditTrail  []audit.Entry `json:"audit_trail"`
}

func (h *handlers) milestoneOut(m *hackathon.Milestone, lang string, planningOpen bool, today date.Date) Milestone {
	return Milestone{Milestone: m, Title: m.Title(lang), Optional: m.Blueprint.Optional,
		Overdue: m.Overdue(today), Locked: m.Phase >= 2 && !planningOpen}
}

func (h *handlers) today() date.Date { return date.Of(h.Hackathons.Now()) }

func (h *handlers) milestoneList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
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
	out := make([]Milestone, 0, len(ms))
	for _, m := range ms {
		out = append(out, h.milestoneOut(m, lang, open, today))
	}
	ok(w, list(out))
}

func (h *handlers) milestoneDetail(ctx context.Context, hid, mid int64, lang string) (*MilestoneDetail, error) {
	m, err := h.Hackathons.Milestone(ctx, hid, mid)
	if err != nil {
		return nil, err
	}
	open, err := h.Hackathons.PlanningOpen(ctx, hid)
	if err != nil {
		return nil, err
	}
	trail, err := audit.For(ctx, h.Hackathons.DB, "milestone", strconv.FormatInt(m.ID, 10))
	if err != nil {
		return nil, err
	}
	return &MilestoneDetail{Milestone: h.milestoneOut(m, lang, open, h.today()),
		Description: m.Blueprint.Description.In(lang), AuditTrail: nonNil(trail)}, nil
}

func (h *handlers) milestoneIDs(r *http.Request) (hid, mid int64, err error) {
	if hid, err = hackathonID(r); err != nil {
		return 0, 0, err
	}
	mid, err = httpx.PathID(r, "mid")
	return hid, mid, err
}

func (h *handlers) milestoneGet(w http.ResponseWriter, r *http.Request) {
	hid, mid, err := h.milestoneIDs(r)
	var d *MilestoneDetail
	if err == nil {
		d, err = h.milestoneDetail(r.Context(), hid, mid, httpx.From(r).Lang)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, d)
}

func (h *handlers) milestoneUpdate(w http.ResponseWriter, r *http.Request) {
	hid, mid, err := h.milestoneIDs(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var c hackathon.MilestoneChange
	if err := httpx.DecodeJSON(w, r, &c); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	if _, err := h.Hackathons.UpdateMilestone(r.Context(), hid, mid, c, rq.UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	d, err := h.milestoneDetail(r.Context(), hid, mid, rq.Lang)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, d)
}
