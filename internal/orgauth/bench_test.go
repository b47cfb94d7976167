package orgauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// BenchmarkTokenClientAssertion measures the token endpoint's core: parse
// and verify an ES256 client assertion (signature, claims, replay store),
// check the authorization base, mint and store the token. Assertions are
// signed before the timer starts.
func BenchmarkTokenClientAssertion(b *testing.B) {
	e := newEnv(b, "h1", nil, nil, nil)
	e.srv.cfg.Now = time.Now
	e.clock.Store(time.Now().Unix())
	e.bases.PutBase(context.Background(), &Base{Value: "base-h1", Hackathon: "h1", IssuedTo: ura, Queries: []string{"Condition"}, NotAfter: time.Now().Add(time.Hour)})
	forms := make([]map[string][]string, b.N)
	for i := range forms {
		forms[i] = e.form(e.assertion(b, nil))
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, oe := e.srv.Token(ctx, forms[i], nil); oe != nil {
			b.Fatal(oe)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTokenHTTP is the same over HTTP on loopback (form encoding,
// JSON answer), two client goroutines per core.
func BenchmarkTokenHTTP(b *testing.B) {
	e := newEnv(b, "h1", nil, nil, nil)
	e.srv.cfg.Now = time.Now
	e.clock.Store(time.Now().Unix())
	e.bases.PutBase(context.Background(), &Base{Value: "base-h1", Hackathon: "h1", IssuedTo: ura, Queries: []string{"Condition"}, NotAfter: time.Now().Add(time.Hour)})
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	forms := make(chan url.Values, b.N)
	for i := 0; i < b.N; i++ {
		forms <- e.form(e.assertion(b, nil))
	}
	close(forms)
	hc := ts.Client()
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 16
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := RequestToken(context.Background(), hc, ts.URL+"/token", <-forms, ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
