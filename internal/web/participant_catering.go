package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// cateringExport downloads the attendance list for the event planner: of
// every event, or with ?day of one (0 the kick-off, 1..N a hackathon day).
func (p *participantPages) cateringExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		day := -1
		if q := r.URL.Query().Get("day"); q != "" {
			var err error
			if day, err = strconv.Atoi(q); err != nil || day < 0 {
				p.errorPage(w, r, http.StatusBadRequest, apperr.Field("day", "0 for the kick-off, 1..N for a hackathon day"))
				return
			}
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
		name := fmt.Sprintf("catering-%d", h.ID)
		if day >= 0 {
			i := slices.IndexFunc(days, func(ed participant.EventDay) bool { return ed.Day == day })
			if i < 0 {
				p.errorPage(w, r, http.StatusNotFound, fmt.Errorf("event day %d %w: the hackathon has no such day planned", day, apperr.ErrNotFound))
				return
			}
			days, name = days[i:i+1], name+"-"+days[i].Date
		}
		writeSheet(w, name, format, participant.CateringSheet(days))
	}
}
