package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// StartNote is the start note (milestone 1B) generated from the canvas, in
// the request language.
type StartNote struct {
	Hackathon *hackathon.Hackathon  `json:"hackathon"`
	Sections  []StartNoteSection    `json:"sections"`
	Missing   []string              `json:"missing"`
	Decisions []*hackathon.Decision `json:"decisions"`
}

// StartNoteSection is one part of the start note.
type StartNoteSection struct {
	Key     string           `json:"key"`
	Title   string           `json:"title"`
	Entries []StartNoteEntry `json:"entries"`
}

// StartNoteEntry quotes one canvas answer (or planning date) under its label.
type StartNoteEntry struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

func startNoteOut(n *hackathon.StartNote) StartNote {
	out := StartNote{Hackathon: n.Hackathon, Sections: []StartNoteSection{}, Missing: nonNil(n.Missing), Decisions: nonNil(n.Decisions)}
	for _, s := range n.Sections {
		sec := StartNoteSection{Key: s.Key, Title: s.Title, Entries: make([]StartNoteEntry, 0, len(s.Entries))}
		for _, e := range s.Entries {
			sec.Entries = append(sec.Entries, StartNoteEntry{Label: e.Label, Text: e.Text})
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

func (h *handlers) startNote(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var hk *hackathon.Hackathon
	if err == nil {
		hk, err = h.Hackathons.Get(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	c, err := h.Hackathons.Canvas(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ds, err := h.Hackathons.Decisions(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, startNoteOut(hackathon.BuildStartNote(hk, c, ds, httpx.From(r).Lang)))
}
