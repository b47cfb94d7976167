package twiin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Puller is the receiving side's pull: it resolves the sender, replays
// the authorization base at the sender's token endpoint and runs exactly
// the queries and reads the Notification lists.
type Puller struct {
	HTTP        *http.Client
	Creds       Credentials // registered at the sender's authorization server
	Resolve     func(ctx context.Context, senderURA string) (Endpoints, error)
	Concurrency int // parallel requests (default 4)
}

// QueryResult is one query's or read's outcome.
type QueryResult struct {
	Query    string
	Status   int
	Entries  int    // searchset entries (0 for a read)
	Resource string // resourceType of the answer
	Err      string
	Duration time.Duration
}

// PullResult is a whole pull.
type PullResult struct {
	Sender  Endpoints
	Scope   string
	Results []QueryResult
	Took    time.Duration
}

// OK reports whether every request answered 200 with the right kind.
func (p *PullResult) OK() bool {
	for _, r := range p.Results {
		if r.Err != "" || r.Status != http.StatusOK {
			return false
		}
	}
	return len(p.Results) > 0
}

// ErrPullStopped is returned when a pull was stopped (its notification
// cancelled) before it finished.
var ErrPullStopped = errors.New("pull gestopt: notificatie ingetrokken")

// Pull runs the pull for a received Notification Task.
func (p *Puller) Pull(ctx context.Context, t *Task) (*PullResult, error) {
	start := time.Now()
	if t.Status != "requested" {
		return nil, errors.New("notificatie is niet (meer) requested")
	}
	if t.Requester == nil || t.Requester.OnBehalfOf == nil || t.Requester.OnBehalfOf.Identifier == nil {
		return nil, errors.New("notificatie zonder requester.onBehalfOf")
	}
	ep, err := p.Resolve(ctx, t.Requester.OnBehalfOf.Identifier.Value)
	if err != nil {
		return nil, fmt.Errorf("adressering van de verzender: %w", err)
	}
	tok, err := p.Creds.FetchToken(ctx, p.HTTP, ep.Token, t.Base(), "")
	if err != nil {
		return nil, fmt.Errorf("token bij de verzender: %w", err)
	}
	reqs := append(t.Queries(), t.Reads()...)
	res := &PullResult{Sender: ep, Scope: tok.Scope, Results: make([]QueryResult, len(reqs))}
	n := p.Concurrency
	if n <= 0 {
		n = 4
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, q := range reqs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if ctx.Err() != nil {
				res.Results[i] = QueryResult{Query: q, Err: "afgebroken: notificatie ingetrokken of pull gestopt"}
				return
			}
			res.Results[i] = p.get(ctx, strings.TrimSuffix(ep.FHIRBase, "/")+"/"+q, tok.TokenType+" "+tok.AccessToken, q)
		}()
	}
	wg.Wait()
	res.Took = time.Since(start)
	if ctx.Err() != nil {
		return res, ErrPullStopped
	}
	return res, nil
}

func (p *Puller) get(ctx context.Context, u, auth, q string) QueryResult {
	start := time.Now()
	r := QueryResult{Query: q}
	defer func() { r.Duration = time.Since(start) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	req.Header.Set("Accept", "application/fhir+json")
	req.Header.Set("Authorization", auth)
	resp, err := p.HTTP.Do(req)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer resp.Body.Close()
	r.Status = resp.StatusCode
	var body struct {
		ResourceType string            `json:"resourceType"`
		Entry        []json.RawMessage `json:"entry"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&body); err != nil {
		r.Err = "antwoord is geen FHIR JSON"
		return r
	}
	r.Resource, r.Entries = body.ResourceType, len(body.Entry)
	if resp.StatusCode == http.StatusOK && !strings.Contains(q, "?") && strings.Count(q, "/") == 1 && !strings.Contains(q, "$") {
		return r // a read: any resource
	}
	if resp.StatusCode == http.StatusOK && body.ResourceType != "Bundle" {
		r.Err = "zoekantwoord is geen Bundle"
	}
	return r
}

// PullOnNotify wires a receiver to a puller: every new notification
// starts a pull, a cancellation (conditional update to cancelled) stops
// the pending pull of that notification. done gets each pull's outcome.
func PullOnNotify(rc *Receiver, p *Puller, done func(*Received, *PullResult, error)) {
	var mu sync.Mutex
	cancels := map[string]context.CancelFunc{}
	rc.OnNotify = func(r *Received) {
		ctx, cancel := context.WithCancel(context.Background())
		mu.Lock()
		cancels[r.ID] = cancel
		mu.Unlock()
		go func() {
			res, err := p.Pull(ctx, r.Task)
			mu.Lock()
			delete(cancels, r.ID)
			mu.Unlock()
			cancel()
			if done != nil {
				done(r, res, err)
			}
		}()
	}
	rc.OnCancel = func(r *Received) {
		mu.Lock()
		cancel := cancels[r.ID]
		mu.Unlock()
		if cancel != nil {
			cancel()
		}
	}
}
