package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ketentest/ketentest/internal/config"
)

// Bounds of the findings load generator: it is a test tool for one's own
// machine, never a way to flood a server.
const (
	maxLoadDuration = 10 * time.Minute
	maxLoadClients  = 5000
	maxLoadFindings = 10_000_000
)

// runLoadtestFindings simulates the logging team and the people watching on
// the day against a ketentest on this machine, and prints created/s,
// latency percentiles and errors by kind:
//
//	ketentest loadtest findings --base http://127.0.0.1:8080 --token kt_... --hackathon 1 --loggers 200 --viewers 20 --duration 20s
func runLoadtestFindings(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest findings", flag.ContinueOnError)
	l := &findingsLoad{}
	fs.StringVar(&l.Base, "base", "", "base URL of ketentest, a loopback address such as http://127.0.0.1:8080")
	fs.StringVar(&l.Token, "token", "", "API token of an account that may log findings (default: "+config.EnvLoadtestToken+")")
	fs.Int64Var(&l.HackathonID, "hackathon", 0, "id of the hackathon to log findings in")
	fs.IntVar(&l.Loggers, "loggers", 200, "concurrent simulated loggers, each POSTing findings one after another")
	fs.Float64Var(&l.Rate, "rate", 0, "findings per second of all loggers together, spread evenly over them (0: each logger sends its next finding as soon as the last is acknowledged)")
	fs.IntVar(&l.Viewers, "viewers", 0, "concurrent simulated viewers, each GETting the list of findings")
	fs.DurationVar(&l.ViewerEvery, "viewer-interval", time.Second, "pause between two GETs of one viewer (0: back to back)")
	fs.StringVar(&l.ViewerQuery, "viewer-query", "limit=50", "query string of the viewers' GET of the list (default: the newest 50, as a board shows)")
	fs.IntVar(&l.ViewersSSE, "viewers-sse", 0, "viewers connected to the live board's event stream; measures POST acknowledgement → receipt by all of them")
	fs.DurationVar(&l.Duration, "duration", 30*time.Second, "how long new findings are started (at most 10m)")
	fs.IntVar(&l.Max, "max", 1_000_000, "at most this many findings in total")
	fs.DurationVar(&l.Settle, "settle", 10*time.Second, "after --duration, how long unacknowledged findings are still retried")
	fs.BoolVar(&l.AllowNames, "allow-localhost-names", false, "also accept the host name localhost (or *.localhost) when it resolves only to loopback addresses")
	if err := parseFlags(fs, args, stdout, "ketentest loadtest findings --base http://127.0.0.1:8080 --token T --hackathon ID [flags]",
		"Bounded load on ketentest itself, loopback only: loggers POST findings, viewers GET the list and watch the live board."); err != nil {
		return err
	}
	if l.Token == "" {
		var cfg config.Config
		if err := cfg.EnvOnly(os.LookupEnv, config.EnvLoadtestToken); err != nil {
			return err
		}
		l.Token = cfg.LoadtestToken
	}
	res, err := l.Run(ctx)
	if res != nil {
		res.print(stdout, l)
	}
	if err != nil {
		return err
	}
	if res.Created+res.Repeated == 0 {
		return errors.New("loadtest findings: no finding was acknowledged")
	}
	if len(res.Pending) > 0 || res.Rejected > 0 {
		return fmt.Errorf("loadtest findings: %d findings never acknowledged, %d refused", len(res.Pending), res.Rejected)
	}
	return nil
}

// findingsLoad is the findings load generator. Each logger POSTs findings
// one after another, every one with its own Idempotency-Key; a request that
// is not acknowledged (transport error, 5xx, 429) is retried with the same
// key, so the server stores each finding once however often it is sent.
// The test that kills the server mid-load uses it in-process.
type findingsLoad struct {
	Base        string
	Token       string
	HackathonID int64
	Loggers     int
	Rate        float64 // findings/s of all loggers together; 0 is closed loop
	Viewers     int
	ViewerEvery time.Duration
	ViewerQuery string
	ViewersSSE  int
	Duration    time.Duration // no new finding is started after it
	Max         int           // at most this many findings
	Settle      time.Duration // after Duration, retries of unacknowledged findings go on this long
	AllowNames  bool          // accept localhost names that resolve to loopback only
	RunID       string        // prefix of the idempotency keys; random when empty

	acked  atomic.Int64 // findings acknowledged so far, for progress
	client *http.Client
	start  time.Time

	mu       sync.Mutex
	res      *findingsResult
	sseTrack *sseTracker
}

// ack is one acknowledged finding.
type ack struct {
	ID     int64
	Key    string // the finding's number, e.g. LOAD-42
	Status int    // 201 created, 200 a repeat of a stored one
	At     time.Time
}

// findingsResult is what a run measured.
type findingsResult struct {
	Elapsed  time.Duration  // from start to the last acknowledgement
	Late     int            // paced findings sent more than one interval after their time: the rate was not reached
	Created  int            // answered 201
	Repeated int            // answered 200: stored before, its acknowledgement was lost
	Rejected int            // refused for good (4xx other than 408/429)
	Acked    map[string]ack // idempotency key → acknowledged finding
	Pending  []string       // keys never acknowledged
	Errors   map[string]int // kind → count, retried or not
	PostLat  latencies      // of every POST that got an answer
	GetLat   latencies      // of every viewer GET that got an answer
	PerSec   []int          // acknowledgements per second since start
	SSE      *sseResult
}

// Run runs the load and returns what it measured. The error is for a
// configuration that cannot run at all.
func (l *findingsLoad) Run(ctx context.Context) (*findingsResult, error) {
	base, err := loopbackBase(l.Base, l.AllowNames)
	if err != nil {
		return nil, err
	}
	l.Base = strings.TrimSuffix(base.String(), "/")
	switch {
	case l.Token == "":
		return nil, errors.New("loadtest findings: --token is required")
	case l.HackathonID <= 0:
		return nil, errors.New("loadtest findings: --hackathon must be the id of a hackathon")
	case l.Loggers < 1 || l.Loggers > maxLoadClients:
		return nil, fmt.Errorf("loadtest findings: --loggers must be between 1 and %d", maxLoadClients)
	case l.Viewers < 0 || l.Viewers > maxLoadClients || l.ViewersSSE < 0 || l.ViewersSSE > maxLoadClients:
		return nil, fmt.Errorf("loadtest findings: --viewers and --viewers-sse must be between 0 and %d", maxLoadClients)
	case l.Duration <= 0 || l.Duration > maxLoadDuration:
		return nil, fmt.Errorf("loadtest findings: --duration must be between 0 and %s", maxLoadDuration)
	case l.Max < 1 || l.Max > maxLoadFindings:
		return nil, fmt.Errorf("loadtest findings: --max must be between 1 and %d", maxLoadFindings)
	case l.Rate < 0 || l.Rate > 1e6:
		return nil, errors.New("loadtest findings: --rate must be between 0 and 1000000 findings/s")
	case l.Settle < 0 || l.Settle > maxLoadDuration:
		return nil, fmt.Errorf("loadtest findings: --settle must be between 0 and %s", maxLoadDuration)
	}
	if l.RunID == "" {
		l.RunID = "lt-" + strings.ToLower(rand.Text()[:10])
	}
	l.client = loopbackClient(l.Loggers + l.Viewers + l.ViewersSSE)
	l.res = &findingsResult{Acked: map[string]ack{}, Errors: map[string]int{}}

	// Live-board viewers connect first, so they see every finding.
	sseCtx, sseStop := context.WithCancel(ctx)
	defer sseStop()
	var sseWG sync.WaitGroup
	if l.ViewersSSE > 0 {
		l.sseTrack = newSSETracker(l.ViewersSSE)
		if err := l.connectSSE(sseCtx, &sseWG); err != nil {
			sseStop()
			sseWG.Wait()
			return nil, err
		}
	}

	l.start = time.Now()
	newUntil := l.start.Add(l.Duration)
	retryCtx, cancel := context.WithDeadline(ctx, newUntil.Add(l.Settle))
	defer cancel()
	var next atomic.Int64
	var late atomic.Int64
	var wg sync.WaitGroup
	// Paced, each logger sends one finding per interval, the loggers evenly
	// staggered; one that falls behind sends at once and counts as late.
	var interval time.Duration
	if l.Rate > 0 {
		interval = time.Duration(float64(time.Second) * float64(l.Loggers) / l.Rate)
	}
	for j := range l.Loggers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			due := l.start.Add(interval * time.Duration(j) / time.Duration(l.Loggers))
			for ctx.Err() == nil && time.Now().Before(newUntil) {
				if interval > 0 {
					if wait := time.Until(due); wait > 0 {
						select {
						case <-ctx.Done():
							return
						case <-time.After(wait):
						}
					} else if -wait > interval {
						late.Add(1)
						due = time.Now()
					}
					due = due.Add(interval)
					if !time.Now().Before(newUntil) {
						return
					}
				}
				i := next.Add(1)
				if i > int64(l.Max) {
					return
				}
				l.logOne(retryCtx, l.RunID+"-"+strconv.FormatInt(i, 10), i)
			}
		}()
	}
	viewCtx, viewStop := context.WithDeadline(ctx, newUntil)
	defer viewStop()
	var vwg sync.WaitGroup
	for range l.Viewers {
		vwg.Add(1)
		go func() { defer vwg.Done(); l.view(viewCtx) }()
	}
	wg.Wait()
	viewStop()
	vwg.Wait()
	if l.sseTrack != nil {
		l.sseTrack.waitAll(ctx, l.ackedIDs(), 3*time.Second)
	}
	sseStop()
	sseWG.Wait()

	r := l.res
	r.Late = int(late.Load())
	var last time.Time
	for _, a := range r.Acked {
		if a.At.After(last) {
			last = a.At
		}
		sec := int(a.At.Sub(l.start) / time.Second)
		for len(r.PerSec) <= sec {
			r.PerSec = append(r.PerSec, 0)
		}
		r.PerSec[sec]++
	}
	if !last.IsZero() {
		r.Elapsed = last.Sub(l.start)
	}
	slices.Sort(r.Pending)
	r.PostLat.sort()
	r.GetLat.sort()
	if l.sseTrack != nil {
		r.SSE = l.sseTrack.result(r.Acked)
	}
	return r, nil
}

// Progress is the number of findings acknowledged so far.
func (l *findingsLoad) Progress() int64 { return l.acked.Load() }

// logOne sends one finding until it is acknowledged, refused for good, or
// ctx ends; retries reuse the idempotency key.
func (l *findingsLoad) logOne(ctx context.Context, key string, i int64) {
	body, _ := json.Marshal(map[string]string{
		"title":       "Loadtest finding " + strconv.FormatInt(i, 10),
		"description": "Logged by `ketentest loadtest findings`, run " + l.RunID + ".",
		"severity":    []string{"blokkerend", "hoog", "midden", "laag"}[i%4],
		"chain_link":  []string{"pgo", "dva", "xis", "testomgeving"}[i%4],
	})
	url := l.Base + "/api/v1/hackathons/" + strconv.FormatInt(l.HackathonID, 10) + "/findings"
	backoff := 20 * time.Millisecond
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+l.Token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		t0 := time.Now()
		resp, err := l.client.Do(req)
		var got struct {
			ID  int64  `json:"id"`
			Key string `json:"key"`
		}
		status := 0
		if err == nil {
			status = resp.StatusCode
			data, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && (status == http.StatusCreated || status == http.StatusOK) {
				rerr = json.Unmarshal(data, &got)
				if rerr == nil && got.ID == 0 {
					rerr = errors.New("no id")
				}
			}
			err = rerr
		}
		now := time.Now()
		l.mu.Lock()
		switch {
		case ctx.Err() != nil && (err != nil || status == 0):
			// Out of time: the request may or may not have been stored.
			l.res.Pending = append(l.res.Pending, key)
			l.mu.Unlock()
			return
		case err != nil:
			l.res.Errors["POST: "+transportKind(err)]++
		case status == http.StatusCreated || status == http.StatusOK:
			l.res.PostLat = append(l.res.PostLat, now.Sub(t0))
			l.res.Acked[key] = ack{ID: got.ID, Key: got.Key, Status: status, At: now}
			if status == http.StatusCreated {
				l.res.Created++
			} else {
				l.res.Repeated++
			}
			l.mu.Unlock()
			l.acked.Add(1)
			return
		default:
			l.res.PostLat = append(l.res.PostLat, now.Sub(t0))
			l.res.Errors["POST: HTTP "+strconv.Itoa(status)]++
			if status < 500 && status != http.StatusTooManyRequests && status != http.StatusRequestTimeout {
				l.res.Rejected++
				l.mu.Unlock()
				return
			}
		}
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			l.mu.Lock()
			l.res.Pending = append(l.res.Pending, key)
			l.mu.Unlock()
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// view GETs the list of findings until ctx ends, like a board refreshing.
func (l *findingsLoad) view(ctx context.Context) {
	u := l.Base + "/api/v1/hackathons/" + strconv.FormatInt(l.HackathonID, 10) + "/findings"
	if l.ViewerQuery != "" {
		u += "?" + l.ViewerQuery
	}
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+l.Token)
		t0 := time.Now()
		resp, err := l.client.Do(req)
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		d := time.Since(t0)
		if ctx.Err() != nil {
			return // cut off by the end of the run, not a server error
		}
		l.mu.Lock()
		switch {
		case err != nil:
			l.res.Errors["GET: "+transportKind(err)]++
		case resp.StatusCode != http.StatusOK:
			l.res.GetLat = append(l.res.GetLat, d)
			l.res.Errors["GET: HTTP "+strconv.Itoa(resp.StatusCode)]++
		default:
			l.res.GetLat = append(l.res.GetLat, d)
		}
		l.mu.Unlock()
		if l.ViewerEvery > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(l.ViewerEvery):
			}
		}
	}
}

func (l *findingsLoad) ackedIDs() map[int64]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[int64]time.Time, len(l.res.Acked))
	for _, a := range l.res.Acked {
		if t, ok := out[a.ID]; !ok || a.At.Before(t) {
			out[a.ID] = a.At
		}
	}
	return out
}

// print writes the report of a run.
func (r *findingsResult) print(w io.Writer, l *findingsLoad) {
	secs := r.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(r.Created+r.Repeated) / secs
	}
	pace := "each as fast as acknowledged"
	if l.Rate > 0 {
		pace = fmt.Sprintf("paced at %.0f/s together", l.Rate)
	}
	fmt.Fprintf(w, "findings: %d created (201), %d repeats (200) in %s by %d loggers (%s): %.0f created/s\n",
		r.Created, r.Repeated, r.Elapsed.Round(time.Millisecond), l.Loggers, pace, rate)
	if r.Late > 0 {
		fmt.Fprintf(w, "  late: %d findings sent more than one interval behind their time (the rate was not reached)\n", r.Late)
	}
	// Sustained: the full seconds, leaving out the last (partial) one.
	if full := r.PerSec[:max(len(r.PerSec)-1, 0)]; len(full) > 0 {
		s := slices.Clone(full)
		slices.Sort(s)
		fmt.Fprintf(w, "  per second over %d full seconds: min %d, median %d, max %d\n", len(s), s[0], s[len(s)/2], s[len(s)-1])
	}
	fmt.Fprintf(w, "  POST latency (%d answered): %s\n", len(r.PostLat), r.PostLat.summary())
	if l.Viewers > 0 {
		fmt.Fprintf(w, "viewers: %d GETs of the list by %d viewers: %s\n", len(r.GetLat), l.Viewers, r.GetLat.summary())
	}
	if s := r.SSE; s != nil {
		fmt.Fprintf(w, "live board: %d SSE viewers; %d of %d findings reached all of them; acknowledgement → last viewer: %s\n",
			s.Viewers, s.Complete, s.Findings, s.Delay.summary())
		fmt.Fprintf(w, "  within 1s at all viewers: %d of %d\n", s.Within1s, s.Findings)
	}
	if len(r.Errors) == 0 {
		fmt.Fprintln(w, "errors: none")
	} else {
		fmt.Fprintln(w, "errors by kind (each retried with the same key unless refused for good):")
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range r.Errors {
				if !yield(k) {
					return
				}
			}
		}) {
			fmt.Fprintf(w, "  %s: %d\n", k, r.Errors[k])
		}
	}
	if r.Rejected > 0 {
		fmt.Fprintf(w, "refused for good: %d\n", r.Rejected)
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(w, "never acknowledged (may or may not be stored): %d\n", len(r.Pending))
	}
}

// transportKind names a failed request's error without its details.
func transportKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, errNotLoopback):
		return "refused non-loopback address"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || strings.Contains(err.Error(), "no id") {
		return "unreadable answer"
	}
	return "transport error"
}

var errNotLoopback = errors.New("not a loopback address")

// loopbackBase accepts only a base URL on this machine: a loopback IP
// address, or with allowNames the name localhost (or a name under
// .localhost) that resolves to loopback addresses only.
func loopbackBase(raw string, allowNames bool) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("loadtest findings: --base is required, e.g. http://127.0.0.1:8080")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("loadtest findings: --base %q must be an http(s) URL such as http://127.0.0.1:8080", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("loadtest findings: --base %q must not hold credentials, a query or a fragment", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return nil, fmt.Errorf("loadtest findings: %s is %w; the load generator only runs against this machine (127.0.0.0/8 or ::1)", host, errNotLoopback)
		}
		return u, nil
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if !allowNames || (name != "localhost" && !strings.HasSuffix(name, ".localhost")) {
		return nil, fmt.Errorf("loadtest findings: host %q is not a loopback address; use 127.0.0.1 or ::1 (or localhost with --allow-localhost-names)", host)
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(context.Background(), name)
	if err != nil || len(addrs) == 0 {
		return nil, fmt.Errorf("loadtest findings: host %q does not resolve: %v", host, err)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return nil, fmt.Errorf("loadtest findings: host %q resolves to %s, which is %w", host, a.IP, errNotLoopback)
		}
	}
	return u, nil
}

// loopbackClient is an HTTP client that connects to loopback addresses
// only (checked at every dial), follows no redirects and keeps one idle
// connection per simulated client.
func loopbackClient(conns int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("dial %s: %w", address, errNotLoopback)
		}
		return nil
	}}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConns: conns + 10, MaxIdleConnsPerHost: conns + 10,
		IdleConnTimeout: 90 * time.Second, ResponseHeaderTimeout: 30 * time.Second}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// connectSSE opens the live board's event stream for every SSE viewer and
// returns once all are connected; readers run until ctx ends.
func (l *findingsLoad) connectSSE(ctx context.Context, wg *sync.WaitGroup) error {
	u := l.Base + "/api/v1/hackathons/" + strconv.FormatInt(l.HackathonID, 10) + "/findings/events"
	errc := make(chan error, l.ViewersSSE)
	for v := range l.ViewersSSE {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err != nil {
				errc <- err
				return
			}
			req.Header.Set("Authorization", "Bearer "+l.Token)
			req.Header.Set("Accept", "text/event-stream")
			resp, err := l.client.Do(req)
			if err != nil {
				errc <- fmt.Errorf("SSE viewer: %w", err)
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				errc <- fmt.Errorf("loadtest findings: %s answered %d %q, not an event stream", u, resp.StatusCode, resp.Header.Get("Content-Type"))
				return
			}
			errc <- nil
			readSSE(resp.Body, func(event, data string) {
				if event != "finding" {
					return
				}
				var f struct {
					ID int64 `json:"id"`
				}
				if json.Unmarshal([]byte(data), &f) == nil && f.ID != 0 {
					l.sseTrack.mark(f.ID, v, time.Now())
				}
			})
		}()
	}
	deadline := time.After(30 * time.Second)
	for range l.ViewersSSE {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-deadline:
			return errors.New("loadtest findings: SSE viewers did not connect within 30s")
		}
	}
	return nil
}

// readSSE parses a text/event-stream and calls fn for every event.
func readSSE(r io.Reader, fn func(event, data string)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	event, data := "", []string{}
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if len(data) > 0 {
				if event == "" {
					event = "message"
				}
				fn(event, strings.Join(data, "\n"))
			}
			event, data = "", data[:0]
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue // comment, e.g. a keep-alive
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			event = value
		case "data":
			data = append(data, value)
		}
	}
}

// sseTracker records which SSE viewer saw which finding, and when the last
// of them did.
type sseTracker struct {
	viewers int
	mu      sync.Mutex
	seen    map[int64]*sseSeen
}

type sseSeen struct {
	bits []uint64 // viewer v saw it when bit v is set
	n    int
	last time.Time
}

func newSSETracker(viewers int) *sseTracker {
	return &sseTracker{viewers: viewers, seen: map[int64]*sseSeen{}}
}

func (t *sseTracker) mark(id int64, viewer int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.seen[id]
	if s == nil {
		s = &sseSeen{bits: make([]uint64, (t.viewers+63)/64)}
		t.seen[id] = s
	}
	if s.bits[viewer/64]&(1<<(viewer%64)) != 0 {
		return
	}
	s.bits[viewer/64] |= 1 << (viewer % 64)
	s.n++
	s.last = at
}

// waitAll waits up to grace for every acknowledged finding to reach every viewer.
func (t *sseTracker) waitAll(ctx context.Context, ids map[int64]time.Time, grace time.Duration) {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		t.mu.Lock()
		done := true
		for id := range ids {
			if s := t.seen[id]; s == nil || s.n < t.viewers {
				done = false
				break
			}
		}
		t.mu.Unlock()
		if done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sseResult is the live board's part of a run.
type sseResult struct {
	Viewers  int
	Findings int       // distinct acknowledged findings
	Complete int       // of them, seen by every viewer
	Within1s int       // of them, seen by every viewer within 1s of the acknowledgement
	Delay    latencies // acknowledgement → receipt by the last viewer, of the complete ones
}

func (t *sseTracker) result(acked map[string]ack) *sseResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	first := map[int64]time.Time{}
	for _, a := range acked {
		if at, ok := first[a.ID]; !ok || a.At.Before(at) {
			first[a.ID] = a.At
		}
	}
	r := &sseResult{Viewers: t.viewers, Findings: len(first)}
	for id, at := range first {
		s := t.seen[id]
		if s == nil || s.n < t.viewers {
			continue
		}
		r.Complete++
		d := max(s.last.Sub(at), 0) // an event may overtake the POST's answer
		if d <= time.Second {
			r.Within1s++
		}
		r.Delay = append(r.Delay, d)
	}
	r.Delay.sort()
	return r
}
