package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

func (h *handlers) decisionList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var ds []*hackathon.Decision
	if err == nil {
		ds, err = h.Hackathons.Decisions(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ds))
}

// decisionCreate records the client's go/no-go on the start note; a go
// completes milestone 1B and opens phase 2 and later.
func (h *handlers) decisionCreate(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var in hackathon.DecisionInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	d, err := h.Hackathons.RecordDecision(r.Context(), hid, in, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, "", d)
}
