package web

import (
	"context"
	"net/http"

	"github.com/ketentest/ketentest/internal/httpx"
)

// The preambles every testday handler shares, in one place.

// access decides whether the request may use the object with the id in
// its path (beyond the route's permission); an error answers 404 or 403.
type access func(ctx context.Context, rq *httpx.Request, id int64) error

// fail answers with the error page, its status taken from the error.
func (p *testdayPages) fail(w http.ResponseWriter, r *http.Request, err error) {
	p.errorPage(w, r, httpx.StatusOf(err), err)
}

// pathID reads the id named idName from the path ("" reads none) and runs
// the access checks; false when it has answered already.
func (p *testdayPages) pathID(w http.ResponseWriter, r *http.Request, idName string, allow ...access) (int64, bool) {
	var id int64
	if idName != "" {
		var err error
		if id, err = httpx.PathID(r, idName); err != nil {
			p.fail(w, r, err)
			return 0, false
		}
	}
	for _, a := range allow {
		if err := a(r.Context(), httpx.From(r), id); err != nil {
			p.fail(w, r, err)
			return 0, false
		}
	}
	return id, true
}

// page is the preamble of a page: the hackathon loaded into a view, the
// id in the path and the access checks; false when it has answered already.
func (p *testdayPages) page(w http.ResponseWriter, r *http.Request, idName string, allow ...access) (*view, int64, bool) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return nil, 0, false
	}
	id, ok := p.pathID(w, r, idName, allow...)
	return v, id, ok
}

// action is the preamble of a POST: the id in the path, the access checks
// and the parsed form; false when it has answered already.
func (p *testdayPages) action(w http.ResponseWriter, r *http.Request, idName string, allow ...access) (*httpx.Request, int64, bool) {
	id, ok := p.pathID(w, r, idName, allow...)
	if !ok {
		return nil, 0, false
	}
	if err := r.ParseForm(); err != nil {
		p.fail(w, r, err)
		return nil, 0, false
	}
	return httpx.From(r), id, true
}
