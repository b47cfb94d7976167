package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// BenchmarkLiveFanout connects 200 viewers to the live stream over real
// HTTP (loopback, default SQLite store), logs findings one after another and
// measures how long each takes to reach each viewer (p50/p99 per delivery)
// and to reach all 200 (p99, max). The target: a new finding shown
// to 200 connected viewers within 1 s.
//
//	go test ./internal/web/ -run '^$' -bench BenchmarkLiveFanout -benchtime 200x
func BenchmarkLiveFanout(b *testing.B) {
	const viewers = 200
	ctx := context.Background()
	db := storetest.SQLite(b)
	// One bench user holds all 200 streams: no per-user limit.
	srv := web.New(app.New(db, app.Options{DataDir: b.TempDir(), MaxStreamsPerUser: 0}), web.Options{Version: "bench"})
	srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer srv.EndStreams()
	u, err := srv.Accounts.Create(ctx, account.NewUser{Email: "bench@example.org", Name: "Bench", Password: "long enough pw", IsAdmin: true})
	if err != nil {
		b.Fatal(err)
	}
	_, token, _ := srv.Accounts.CreateToken(ctx, u.ID, "bench", 0)
	h, err := srv.Hackathons.Create(ctx, hackathon.Input{Code: "LIVE", Name: "Live", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	type receipt struct {
		fid int64
		at  time.Time
	}
	recv := make(chan receipt, viewers*16)
	tr := &http.Transport{MaxIdleConnsPerHost: viewers}
	client := &http.Client{Transport: tr}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan struct{}, viewers)
	for i := 0; i < viewers; i++ {
		req, _ := http.NewRequestWithContext(sctx, "GET", fmt.Sprintf("%s/api/v1/hackathons/%d/findings/events", ts.URL, h.ID), nil)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("viewer %d: %v %v", i, err, resp)
		}
		go func() {
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				line := sc.Text()
				if first && line == "" {
					first = false
					ready <- struct{}{}
				}
				if data, ok := strings.CutPrefix(line, "data: "); ok {
					var ev struct{ ID int64 }
					if json.Unmarshal([]byte(data), &ev) == nil {
						recv <- receipt{ev.ID, time.Now()}
					}
				}
			}
		}()
	}
	for i := 0; i < viewers; i++ {
		<-ready
	}
	svc := srv.App.Findings
	pct := func(ds []time.Duration, p float64) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[min(len(s)-1, int(float64(len(s))*p))].Microseconds()) / 1000
	}
	n := 0
	// One finding at a time: the latency of a single new finding.
	b.Run("one-by-one", func(b *testing.B) {
		var perDelivery, toAll []time.Duration
		for i := 0; i < b.N; i++ {
			n++
			start := time.Now()
			f, _, err := svc.Create(ctx, h.ID, finding.Input{Title: fmt.Sprintf("Bevinding %d", n), Severity: "hoog"}, u.ID)
			if err != nil {
				b.Fatal(err)
			}
			got := 0
			timeout := time.After(10 * time.Second)
			for got < viewers {
				select {
				case r := <-recv:
					if r.fid != f.ID {
						b.Fatalf("event of finding %d while waiting for %d", r.fid, f.ID)
					}
					got++
					perDelivery = append(perDelivery, r.at.Sub(start))
					if got == viewers {
						toAll = append(toAll, r.at.Sub(start))
					}
				case <-timeout:
					b.Fatalf("finding %d reached %d of %d viewers in 10 s", i, got, viewers)
				}
			}
		}
		b.ReportMetric(pct(perDelivery, 0.50), "p50-ms/delivery")
		b.ReportMetric(pct(perDelivery, 0.99), "p99-ms/delivery")
		b.ReportMetric(pct(toAll, 0.50), "p50-ms/all-200")
		b.ReportMetric(pct(toAll, 0.99), "p99-ms/all-200")
		b.ReportMetric(pct(toAll, 1), "max-ms/all-200")
	})
	// A burst: four loggers create b.N findings as fast as they can; every
	// viewer must still receive every one (none falls behind and is cut off).
	b.Run("burst", func(b *testing.B) {
		created := make(map[int64]time.Time, b.N)
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		per := (b.N + 3) / 4
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w * per; i < min(b.N, (w+1)*per); i++ {
					t0 := time.Now()
					f, _, err := svc.Create(ctx, h.ID, finding.Input{Title: fmt.Sprintf("Burst %d", i)}, u.ID)
					if err != nil {
						b.Error(err)
						return
					}
					mu.Lock()
					created[f.ID] = t0
					mu.Unlock()
				}
			}(w)
		}
		var lat []time.Duration
		var early []receipt
		timeout := time.After(60 * time.Second)
		for len(lat)+len(early) < b.N*viewers {
			select {
			case r := <-recv:
				mu.Lock()
				t0, ok := created[r.fid]
				mu.Unlock()
				if ok {
					lat = append(lat, r.at.Sub(t0))
				} else {
					early = append(early, r) // arrived before its creator recorded it
				}
			case <-timeout:
				b.Fatalf("%d of %d deliveries in 60 s", len(lat)+len(early), b.N*viewers)
			}
		}
		wg.Wait()
		for _, r := range early {
			lat = append(lat, r.at.Sub(created[r.fid]))
		}
		elapsed := time.Since(start)
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "findings/s")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "deliveries/s")
		b.ReportMetric(pct(lat, 0.50), "p50-ms/delivery")
		b.ReportMetric(pct(lat, 0.99), "p99-ms/delivery")
	})
}
