package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// cateringExport downloads the attendance list of one event for the event
// planner: ?day=0 is the kick-off, 1..N the hackathon days.
func (p *participantPages) cateringExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		day, err := strconv.Atoi(r.URL.Query().Get("day"))
		if err != nil || day < 0 {
			p.errorPage(w, r, http.StatusBadRequest, apperr.Field("day", "required: 0 for the kick-off, 1..N for a hackathon day"))
			return
		}
		h, err := p.Hackathons.Get(r.Context(), httpx.From(r).HackathonID)
		var days []participant.EventDay
		if err == nil {
			days, err = p.svc.Catering(r.Context(), h)
		}
		if err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		for _, ed := range days {
			if ed.Day == day {
				writeSheet(w, fmt.Sprintf("catering-%d-%s", h.ID, ed.Date), format, participant.CateringSheet(ed))
				return
			}
		}
		p.errorPage(w, r, http.StatusNotFound, fmt.Errorf("event day %d %w: the hackathon has no such day planned", day, apperr.ErrNotFound))
	}
}
