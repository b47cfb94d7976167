package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/pgoclient"
)

// runLoadtest sends the searches of a TestScript to a FHIR base URL with a
// bearer token, from several workers, and prints requests/s, statuses and
// latency percentiles:
//
//	ketentest loadtest --base https://sandbox.example/fhir --token T --script medmij-bgz-phr-1-1-retrieve-bgz.xml
//
// With "findings" as first argument it is the findings load generator
// instead (see runLoadtestFindings).
func runLoadtest(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "findings" {
		return runLoadtestFindings(ctx, args[1:], stdout)
	}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	base := fs.String("base", "", "FHIR base URL of the DVA")
	token := fs.String("token", "", "bearer access token (default: "+config.EnvLoadtestToken+")")
	script := fs.String("script", "", "TestScript whose searches to send")
	workers := fs.Int("workers", 8, "concurrent workers")
	duration := fs.Duration("duration", 10*time.Second, "how long to run")
	compare := fs.String("compare", "", "a second base URL (the limit server bench/dvalimit) loaded the same way right after; prints the ratio")
	if err := parseFlags(fs, args, stdout, "ketentest loadtest --base URL --token T --script TESTSCRIPT.xml [flags]\n       ketentest loadtest findings --help",
		"Sends the searches of a TestScript to a FHIR base URL from several workers; prints req/s, statuses and latency percentiles."); err != nil {
		return err
	}
	if *token == "" {
		var cfg config.Config
		if err := cfg.EnvOnly(os.LookupEnv, config.EnvLoadtestToken); err != nil {
			return err
		}
		*token = cfg.LoadtestToken
	}
	if *base == "" || *token == "" || *script == "" {
		return errors.New("loadtest: --base, --token and --script are required")
	}
	data, err := os.ReadFile(*script)
	if err != nil {
		return err
	}
	searches, err := pgoclient.ScriptSearches(data)
	if err != nil || len(searches) == 0 {
		return fmt.Errorf("loadtest: no searches in %s: %v", *script, err)
	}
	rate, err := fhirLoad(ctx, *base, *token, searches, *workers, *duration, stdout)
	if err != nil || *compare == "" {
		return err
	}
	fmt.Fprintf(stdout, "compare %s:\n", *compare)
	limit, err := fhirLoad(ctx, *compare, *token, searches, *workers, *duration, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ratio: %.2f of the compared server's rate\n", rate/limit)
	return nil
}

// fhirLoad sends searches to base from workers for d and prints the
// figures; it returns the rate in requests per second.
func fhirLoad(ctx context.Context, base, token string, searches []pgoclient.Search, workers int, d time.Duration, stdout io.Writer) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	client := &http.Client{Timeout: 30 * time.Second}
	var mu sync.Mutex
	statuses := map[int]int{}
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; ctx.Err() == nil; i++ {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+searches[i%len(searches)].Path(), nil)
				if err != nil {
					return
				}
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("MedMij-Request-ID", rand.Text())
				req.Header.Set("Accept", "application/fhir+json")
				t0 := time.Now()
				resp, err := client.Do(req)
				status := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				} else if ctx.Err() != nil {
					return
				}
				d := time.Since(t0)
				mu.Lock()
				statuses[status]++
				lat = append(lat, d)
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return 0, errors.New("loadtest: no requests completed")
	}
	l := latencies(lat)
	l.sort()
	fmt.Fprintf(stdout, "%d requests in %s: %.0f req/s; p50 %s, p90 %s, p99 %s\n", len(lat), elapsed.Round(time.Millisecond),
		float64(len(lat))/elapsed.Seconds(), l.pct(0.5), l.pct(0.9), l.pct(0.99))
	for _, s := range slices.Sorted(mapKeys(statuses)) {
		label := fmt.Sprint(s)
		if s == 0 {
			label = "transport error"
		}
		fmt.Fprintf(stdout, "  %s: %d\n", label, statuses[s])
	}
	if statuses[http.StatusOK] != len(lat) {
		return 0, errors.New("loadtest: not every request answered 200")
	}
	return float64(len(lat)) / elapsed.Seconds(), nil
}

func mapKeys(m map[int]int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// latencies are measured durations; sort them before asking percentiles.
// Both load generators (FHIR searches and findings) report through it.
type latencies []time.Duration

func (l latencies) sort() { slices.Sort(l) }

// pct is the p-quantile (0 < p <= 1) of sorted latencies; 0 when empty.
func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	return l[min(len(l)-1, int(p*float64(len(l))))]
}

// summary is "p50 x, p95 y, p99 z, max m" of sorted latencies.
func (l latencies) summary() string {
	if len(l) == 0 {
		return "no samples"
	}
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	return fmt.Sprintf("p50 %s, p95 %s, p99 %s, max %s", r(l.pct(0.5)), r(l.pct(0.95)), r(l.pct(0.99)), r(l[len(l)-1]))
}
