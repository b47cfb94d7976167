package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// AuditLimit is the number of audit entries the API returns when the
// request gives no limit.
const AuditLimit = 200

func (h *handlers) auditList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var es []audit.Entry
	var q audit.Query
	if err == nil {
		q, err = audit.ParseQuery(r.URL.Query())
	}
	if err == nil {
		if q.Limit == 0 {
			q.Limit = AuditLimit
		}
		var page audit.Page
		page, err = audit.PageOf(r.Context(), h.Hackathons.DB, hid, q)
		es = page.Entries
	}
	if err == nil {
		// Findings a user may not see stay out of their audit log.
		var vw finding.Viewer
		if vw, _, err = finding.ViewerOf(r.Context(), h.Hackathons.DB, hid, httpx.From(r).UserID()); err == nil {
			es, err = h.Findings.VisibleAudit(r.Context(), hid, vw, es)
		}
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(es))
}
