package testday_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// BenchmarkAutomatedSnelcheck200: the automated items (reachable,
// metadata, OAuth — the TLS and reference-run items need https and a run)
// of 200 DVA participants, each with its own endpoint path on one
// loopback server that answers after 50 ms, with the policy opened for
// loopback and at most Concurrency checks at once.
func BenchmarkAutomatedSnelcheck200(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond)
		if strings.HasSuffix(r.URL.Path, "/metadata") {
			w.Write([]byte(`{"resourceType":"CapabilityStatement"}`))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
	}))
	defer srv.Close()
	f.svc.Policy.AllowURL(srv.URL)
	if _, err := f.svc.DrawUp(ctx, f.h.ID, f.tech); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		org := f.org(b, fmt.Sprintf("DVA %03d", i), "dva", fmt.Sprintf("dva%d@x.example", i), "")
		if _, err := f.svc.Apply(ctx, f.h.ID, org, testday.ParticipantInput{Endpoint: fmt.Sprintf("%s/dva%d/fhir", srv.URL, i)}, f.tech); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := f.svc.RunAutomated(ctx, f.h.ID, nil, f.tech)
		if err != nil || len(res) != 200*6 {
			b.Fatalf("%d results, %v", len(res), err)
		}
		for _, r := range res {
			if (r.Check == testday.AutoMetadata || r.Check == testday.AutoReachable || r.Check == testday.AutoOAuth) && !r.Pass {
				b.Fatalf("%+v", r)
			}
		}
	}
}
