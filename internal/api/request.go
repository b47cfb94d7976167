package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/store"
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

// envOutbox is the outbox on db with the mail settings of the environment
// (comms.ConfigFromEnv); the worker that delivers it runs in the server.
func envOutbox(db *store.DB) *comms.Outbox {
	outbox, _ := comms.NewWorkerFromEnv(db)
	return outbox
}
