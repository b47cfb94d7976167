package sandbox

import (
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirsearch"
)

// MaxQueryParams bounds the number of query parameters of one request.
const MaxQueryParams = fhirsearch.MaxParams

// BSNSystem is the naming system of the Dutch citizen service number.
const BSNSystem = "http://fhir.nl/fhir/NamingSystem/bsn"

// QueryError is a query the server refuses (400).
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

// ParseQuery parses the raw query string of a search on resource type typ
// as the reference DVA does: first the MedMij rules (a PGO never names the
// patient, it comes from the token; it never searches by BSN), then FHIR
// search as the SearchParameter definitions of release v have it
// (package fhirsearch). lastn adds the "max" parameter of $lastn. Any
// refusal is a *QueryError.
func ParseQuery(v fhir.Version, typ, raw string, lastn bool) (*fhirsearch.Query, error) {
	if err := medmijPolicy(raw); err != nil {
		return nil, err
	}
	var extra []string
	if lastn {
		extra = []string{"max"}
	}
	q, err := fhirsearch.ParseQuery(v, typ, raw, extra...)
	if err != nil {
		var fe *fhirsearch.Error
		if errors.As(err, &fe) {
			return nil, &QueryError{Msg: fe.Msg}
		}
		return nil, &QueryError{Msg: err.Error()}
	}
	if m, ok := q.Extra["max"]; ok {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > 1000 {
			return nil, &QueryError{Msg: "max must be a number from 1 to 1000"}
		}
	}
	return q, nil
}

// medmijPolicy refuses the searches MedMij forbids a PGO: by patient or
// subject (the patient is the token's) and by BSN.
func medmijPolicy(raw string) error {
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		rk, rv, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rk)
		if err != nil {
			continue // fhirsearch names the bad encoding
		}
		base, _, _ := strings.Cut(name, ":")
		if base == "patient" || base == "subject" || strings.HasPrefix(base, "patient.") || strings.HasPrefix(base, "subject.") {
			return &QueryError{Msg: "search parameter \"" + name + "\" is not allowed: the patient is identified by the access token only"}
		}
		if value, err := url.QueryUnescape(rv); err == nil && strings.Contains(value, BSNSystem) {
			return &QueryError{Msg: "search parameter \"" + name + "\" names a BSN: a PGO must never search by BSN (MedMij); the patient is identified by the access token only"}
		}
	}
	return nil
}

// maxOf returns the $lastn max of q (default 1).
func maxOf(q *fhirsearch.Query) int {
	if n, err := strconv.Atoi(q.Extra["max"]); err == nil && n > 0 {
		return n
	}
	return 1
}

// view is a dossier as the DVA serves it: its resources with the date
// placeholders of the fixtures resolved (on the day the view was made, as
// Touchstone resolves them when it loads a fixture) and its search index.
// A dossier version never changes, so a view lives as long as its dossier
// is served.
type view struct {
	dos   *dossier.Dossier
	today time.Time
	ix    *fhirsearch.Index

	mu       sync.Mutex
	byType   map[string][]*fhir.Resource
	resolved map[*fhir.Resource]*fhir.Resource
}

func newView(dos *dossier.Dossier, today time.Time) *view {
	v := &view{dos: dos, today: today, byType: map[string][]*fhir.Resource{}, resolved: map[*fhir.Resource]*fhir.Resource{}}
	v.ix = fhirsearch.NewIndex(dos.FHIRVersion, v)
	return v
}

// resolve returns r with its date placeholders resolved.
func (v *view) resolve(r *fhir.Resource) *fhir.Resource {
	if r == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.resolveLocked(r)
}

func (v *view) resolveLocked(r *fhir.Resource) *fhir.Resource {
	if x, ok := v.resolved[r]; ok {
		return x
	}
	x := fhirsearch.ResolveResourceDates(r, v.today)
	v.resolved[r] = x
	return x
}

// OfType implements fhirsearch.Source.
func (v *view) OfType(typ string) []*fhir.Resource {
	v.mu.Lock()
	defer v.mu.Unlock()
	if rs, ok := v.byType[typ]; ok {
		return rs
	}
	src := v.dos.OfType(typ)
	rs := make([]*fhir.Resource, len(src))
	for i, r := range src {
		rs[i] = v.resolveLocked(r)
	}
	v.byType[typ] = rs
	return rs
}

// Lookup implements fhirsearch.Source.
func (v *view) Lookup(ref string) *fhir.Resource { return v.resolve(v.dos.Lookup(ref)) }

// views caches the view of each dossier served.
type views struct {
	mu sync.Mutex
	m  map[*dossier.Dossier]*view
}

const maxViews = 1024

func (vs *views) get(dos *dossier.Dossier, now time.Time) *view {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	y, m, dd := now.In(date.DefaultLocation()).Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	if v, ok := vs.m[dos]; ok && v.today.Equal(today) {
		return v
	}
	if vs.m == nil || len(vs.m) >= maxViews {
		vs.m = map[*dossier.Dossier]*view{}
	}
	v := newView(dos, today)
	vs.m[dos] = v
	return v
}

// inCompartment: a Patient search returns only the token's patient; other
// types return what the dossier holds for this patient.
func inCompartment(d *dossier.Dossier, r *fhir.Resource) bool {
	if r.Type() == "Patient" {
		return r.ID() == d.Patient.ID
	}
	return true
}

// lastN keeps the newest max observations per code.
func lastN(obs []*fhir.Resource, max int) []*fhir.Resource {
	groups := map[string][]*fhir.Resource{}
	var order []string
	for _, o := range obs {
		k := ""
		if cs := o.Codings("code"); len(cs) > 0 {
			k = cs[0].System + "|" + cs[0].Code
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], o)
	}
	var out []*fhir.Resource
	for _, k := range order {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return effective(g[i]) > effective(g[j]) })
		if len(g) > max {
			g = g[:max]
		}
		out = append(out, g...)
	}
	return out
}

func effective(o *fhir.Resource) string {
	for _, p := range []string{"effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued"} {
		if v := o.String(p); v != "" {
			return v
		}
	}
	return ""
}

var errFormat = errors.New("unsupported _format")
