package hackathon

import (
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/blueprint"
)

// StartNote is the start note (milestone 1B) generated from the canvas.
type StartNote struct {
	Hackathon *Hackathon
	Sections  []StartNoteSection
	Missing   []string // titles of sections that have no content yet
	Decisions []*Decision
}

// StartNoteSection is one part of the start note.
type StartNoteSection struct {
	Key     string
	Title   string
	Entries []StartNoteEntry
}

// StartNoteEntry quotes one canvas answer under its question.
type StartNoteEntry struct {
	Label string
	Text  string
}

// BuildStartNote assembles the start note in the given language. Planning
// is completed with the hackathon's own dates.
func BuildStartNote(h *Hackathon, c Canvas, decisions []*Decision, lang string) *StartNote {
	n := &StartNote{Hackathon: h, Decisions: decisions}
	for _, sec := range blueprint.StartNoteSections() {
		out := StartNoteSection{Key: sec.Key, Title: sec.Title.In(lang)}
		for _, k := range sec.SourceKeys {
			f, ok := blueprint.CanvasFieldByKey(k)
			if !ok || strings.TrimSpace(c[k]) == "" {
				continue
			}
			out.Entries = append(out.Entries, StartNoteEntry{Label: f.Label.In(lang), Text: c[k]})
		}
		if sec.Key == "planning" {
			out.Entries = append(out.Entries, planningEntries(h, lang)...)
		}
		if len(out.Entries) == 0 {
			n.Missing = append(n.Missing, out.Title)
		}
		n.Sections = append(n.Sections, out)
	}
	return n
}

func planningEntries(h *Hackathon, lang string) []StartNoteEntry {
	var out []StartNoteEntry
	label := func(nl, en string) string {
		if lang == "en" {
			return en
		}
		return nl
	}
	if !h.Kickoff.IsZero() {
		out = append(out, StartNoteEntry{Label: label("Kick-off", "Kick-off"), Text: h.Kickoff.String()})
	}
	for i, d := range h.Days {
		out = append(out, StartNoteEntry{Label: label("Hackathondag ", "Hackathon day ") + strconv.Itoa(i+1), Text: d.String()})
	}
	return out
}
