package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/store"
)

// visibleAudit leaves out the entries of findings the user may not see.
func visibleAudit(r *http.Request, db *store.DB, hid int64, es []audit.Entry) ([]audit.Entry, error) {
	vw, _, err := finding.ViewerOf(r.Context(), db, hid, httpx.From(r).UserID())
	if err != nil {
		return nil, err
	}
	return finding.NewService(db).VisibleAudit(r.Context(), hid, vw, es)
}
