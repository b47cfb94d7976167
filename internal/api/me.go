package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/httpx"
)

// me returns the logged-in user.
func (h *handlers) me(w http.ResponseWriter, r *http.Request) {
	ok(w, httpx.From(r).User)
}
