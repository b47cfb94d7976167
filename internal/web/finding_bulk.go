package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// bulk applies one triage action to the findings checked in the list. The
// list comes back with the same filter (the form carries it as "back").
func (p *findingPages) bulk(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	pf := r.PostForm
	b := finding.Bulk{Category: pf.Get("category"), Severity: pf.Get("severity"), Status: finding.Status(pf.Get("status"))}
	for _, s := range pf["ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			b.IDs = append(b.IDs, id)
		}
	}
	if s := pf.Get("actor_organisation_id"); s != "" {
		b.ActorOrgID, _ = strconv.ParseInt(s, 10, 64)
	}
	n, err := p.svc.BulkTriage(r.Context(), rq.HackathonID, b, rq.UserID())
	back := hackathonPath(rq.HackathonID, "/findings")
	if q := pf.Get("back"); q != "" && q[0] == '?' {
		back += q
	}
	if err != nil {
		if st := httpx.StatusOf(err); st != http.StatusBadRequest && st != http.StatusConflict {
			p.errorPage(w, r, st, err)
			return
		}
		p.renderList(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	_ = n
	flash(w, "logscreen.bulk_done")
	redirect(w, r, back)
}
