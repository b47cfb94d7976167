package pgoclient_test

import (
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestNotFoundIsAppNotFound: an unknown run or exchange is apperr's not
// found, so every page answers it with 404 without knowing pgoclient.
func TestNotFoundIsAppNotFound(t *testing.T) {
	st := pgoclient.NewStore(storetest.SQLite(t))
	ctx := t.Context()
	_, errRun := st.Get(ctx, 1, 999)
	_, errX := st.Exchange(ctx, 1, 999)
	_, errXRun := st.ExchangeRun(ctx, 1, 999)
	for name, err := range map[string]error{"run": errRun, "exchange": errX, "exchange's run": errXRun} {
		if !errors.Is(err, apperr.ErrNotFound) || !errors.Is(err, pgoclient.ErrNotFound) {
			t.Errorf("unknown %s: %v, want apperr.ErrNotFound and pgoclient.ErrNotFound", name, err)
		}
	}
}
