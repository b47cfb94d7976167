package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTrafficBuffered sends requests from many goroutines, more than one
// batch and more than the buffer holds, and checks that Traffic sees every
// one of them after a flush and that Close leaves none unwritten.
func TestTrafficBuffered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		empty, _ := dossier.NewSet("leeg", "", nil)
		d := NewDVA(db, empty, Options{})
		const workers, each = 8, 1200 // 9,600 > the 8,192 buffered
		send := func(n int) {
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < n; i++ {
						req := httptest.NewRequest("GET", "/48/fhir/metadata", nil)
						req.Header.Set("MedMij-Request-ID", "rid")
						d.ServeHTTP(httptest.NewRecorder(), req)
					}
				}()
			}
			wg.Wait()
		}
		send(10)
		got, err := d.Traffic(t.Context(), "", 1000)
		if err != nil || len(got) != workers*10 || got[0].Path != "/48/fhir/metadata" || got[0].Status != 200 || got[0].RequestID != "rid" {
			t.Fatalf("after flush: %d entries, %v", len(got), err)
		}
		send(each)
		d.Close()
		var n int
		if err := db.QueryRow(t.Context(), "SELECT COUNT(*) FROM sandbox_traffic").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != workers*(each+10) {
			t.Fatalf("%d records after Close, want %d", n, workers*(each+10))
		}
		// After Close, requests are still recorded, one by one.
		d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nope", nil))
		if err := db.QueryRow(t.Context(), "SELECT COUNT(*) FROM sandbox_traffic").Scan(&n); err != nil || n != workers*(each+10)+1 {
			t.Fatalf("after Close: %d, %v", n, err)
		}
	})
}

// FuzzHeadersJSON: the hand-written header encoding is json.Marshal's.
func FuzzHeadersJSON(f *testing.F) {
	f.Add("Accept", "application/fhir+json", "X-A", "<b>&\"x\"\\\n")
	f.Add("authorization", "Bearer abc", "Cookie", "s=1")
	f.Add("Location", "https://x/cb?code=1&state=2", "X-Ü", "é\xff")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		h := http.Header{k1: {v1, v2}, k2: {v2}, "X-Nil": nil}
		want, _ := json.Marshal(redact.Header(h))
		if got := headersJSON(h); got != string(want) {
			t.Fatalf("got %s, want %s", got, want)
		}
	})
}
