package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/httpx"
)

// postedID parses the form posted to the page of one thing (organisation,
// question, plan item, template, news item) and returns the numeric path
// value key; false when an error page was written.
func (p *participantPages) postedID(w http.ResponseWriter, r *http.Request, key string) (int64, bool) {
	err := r.ParseForm()
	var id int64
	if err == nil {
		id, err = httpx.PathID(r, key)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return 0, false
	}
	return id, true
}
