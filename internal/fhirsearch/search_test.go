package fhirsearch

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// memSource is a Source over resources in memory.
type memSource struct {
	byType map[string][]*fhir.Resource
	byRef  map[string]*fhir.Resource
}

func newMem(t testing.TB, v fhir.Version, docs ...string) *memSource {
	t.Helper()
	m := &memSource{byType: map[string][]*fhir.Resource{}, byRef: map[string]*fhir.Resource{}}
	for _, d := range docs {
		r, err := fhir.ParseOptions{Version: v}.Parse([]byte(d))
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		m.add(r)
	}
	return m
}

func (m *memSource) add(r *fhir.Resource) {
	m.byType[r.Type()] = append(m.byType[r.Type()], r)
	m.byRef[r.Type()+"/"+r.ID()] = r
}

func (m *memSource) OfType(typ string) []*fhir.Resource { return m.byType[typ] }
func (m *memSource) Lookup(ref string) *fhir.Resource {
	t, id := refTail(ref)
	return m.byRef[t+"/"+id]
}

func ids(rs []*fhir.Resource) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID())
	}
	return strings.Join(out, ",")
}

func search(t *testing.T, ix *Index, typ, raw string) *Result {
	t.Helper()
	q, err := ParseQuery(ix.Version, typ, raw)
	if err != nil {
		t.Fatalf("%s?%s: %v", typ, raw, err)
	}
	if len(q.Ignored) > 0 {
		t.Fatalf("%s?%s: ignored %v", typ, raw, q.Ignored)
	}
	return ix.Search(q, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
}

func stu3Conditions(t testing.TB) *Index {
	src := newMem(t, fhir.STU3,
		`{"resourceType":"Patient","id":"p1","name":[{"family":"Jansen","given":["Ånne"]}],"identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"999911120"}]}`,
		`{"resourceType":"Condition","id":"c1","clinicalStatus":"active","code":{"coding":[{"system":"http://snomed.info/sct","code":"1","display":"Astma"}],"text":"astma bronchiale"},"subject":{"reference":"Patient/p1"},"onsetDateTime":"2020-05-01"}`,
		`{"resourceType":"Condition","id":"c2","clinicalStatus":"resolved","code":{"coding":[{"system":"http://snomed.info/sct","code":"2"}]},"subject":{"reference":"Patient/p1"},"onsetPeriod":{"start":"2021-01-01T10:00:00+01:00","end":"2021-03-01"}}`,
		`{"resourceType":"Condition","id":"c3","code":{"coding":[{"system":"http://loinc.org","code":"1"}]},"subject":{"reference":"Patient/p1"},"onsetPeriod":{"start":"2022-06-01"}}`,
		`{"resourceType":"Condition","id":"c4","subject":{"reference":"Patient/p1"},"asserter":{"reference":"Practitioner/pr1"}}`,
		`{"resourceType":"Practitioner","id":"pr1"}`,
		`{"resourceType":"Provenance","id":"prov1","target":[{"reference":"Condition/c1"}],"recorded":"2020-05-02T00:00:00Z","agent":[{"whoReference":{"reference":"Practitioner/pr1"}}]}`,
	)
	return NewIndex(fhir.STU3, src)
}

func TestDateSearch(t *testing.T) {
	ix := stu3Conditions(t)
	for _, tc := range []struct{ q, want string }{
		{"onset-date=ge2100-01-01", "c3"}, // an ongoing period
		{"onset-date=2020-05-01", "c1"},
		{"onset-date=2020-05", "c1"},
		{"onset-date=2020", "c1"},
		{"onset-date=eq2020-05-01T10:00", ""}, // a day is not inside a minute
		{"onset-date=ge2021-02-01", "c2,c3"},
		{"onset-date=gt2021-03-01", "c3"}, // c2 ends within that day
		{"onset-date=lt2021-01-01", "c1"},
		{"onset-date=le2021-01-01", "c1,c2"},
		{"onset-date=ge2020-01-01&onset-date=le2020-12-31", "c1"},
		{"onset-date=sa2020-06-01", "c2,c3"},
		{"onset-date=eb2021-01-01", "c1"},
		{"onset-date=ne2020-05-01", "c2,c3"},
		{"onset-date=ap2020-05-03", "c1"},
		{"onset-date=ge2030-01-01", "c3"}, // an open end goes on
		{"onset-date:missing=true", "c4"},
	} {
		if got := ids(search(t, ix, "Condition", tc.q).Matches); got != tc.want {
			t.Errorf("Condition?%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestTokenStringReference(t *testing.T) {
	ix := stu3Conditions(t)
	for _, tc := range []struct{ typ, q, want string }{
		{"Condition", "code=http://snomed.info/sct|1", "c1"},
		{"Condition", "code=1", "c1,c3"},
		{"Condition", "code=http://snomed.info/sct|", "c1,c2"},
		{"Condition", "code=|1", ""},
		{"Condition", "code:not=http://snomed.info/sct|1", "c2,c3,c4"},
		{"Condition", "code:text=bronch", "c1"},
		{"Condition", "clinical-status=active,resolved", "c1,c2"},
		{"Condition", "_id=c2,c3", "c2,c3"},
		{"Condition", "asserter=Practitioner/pr1", "c4"},
		{"Condition", "asserter=pr1", "c4"},
		{"Condition", "asserter:Practitioner=pr1", "c4"},
		{"Patient", "family=jans", "p1"},
		{"Patient", "given=anne", "p1"},
		{"Patient", "family:exact=jansen", ""},
		{"Patient", "family:exact=Jansen", "p1"},
		{"Patient", "family:contains=nse", "p1"},
		{"Patient", "name=jan", "p1"},
	} {
		if got := ids(search(t, ix, tc.typ, tc.q).Matches); got != tc.want {
			t.Errorf("%s?%s = %q, want %q", tc.typ, tc.q, got, tc.want)
		}
	}
}

func TestIncludesSortPaging(t *testing.T) {
	ix := stu3Conditions(t)
	r := search(t, ix, "Condition", "_id=c4&_include=Condition:asserter")
	if ids(r.Includes) != "pr1" {
		t.Errorf("include: %q", ids(r.Includes))
	}
	r = search(t, ix, "Condition", "_id=c1&_revinclude=Provenance:target&_include:iterate=Provenance:agent")
	if ids(r.Includes) != "prov1,pr1" {
		t.Errorf("revinclude+iterate: %q", ids(r.Includes))
	}
	r = search(t, ix, "Condition", "_sort=-onset-date")
	if got := ids(r.Matches); got != "c3,c2,c1,c4" {
		t.Errorf("sort desc: %q", got)
	}
	r = search(t, ix, "Condition", "_sort=onset-date&_count=2")
	if ids(r.Matches) != "c1,c2" || !r.Next || r.Total != 4 {
		t.Errorf("page 1: %q next %v total %d", ids(r.Matches), r.Next, r.Total)
	}
	r = search(t, ix, "Condition", "_sort=onset-date&_count=2&_offset=2")
	if ids(r.Matches) != "c3,c4" || r.Next {
		t.Errorf("page 2: %q next %v", ids(r.Matches), r.Next)
	}
	r = search(t, ix, "Condition", "_summary=count")
	if r.Total != 4 || len(r.Matches) != 0 {
		t.Errorf("summary count: %d %d", r.Total, len(r.Matches))
	}
}

func TestParseErrors(t *testing.T) {
	for _, raw := range []string{"onset-date=2020-13-01", "onset-date=soon", "code:exact=x", "_count=-1", "onset-date:missing=maybe", "code=", "_include=Condition"} {
		if _, err := ParseQuery(fhir.STU3, "Condition", raw); err == nil {
			t.Errorf("%s: no error", raw)
		}
	}
	q, err := ParseQuery(fhir.STU3, "Condition", "foo=bar&code=1&subject.name=x")
	if err != nil || !slices.Equal(q.Ignored, []string{"foo", "subject.name"}) || !slices.Equal(q.Handled, []string{"code=1"}) {
		t.Errorf("lenient: %v %+v", err, q)
	}
}

func TestResolveDates(t *testing.T) {
	today := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"${DATE, T, D, -355}":              "2025-12-17",
		"${DATE, T, D,-365}":               "2025-12-07",
		"${DATE, T, D, +7}T00:00:00+02:00": "2026-12-14T00:00:00+02:00",
		"${DATE, T, Y, -2}":                "2024-12-07",
		"${CURRENTDATE}":                   "2026-12-07",
		"ge${CURRENTDATE,M,-14}":           "ge2025-10-07",
		"${DATE, T, D, -0}":                "2026-12-07",
		"${UUID} ${patient-token-X}":       "${UUID} ${patient-token-X}",
		"${DATE, T, Q, 1}":                 "${DATE, T, Q, 1}",
		"${DATE":                           "${DATE",
	} {
		if got := ResolveDates(in, today, nil); got != want {
			t.Errorf("%q = %q, want %q", in, got, want)
		}
	}
	vars := func(n string) (string, bool) { return "2020-01-31", n == "T" }
	if got := ResolveDates("${DATE, T, M, 1}", today, vars); got != "2020-03-02" {
		t.Errorf("with T: %q", got)
	}
}

// BenchmarkDateRange10k is a date-range search over a dossier of 10,000
// Observations (values extracted on the first search, as the DVA does).
func BenchmarkDateRange10k(b *testing.B) {
	src := &memSource{byType: map[string][]*fhir.Resource{}, byRef: map[string]*fhir.Resource{}}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		doc := fmt.Sprintf(`{"resourceType":"Observation","id":"o%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"%d"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"%s"}`,
			i, i%50, start.Add(time.Duration(i)*36*time.Hour).Format(time.RFC3339))
		r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(doc))
		if err != nil {
			b.Fatal(err)
		}
		src.add(r)
	}
	ix := NewIndex(fhir.STU3, src)
	q, err := ParseQuery(fhir.STU3, "Observation", "date=ge2010-01-01&date=le2010-12-31")
	if err != nil {
		b.Fatal(err)
	}
	if n := ix.Search(q, Options{}).Total; n < 200 || n > 250 { // the first search extracts the values
		b.Fatalf("%d matches", n)
	}
	b.ResetTimer()
	for b.Loop() {
		ix.Search(q, Options{})
	}
}
