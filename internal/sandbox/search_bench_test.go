package sandbox

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// BenchmarkDateRangeDossier10k: a date-range search through the whole
// handler over a dossier of 10,000 Observations, each iteration a range
// not asked before (so no cached answer), the searchset of about 50-60
// matches written as JSON. The first search of the dossier (building its
// index) runs before the timer.
func BenchmarkDateRangeDossier10k(b *testing.B) {
	rs := []*fhir.Resource{mustParse(b, `{"resourceType":"Patient","id":"p10k","name":[{"family":"Tienduizend"}]}`)}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		rs = append(rs, mustParse(b, fmt.Sprintf(`{"resourceType":"Observation","id":"o%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"%d"}]},"subject":{"reference":"Patient/p10k"},"effectiveDateTime":"%s"}`,
			i, i%50, start.Add(time.Duration(i)*36*time.Hour).Format(time.RFC3339))))
	}
	set, err := dossier.NewSet("10k", "", rs)
	if err != nil {
		b.Fatal(err)
	}
	e := newEnvSource(b, storetest.SQLite(b), set, "p10k", Options{NoTraffic: true})
	tok := e.token(b).AccessToken
	do := func(i int) {
		from := start.AddDate(0, 0, i%5000)
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://sandbox.test/fhir/Observation?date=ge%s&date=le%s&_count=%d",
			from.Format("2006-01-02"), from.AddDate(0, 0, 90).Format("2006-01-02"), 100+i/5000), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("MedMij-Request-ID", "rid")
		w := &discard{h: http.Header{}}
		e.dva.ServeHTTP(w, req)
		if w.status != 200 {
			b.Fatalf("%d", w.status)
		}
	}
	do(0)
	i := 1
	for b.Loop() {
		do(i)
		i++
	}
}

func mustParse(b testing.TB, s string) *fhir.Resource {
	r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(s))
	if err != nil {
		b.Fatal(err)
	}
	return r
}
