package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// DayInput adds a hackathon day.
type DayInput struct {
	Date date.Date `json:"date"`
}

func hackathonURL(id int64) string { return Prefix + "/hackathons/" + strconv.FormatInt(id, 10) }

func (h *handlers) hackathonList(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	hs, err := h.Hackathons.ListFor(r.Context(), rq.UserID(), rq.User != nil && rq.User.IsAdmin)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(hs))
}

func (h *handlers) hackathonCreate(w http.ResponseWriter, r *http.Request) {
	var in hackathon.Input
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	hk, err := h.Hackathons.Create(r.Context(), in, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, hackathonURL(hk.ID), hk)
}

func (h *handlers) hackathonGet(w http.ResponseWriter, r *http.Request) {
	id, err := hackathonID(r)
	var hk *hackathon.Hackathon
	if err == nil {
		hk, err = h.Hackathons.Get(r.Context(), id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, hk)
}

func (h *handlers) hackathonUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var in hackathon.Input
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	hk, err := h.Hackathons.Update(r.Context(), id, in, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, hk)
}

func (h *handlers) dayAdd(w http.ResponseWriter, r *http.Request) {
	id, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var in DayInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if in.Date.IsZero() {
		httpx.WriteError(w, r, apperr.Field("date", "required, as YYYY-MM-DD"))
		return
	}
	hk, err := h.Hackathons.AddDay(r.Context(), id, in.Date, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, hk)
}
