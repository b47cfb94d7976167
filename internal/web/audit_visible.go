package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// visibleAudit leaves out the entries of findings the user may not see.
func (s *Server) visibleAudit(r *http.Request, hid int64, es []audit.Entry) ([]audit.Entry, error) {
	vw, _, err := finding.ViewerOf(r.Context(), s.DB, hid, httpx.From(r).UserID())
	if err != nil {
		return nil, err
	}
	return s.App.Findings.VisibleAudit(r.Context(), hid, vw, es)
}
