package twiin

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirsearch"
)

// FixtureFHIR is a small read-only FHIR server over test dossiers for the
// holder side of a notified pull: GET Type?…, Type/$lastn?…, Type/id, each
// answered from the dossier of the patient the request is narrowed to
// (PatientBSN in the context; put it behind a ResourceServer).
type FixtureFHIR struct {
	Version fhir.Version
	BaseURL string            // for fullUrl
	Source  dossier.Source    // test dossiers
	ByBSN   map[string]string // patient BSN → dossier key

	mu  sync.Mutex
	idx map[string]*fhirsearch.Index
}

var (
	searchPathRE = regexp.MustCompile(`^([A-Z][A-Za-z]+)(/\$lastn)?$`)
	readPathRE   = regexp.MustCompile(`^([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})$`)
)

func (f *FixtureFHIR) index(ctx context.Context, key string) (*fhirsearch.Index, *dossier.Dossier, error) {
	d, err := f.Source.Dossier(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.idx == nil {
		f.idx = map[string]*fhirsearch.Index{}
	}
	ix, ok := f.idx[key]
	if !ok {
		ix = fhirsearch.NewIndex(f.Version, d)
		f.idx[key] = ix
	}
	return ix, d, nil
}

// ServeHTTP answers reads and searches.
func (f *FixtureFHIR) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key, ok := f.ByBSN[PatientBSN(r.Context())]
	if !ok {
		writeOutcome(w, http.StatusNotFound, "not-found", "geen testdossier voor deze patiënt")
		return
	}
	ix, d, err := f.index(r.Context(), key)
	if err != nil {
		writeOutcome(w, http.StatusNotFound, "not-found", "testdossier niet gevonden")
		return
	}
	rel := strings.TrimPrefix(r.URL.Path, "/")
	if m := readPathRE.FindStringSubmatch(rel); m != nil && !strings.HasPrefix(m[2], "$") {
		res := d.Lookup(m[1] + "/" + m[2])
		if res == nil {
			writeOutcome(w, http.StatusNotFound, "not-found", rel+" bestaat niet")
			return
		}
		f.write(w, res)
		return
	}
	m := searchPathRE.FindStringSubmatch(rel)
	if m == nil {
		writeOutcome(w, http.StatusNotFound, "not-supported", "onbekend pad "+rel)
		return
	}
	q, err := fhirsearch.ParseQuery(f.Version, m[1], r.URL.RawQuery, "max")
	if err != nil {
		writeOutcome(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	res := ix.Search(q, fhirsearch.Options{})
	base := strings.TrimSuffix(f.BaseURL, "/")
	var entries []fhir.Entry
	for _, x := range res.Matches {
		entries = append(entries, fhir.Entry{FullURL: base + "/" + x.Type() + "/" + x.ID(), Resource: x, SearchMode: "match"})
	}
	for _, x := range res.Includes {
		entries = append(entries, fhir.Entry{FullURL: base + "/" + x.Type() + "/" + x.ID(), Resource: x, SearchMode: "include"})
	}
	self := base + "/" + rel
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	f.write(w, fhir.NewSearchSet(f.Version, res.Total, []fhir.BundleLink{{Relation: "self", URL: self}}, entries))
}

func (f *FixtureFHIR) write(w http.ResponseWriter, res *fhir.Resource) {
	b, err := fhir.MarshalJSON(res)
	if err != nil {
		writeOutcome(w, http.StatusInternalServerError, "exception", "resource niet te serialiseren")
		return
	}
	w.Header().Set("Content-Type", "application/fhir+json; charset=utf-8")
	w.Write(b)
}
