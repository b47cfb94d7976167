package web

import (
	"net/http"
	"net/url"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// filterSave saves the list's current filter (query) under a name.
func (p *findingPages) filterSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	query := r.PostForm.Get("query")
	sf, err := p.svc.SaveFilter(r.Context(), rq.HackathonID, rq.UserID(), r.PostForm.Get("name"), query)
	if err != nil {
		if httpx.StatusOf(err) != http.StatusBadRequest {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		// Show the list as it was, with the message at the field.
		q, _ := url.ParseQuery(query)
		r.URL.RawQuery = finding.ParseFilter(q).Values().Encode()
		p.renderList(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "filter.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/findings?"+sf.Query))
}

// filterDelete deletes one of the user's saved filters.
func (p *findingPages) filterDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = p.svc.DeleteFilter(r.Context(), rq.HackathonID, rq.UserID(), id)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "filter.deleted")
	redirect(w, r, hackathonPath(rq.HackathonID, "/findings"))
}

// savedFilterExtras adds the saved filters and the save form to the list page.
func (p *findingPages) savedFilterExtras(r *http.Request, v *view, flt finding.Filter, formErr error) error {
	rq := httpx.From(r)
	saved, err := p.svc.SavedFilters(r.Context(), rq.HackathonID, rq.UserID())
	if err != nil {
		return err
	}
	type savedView struct {
		ID         int64
		Name, Href string
	}
	list := make([]savedView, len(saved))
	for i, sf := range saved {
		list[i] = savedView{ID: sf.ID, Name: sf.Name, Href: hackathonPath(rq.HackathonID, "/findings?"+sf.Query)}
	}
	v.D["SavedFilters"] = list
	v.D["FilterQuery"] = flt.Values().Encode()
	if formErr != nil && r.URL.Path == hackathonPath(rq.HackathonID, "/findings/filters") {
		v.Form.Set("name", r.PostForm.Get("name"))
	}
	return nil
}
