package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/dossier"
)

// maxDiffListed bounds the resources listed per section of the diff page.
const maxDiffListed = 300

// maxDiffValue bounds how much of a changed value the diff page shows.
const maxDiffValue = 300

// diff compares two versions: ?from= (default the one before ?to=) and
// ?to= (default the latest).
func (p *dossierPages) diff(w http.ResponseWriter, r *http.Request) {
	v, info, ok := p.load(w, r)
	if !ok {
		return
	}
	to, nt, ok := p.versionOf(w, r, info, "to")
	if !ok {
		return
	}
	if r.URL.Query().Get("from") == "" {
		q := r.URL.Query()
		q.Set("from", strconv.Itoa(max(1, nt-1)))
		r.URL.RawQuery = q.Encode()
	}
	from, nf, ok := p.versionOf(w, r, info, "from")
	if !ok {
		return
	}
	d := dossier.Compare(from.Resources, to.Resources)
	v.D["Counts"] = []int{len(d.Added), len(d.Removed), len(d.Changed), d.Same}
	v.D["Truncated"] = len(d.Added) > maxDiffListed || len(d.Removed) > maxDiffListed || len(d.Changed) > maxDiffListed
	d.Added, d.Removed, d.Changed = d.Added[:min(len(d.Added), maxDiffListed)], d.Removed[:min(len(d.Removed), maxDiffListed)], d.Changed[:min(len(d.Changed), maxDiffListed)]
	for i := range d.Changed {
		for j := range d.Changed[i].Fields {
			f := &d.Changed[i].Fields[j]
			f.Old, f.New = clip(f.Old), clip(f.New)
		}
	}
	versions, err := p.store.Versions(r.Context(), info.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Versions"] = versions
	v.D["From"], v.D["To"] = nf, nt
	v.D["Diff"] = d
	p.render(w, http.StatusOK, "dossier_diff", v)
}

func clip(s string) string {
	if rs := []rune(s); len(rs) > maxDiffValue {
		return string(rs[:maxDiffValue]) + "…"
	}
	return s
}
