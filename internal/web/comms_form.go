package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/httpx"
)

// postedID parses the form posted to the page of one plan item, template
// or news item and returns its {id}; false when an error page was written.
func (c *commsPages) postedID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	err := r.ParseForm()
	var id int64
	if err == nil {
		id, err = httpx.PathID(r, "id")
	}
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return 0, false
	}
	return id, true
}

// flashSaved flashes key after a save, or, when the save completed a
// blueprint milestone (or tried to), what happened to the milestone.
func flashSaved(w http.ResponseWriter, m *commplan.MilestoneMark, key string) {
	switch {
	case m == nil:
		flash(w, key)
	case m.Done:
		flash(w, "comms.flash.milestone_done")
	default:
		flash(w, "comms.flash.milestone_refused")
	}
}
