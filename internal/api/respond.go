package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/httpx"
)

// List is the shape of every collection response: an object, so that
// fields can be added later without breaking clients.
type List[T any] struct {
	Items []T `json:"items"`
}

// list wraps items, writing [] rather than null for an empty collection.
func list[T any](items []T) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items}
}

// ok writes v with 200.
func ok(w http.ResponseWriter, v any) { httpx.WriteJSON(w, http.StatusOK, v) }

// created writes v with 201 and, when location is set, a Location header.
func created(w http.ResponseWriter, location string, v any) {
	if location != "" {
		w.Header().Set("Location", location)
	}
	httpx.WriteJSON(w, http.StatusCreated, v)
}

// hackathonID is the hackathon of the request: the guard resolves it for
// hackathon-scoped routes; the path is the fallback.
func hackathonID(r *http.Request) (int64, error) {
	if id := httpx.From(r).HackathonID; id != 0 {
		return id, nil
	}
	return httpx.PathID(r, "hid")
}

// nonNil returns s, or an empty slice for nil, so JSON shows [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
