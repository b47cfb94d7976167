package testday

import (
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/ratelimit"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// TLSMinDays: a certificate that expires within this many days fails.
const TLSMinDays = 14

// AutoTimeout bounds one automated check.
const AutoTimeout = 10 * time.Second

// AutoResult is the outcome of one automated check.
type AutoResult struct {
	CheckID int64  `json:"check_id"`
	OrgID   int64  `json:"organisation_id"`
	Check   string `json:"auto_check"`
	Pass    bool   `json:"pass"`
	Detail  string `json:"detail"`
}

// RunAutomated runs the automated items of the given participants (none:
// all) through the SSRF guard, at most Concurrency at once, and records
// each outcome. It returns the outcomes in item order.
func (s *Service) RunAutomated(ctx context.Context, hackathonID int64, orgIDs []int64, by int64) ([]AutoResult, error) {
	all, err := s.AllChecks(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	endpoint := map[int64]string{}
	for _, p := range parts {
		endpoint[p.OrgID] = p.Endpoint
	}
	want := map[int64]bool{}
	for _, id := range orgIDs {
		if _, ok := endpoint[id]; !ok {
			// Not a participant of this hackathon: not found, nothing run.
			return nil, fmt.Errorf("snelcheck participant %d: %w", id, apperr.ErrNotFound)
		}
		want[id] = true
	}
	var todo []Check
	for _, c := range all {
		if c.Item.Kind == KindAuto && (len(orgIDs) == 0 || want[c.OrgID]) {
			todo = append(todo, c)
		}
	}
	client := s.Policy.HTTPClient()
	defer client.CloseIdleConnections()
	out := make([]AutoResult, len(todo))
	limit := max(1, s.Concurrency)
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i, c := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			cctx, cancel := context.WithTimeout(ctx, AutoTimeout)
			defer cancel()
			pass, detail := s.runOne(cctx, client, hackathonID, c, endpoint[c.OrgID])
			out[i] = AutoResult{CheckID: c.ID, OrgID: c.OrgID, Check: c.Item.AutoCheck, Pass: pass, Detail: detail}
		}()
	}
	wg.Wait()
	for i, c := range todo {
		if err := s.recordAuto(ctx, hackathonID, c, out[i].Pass, out[i].Detail, by); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Rerun is a participant re-running its own automated items: allowed as
// often as it likes, at most RerunsPerMinute times a minute per
// participant. The counter is the database-backed rate limiter, so the
// bound holds across every app instance and process.
func (s *Service) Rerun(ctx context.Context, hackathonID, orgID, by int64) ([]AutoResult, error) {
	if _, err := s.Participant(ctx, hackathonID, orgID); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("testday-rerun:%d:%d", hackathonID, orgID)
	d, err := ratelimit.New(s.DB).Hit(ctx, key, ratelimit.Rule{Max: max(1, s.RerunsPerMinute), Window: time.Minute}, s.Now())
	if err != nil {
		return nil, err
	}
	if !d.Allowed {
		return nil, &apperr.Conflict{Message: fmt.Sprintf("at most %d runs a minute; try again in %d s", s.RerunsPerMinute, int(d.RetryAfter.Seconds())+1)}
	}
	return s.RunAutomated(ctx, hackathonID, []int64{orgID}, by)
}

func (s *Service) runOne(ctx context.Context, client *http.Client, hackathonID int64, c Check, endpoint string) (bool, string) {
	switch c.Item.AutoCheck {
	case AutoIssueAccount:
		return s.issueAccountUsed(ctx, hackathonID, c.OrgID)
	case AutoSandbox:
		return s.sandboxUsed(ctx, hackathonID, c.OrgID)
	case AutoReferenceRun:
		return s.referenceRunGreen(ctx, hackathonID, endpoint)
	}
	if endpoint == "" {
		return false, "no endpoint recorded for this participant"
	}
	if err := pgoclient.CheckURL(endpoint); err != nil {
		return false, err.Error()
	}
	base := strings.TrimSuffix(endpoint, "/")
	switch c.Item.AutoCheck {
	case AutoReachable:
		resp, d, err := get(ctx, client, base, "")
		if err != nil {
			return false, err.Error()
		}
		return resp.StatusCode < 500, fmt.Sprintf("HTTP %d in %d ms", resp.StatusCode, d.Milliseconds())
	case AutoTLS:
		if !strings.HasPrefix(base, "https://") {
			return false, "the endpoint is not https"
		}
		resp, _, err := get(ctx, client, base, "")
		if err != nil {
			return false, err.Error()
		}
		return tlsFresh(resp.TLS, s.Now())
	case AutoMetadata:
		resp, _, err := get(ctx, client, base+"/metadata", "application/fhir+json")
		if err != nil {
			return false, err.Error()
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if resp.StatusCode != http.StatusOK {
			return false, fmt.Sprintf("GET /metadata: HTTP %d", resp.StatusCode)
		}
		if !strings.Contains(string(body), "CapabilityStatement") {
			return false, "GET /metadata: no CapabilityStatement in the answer"
		}
		return true, "GET /metadata: HTTP 200, CapabilityStatement"
	case AutoOAuth:
		authorize, token := s.oauthURLs(ctx, hackathonID, base)
		resp, _, err := get(ctx, client, authorize, "")
		if err != nil {
			return false, "authorize: " + err.Error()
		}
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode >= 500 {
			return false, fmt.Sprintf("authorize %s: HTTP %d", authorize, resp.StatusCode)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, token, strings.NewReader("grant_type=authorization_code"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		tr, err := client.Do(req)
		if err != nil {
			return false, "token: " + err.Error()
		}
		io.Copy(io.Discard, io.LimitReader(tr.Body, 64<<10))
		tr.Body.Close()
		if tr.StatusCode == http.StatusNotFound || tr.StatusCode == http.StatusMethodNotAllowed || tr.StatusCode >= 500 {
			return false, fmt.Sprintf("token %s: HTTP %d", token, tr.StatusCode)
		}
		return true, fmt.Sprintf("authorize HTTP %d, token HTTP %d", resp.StatusCode, tr.StatusCode)
	}
	return false, "unknown automated check " + c.Item.AutoCheck
}

// get fetches a URL through the guarded client; the body is closed after
// a bounded read unless the caller reads it (metadata reads before).
func get(ctx context.Context, client *http.Client, u, accept string) (*http.Response, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	return resp, time.Since(start), nil
}

func tlsFresh(st *tls.ConnectionState, now time.Time) (bool, string) {
	if st == nil || len(st.PeerCertificates) == 0 {
		return false, "no TLS certificate"
	}
	leaf := st.PeerCertificates[0]
	left := leaf.NotAfter.Sub(now)
	if left < TLSMinDays*24*time.Hour {
		return false, fmt.Sprintf("certificate expires on %s (within %d days)", leaf.NotAfter.Format("2006-01-02"), TLSMinDays)
	}
	return true, fmt.Sprintf("%s, valid until %s", tls.VersionName(st.Version), leaf.NotAfter.Format("2006-01-02"))
}

// oauthURLs are the authorize and token URLs of the latest reference PGO
// run against this FHIR base, else {origin}/oauth/authorize and /token.
func (s *Service) oauthURLs(ctx context.Context, hackathonID int64, base string) (string, string) {
	var a, t string
	err := s.DB.QueryRow(ctx, "SELECT authorize_url, token_url FROM pgo_runs WHERE hackathon_id = ? AND fhir_base = ? ORDER BY id DESC LIMIT 1",
		hackathonID, base).Scan(&a, &t)
	if err == nil && a != "" && t != "" {
		return a, t
	}
	u, _ := url.Parse(base)
	origin := u.Scheme + "://" + u.Host
	return origin + "/oauth/authorize", origin + "/oauth/token"
}

func (s *Service) referenceRunGreen(ctx context.Context, hackathonID int64, endpoint string) (bool, string) {
	if endpoint == "" {
		return false, "no endpoint recorded for this participant"
	}
	var id int64
	var status string
	var searches, failed int
	err := s.DB.QueryRow(ctx, `SELECT id, status, searches, failed_checks FROM pgo_runs WHERE hackathon_id = ? AND fhir_base = ?
		AND status IN ('passed', 'failed', 'error') ORDER BY id DESC LIMIT 1`, hackathonID, strings.TrimSuffix(endpoint, "/")).Scan(&id, &status, &searches, &failed)
	if err == sql.ErrNoRows {
		return false, "no reference PGO run against this endpoint yet"
	}
	if err != nil {
		return false, err.Error()
	}
	if status == "passed" && searches > 0 && failed == 0 {
		return true, fmt.Sprintf("reference PGO run %d: %d searches, every check green", id, searches)
	}
	return false, fmt.Sprintf("reference PGO run %d: %s, %d searches, %d failed checks", id, status, searches, failed)
}

// sandboxUsed: the PGO's own OAuth run and searches against the sandbox,
// seen in the recorded traffic of its OAuth clients, each with the MedMij
// headers (MedMij-Request-ID; X-Correlation-ID is counted too).
func (s *Service) sandboxUsed(ctx context.Context, hackathonID, orgID int64) (bool, string) {
	xs, err := sandbox.OrganisationTraffic(ctx, s.DB, hackathonID, orgID, time.Time{}, time.Time{}, 5000)
	if err != nil {
		return false, err.Error()
	}
	v := judgeSandboxTraffic(xs)
	return v.pass(), v.String()
}

// sandboxVerdict counts what the snelcheck looks for in a PGO's traffic.
type sandboxVerdict struct {
	tokens, searches       int // answered 2xx with MedMij-Request-ID
	bareTokens, bareSearch int // answered 2xx without MedMij-Request-ID
	noCorrelation          int // of the good ones, without X-Correlation-ID
}

func (v sandboxVerdict) pass() bool { return v.tokens > 0 && v.searches > 0 }

func (v sandboxVerdict) String() string {
	msg := fmt.Sprintf("sandbox traffic with the MedMij headers: %d token requests, %d searches", v.tokens, v.searches)
	if v.bareTokens+v.bareSearch > 0 {
		msg += fmt.Sprintf("; without MedMij-Request-ID: %d token requests, %d searches", v.bareTokens, v.bareSearch)
	}
	if v.noCorrelation > 0 {
		msg += fmt.Sprintf("; %d without X-Correlation-ID", v.noCorrelation)
	}
	if !v.pass() {
		msg += " (a token request and a search with MedMij-Request-ID, both answered 2xx, are needed)"
	}
	return msg
}

func judgeSandboxTraffic(xs []sandbox.TrafficEntry) sandboxVerdict {
	var v sandboxVerdict
	for _, x := range xs {
		if x.Status < 200 || x.Status >= 300 {
			continue
		}
		token, search := isToken(x), isSearch(x)
		if !token && !search {
			continue
		}
		h := http.Header(x.RequestHeaders)
		if h.Get("MedMij-Request-ID") == "" {
			if token {
				v.bareTokens++
			} else {
				v.bareSearch++
			}
			continue
		}
		if h.Get("X-Correlation-ID") == "" {
			v.noCorrelation++
		}
		if token {
			v.tokens++
		} else {
			v.searches++
		}
	}
	return v
}

func (s *Service) issueAccountUsed(ctx context.Context, hackathonID, orgID int64) (bool, string) {
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(DISTINCT m.user_id) FROM hackathon_members m WHERE m.hackathon_id = ? AND m.organisation_id = ?
		AND (EXISTS (SELECT 1 FROM sessions x WHERE x.user_id = m.user_id) OR EXISTS (SELECT 1 FROM findings f WHERE f.logged_by = m.user_id AND f.hackathon_id = m.hackathon_id))`,
		hackathonID, orgID).Scan(&n)
	if err != nil {
		return false, err.Error()
	}
	if n == 0 {
		return false, "nobody of the organisation has logged in to ketentest yet"
	}
	return true, fmt.Sprintf("%d account(s) of the organisation used", n)
}
