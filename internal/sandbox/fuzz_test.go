package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// FuzzParseQuery checks that the query parser never panics, and that what
// it reports as handled parses again to the same filters.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "_include=Patient:general-practitioner", "category=http://snomed.info/sct|118228005,http://snomed.info/sct|384821006",
		"code=http%3A%2F%2Floinc.org%7C85354-9&_format=xml", "status=booked,pending,proposed", "code=a\\,b|c\\|d", "code=%zz",
		"_include=Coverage:payor:Patient&_include=Coverage:payor:Organization", "max=3&code=|x", "patient=1", "code=,", "code=\\",
		"class=http://hl7.org/fhir/v3/ActCode|IMP&foo=bar&_id=x", "date=ge2020-01-01&date=le2021&_count=1&_offset=2&_sort=-date",
		"identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120", "patient:Patient=1", "subject.identifier=x", "_summary=count&_elements=code",
	} {
		f.Add("Observation", s, false)
	}
	for _, s := range []string{
		"scope=http://terminology.hl7.org/CodeSystem/consentscope|treatment&category=http://snomed.info/sct|129125009&_include=Consent:actor",
		"_include=Consent:source-reference&status=active", "_include=Immunization:patient&_include=Immunization:performer&_include=Immunization:location",
		"vaccine-code=urn:oid:2.16.840.1.113883.2.4.4.7|2925508&status=completed", "lifecycle-status=active&category=|713603004",
	} {
		f.Add("Consent", s, true)
	}
	f.Fuzz(func(t *testing.T, typ, raw string, r4 bool) {
		v := fhir.STU3
		if r4 {
			v = fhir.R4
		}
		lastn := typ == "Observation"
		q, err := ParseQuery(v, typ, raw, lastn)
		if err != nil {
			if _, ok := err.(*QueryError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if strings.HasPrefix(raw, "patient=") || strings.Contains(raw, "&patient=") {
			t.Fatalf("%q: a patient search was accepted", raw)
		}
		q2, err := ParseQuery(v, typ, strings.Join(q.Handled, "&"), lastn)
		if err != nil {
			t.Fatalf("handled part %q does not parse again: %v", q.Handled, err)
		}
		if len(q2.Clauses) != len(q.Clauses) || len(q2.Includes) != len(q.Includes) || q2.Format != q.Format || maxOf(q2) != maxOf(q) || q2.Count != q.Count {
			t.Fatalf("handled part %q parses differently", q.Handled)
		}
		for i := range q.Clauses {
			if len(q.Clauses[i].Values) != len(q2.Clauses[i].Values) {
				t.Fatalf("values differ for %q", q.Clauses[i].Name)
			}
		}
	})
}

// BenchmarkBgZSearch measures BgZ searches per second through the whole
// handler (token check and traffic recording on SQLite included), cycling
// through the 28 searches of the PHR-Client TestScript.
func BenchmarkBgZSearch(b *testing.B) {
	b.Run("recorded", func(b *testing.B) { benchSearch(b, Options{}) })
	b.Run("unrecorded", func(b *testing.B) { benchSearch(b, Options{NoTraffic: true}) })
	b.Run("recorded-store", func(b *testing.B) { benchSearch(b, Options{Provider: "store"}) })
}

func benchSearch(b *testing.B, opts Options) {
	dir := certDir(b)
	var e *env
	if opts.Provider == "store" { // dossiers from the database, as `ketentest serve` has them
		opts.Provider = ""
		db := storetest.SQLite(b)
		st := dossier.NewStore(db)
		id, err := st.Create(b.Context(), 0, "bench", "48", fhir.STU3)
		if err == nil {
			_, err = st.AddVersion(b.Context(), id, "bench", bgzSet(b).Resources)
		}
		if err != nil {
			b.Fatal(err)
		}
		e = newEnvSource(b, db, st, fmt.Sprint(id, ":", testPatient), opts)
	} else {
		e = newEnv(b, storetest.SQLite(b), opts)
	}
	tr := e.token(b)
	var paths []string
	for _, q := range scriptQueries(b, dir+"/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml") {
		paths = append(paths, q.requestPath())
	}
	h := e.dva
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, "http://sandbox.test"+paths[i%len(paths)], nil)
			req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
			req.Header.Set("MedMij-Request-ID", "rid")
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != 200 {
				b.Errorf("%s: %d", paths[i%len(paths)], w.status)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header { return d.h }
func (d *discard) WriteHeader(s int)   { d.status = s }
func (d *discard) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = 200
	}
	return len(p), nil
}
