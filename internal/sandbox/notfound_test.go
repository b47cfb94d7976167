package sandbox

import (
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestNotFoundIsAppNotFound: an unknown exchange is apperr's not found, so
// every page answers it with 404 without knowing the sandbox.
func TestNotFoundIsAppNotFound(t *testing.T) {
	db := storetest.SQLite(t)
	_, errX := HackathonExchange(t.Context(), db, 1, 999)
	_, errID := TrafficIDByRequestID(t.Context(), db, 1, "nope")
	for name, err := range map[string]error{"exchange": errX, "request id": errID} {
		if !errors.Is(err, apperr.ErrNotFound) || !errors.Is(err, ErrTrafficNotFound) {
			t.Errorf("unknown %s: %v, want apperr.ErrNotFound and ErrTrafficNotFound", name, err)
		}
	}
}
