package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/httpx"
)

// idAndBody reads the numeric {key} of the path and decodes the JSON body
// into a T; on a bad id or body it writes the problem response and
// returns false.
func idAndBody[T any](w http.ResponseWriter, r *http.Request, key string) (int64, T, bool) {
	var in T
	id, err := httpx.PathID(r, key)
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return 0, in, false
	}
	return id, in, true
}
