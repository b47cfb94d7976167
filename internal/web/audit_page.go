package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// auditPageSize is the number of entries on one page of the audit log.
const auditPageSize = 100

// auditLog shows a hackathon's change history, newest first, a page at a
// time, optionally only one kind of object or one object.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q, err := audit.ParseQuery(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	q.Limit = auditPageSize
	page, err := audit.PageOf(ctx, s.DB, v.Hackathon.ID, q)
	var kinds []string
	var first, last int64
	if n := len(page.Entries); err == nil && n > 0 {
		first, last = page.Entries[0].ID, page.Entries[n-1].ID
	}
	if err == nil {
		page.Entries, err = s.visibleAudit(r, v.Hackathon.ID, page.Entries)
	}
	if err == nil {
		kinds, err = audit.Kinds(ctx, s.DB, v.Hackathon.ID)
	}
	var rows []auditRow
	if err == nil {
		rows, err = displayAudit(ctx, s.DB, v.Lang, page.Entries)
	}
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "audit.title")
	v.Form = r.URL.Query()
	v.D["Entries"] = rows
	v.D["Kinds"] = kinds
	// The paging links are keyed on the ids of the entries before filtering
	// out invisible findings, so a page never skips entries.
	link := func(key string, id int64) string {
		p := url.Values{}
		if q.Entity != "" {
			p.Set("kind", q.Entity)
		}
		if q.EntityID != "" {
			p.Set("object", q.EntityID)
		}
		p.Set(key, strconv.FormatInt(id, 10))
		return "?" + p.Encode()
	}
	if page.Newer {
		v.D["NewerHref"] = link("after", first)
	}
	if page.Older {
		v.D["OlderHref"] = link("before", last)
	}
	s.render(w, http.StatusOK, "audit", v)
}
