package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/commplan"
)

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
