package pgoclient

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// Run statuses.
const (
	StatusAuthorizing = "authorizing" // sent to the DVA's authorize page
	StatusRunning     = "running"     // code received; token and searches under way
	StatusPassed      = "passed"      // every check passed (warnings allowed)
	StatusFailed      = "failed"      // done, some checks failed
	StatusError       = "error"       // stopped: denied, token refused, unreachable
)

// Target kinds.
const (
	TargetSandbox  = "sandbox"  // ketentest's own reference DVA
	TargetExternal = "external" // a participant's DVA
)

// ErrNotFound is returned for an unknown run or exchange; it wraps
// apperr.ErrNotFound so that pages answer 404.
var ErrNotFound = fmt.Errorf("pgoclient: %w", apperr.ErrNotFound)

// Target is where a run retrieves from.
type Target struct {
	Kind         string
	Label        string
	ServiceID    string
	AuthorizeURL string
	TokenURL     string
	FHIRBase     string
	ClientID     string
	RedirectURI  string
	Scope        string
	AuthMethod   string // AuthNone, AuthBasic or AuthPost
	// ClientSecret is the secret for AuthBasic and AuthPost, entered per
	// run. It is never stored: Begin keeps it in memory until Complete.
	ClientSecret string `json:"-"`
}

// Run is one retrieval of a data service by the reference PGO.
type Run struct {
	ID            int64
	HackathonID   int64
	CreatedBy     int64
	Target        Target
	CorrelationID string
	Status        string
	Error         string
	Searches      int
	FailedChecks  int
	Warnings      int
	CreatedAt     time.Time
	FinishedAt    *time.Time
}

// Done reports whether the run has ended.
func (r *Run) Done() bool {
	return r.Status == StatusPassed || r.Status == StatusFailed || r.Status == StatusError
}

// Exchange is one HTTP request and its response, kept as evidence.
type Exchange struct {
	ID              int64
	RunID           int64
	Seq             int
	Step            string // authorize, callback, token, search
	Name            string
	At              time.Time
	Method, URL     string
	RequestHeaders  http.Header
	RequestBody     string
	Status          int
	ResponseHeaders http.Header
	ResponseBody    string
	ResponseSize    int64
	Truncated       bool
	Duration        time.Duration
	TLSVersion      string
	TLSCipher       string
	TLSPeer         string
	Error           string
	Checks          []CheckResult
}

// Failed counts the exchange's failed checks (errors, warnings).
func (x *Exchange) Failed() (errs, warns int) { return Failed(x.Checks) }

// Store keeps runs and exchanges.
type Store struct{ db *store.DB }

// NewStore returns a Store over db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

// Create stores a new run in status authorizing. state is the OAuth state
// parameter and binding a secret of the user's session (its cookie); only
// their hashes are kept.
func (s *Store) Create(ctx context.Context, r *Run, state, binding string, now time.Time) error {
	var by any
	if r.CreatedBy != 0 {
		by = r.CreatedBy
	}
	t := r.Target
	id, err := s.db.Insert(ctx, `INSERT INTO pgo_runs (hackathon_id, created_by, target, label, service_id, authorize_url, token_url, fhir_base,
		client_id, redirect_uri, scope, auth_method, state_hash, binding_hash, correlation_id, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.HackathonID, by, t.Kind, t.Label, t.ServiceID, t.AuthorizeURL, t.TokenURL, t.FHIRBase, t.ClientID, t.RedirectURI, t.Scope, t.AuthMethod,
		account.HashToken(state), account.HashToken(binding), r.CorrelationID, StatusAuthorizing, now.UTC())
	if err != nil {
		return err
	}
	r.ID, r.Status, r.CreatedAt = id, StatusAuthorizing, now.UTC()
	return nil
}

const runCols = `id, hackathon_id, COALESCE(created_by, 0), target, label, service_id, authorize_url, token_url, fhir_base, client_id,
	redirect_uri, scope, auth_method, correlation_id, status, error, searches, failed_checks, warnings, created_at, finished_at`

func scanRun(row interface{ Scan(...any) error }) (*Run, error) {
	var r Run
	var fin sql.NullTime
	t := &r.Target
	err := row.Scan(&r.ID, &r.HackathonID, &r.CreatedBy, &t.Kind, &t.Label, &t.ServiceID, &t.AuthorizeURL, &t.TokenURL, &t.FHIRBase,
		&t.ClientID, &t.RedirectURI, &t.Scope, &t.AuthMethod, &r.CorrelationID, &r.Status, &r.Error, &r.Searches, &r.FailedChecks, &r.Warnings,
		&r.CreatedAt, &fin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if fin.Valid {
		r.FinishedAt = &fin.Time
	}
	return &r, nil
}

// ByState finds the run of an OAuth state parameter, checking that the
// callback comes from the session that started it.
func (s *Store) ByState(ctx context.Context, hackathonID int64, state, binding string) (*Run, error) {
	if state == "" {
		return nil, ErrNotFound
	}
	var id int64
	var bh string
	err := s.db.QueryRow(ctx, "SELECT id, binding_hash FROM pgo_runs WHERE state_hash = ? AND hackathon_id = ?",
		account.HashToken(state), hackathonID).Scan(&id, &bh)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && bh != account.HashToken(binding)) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, hackathonID, id)
}

// Get returns a run of a hackathon.
func (s *Store) Get(ctx context.Context, hackathonID, id int64) (*Run, error) {
	return scanRun(s.db.QueryRow(ctx, "SELECT "+runCols+" FROM pgo_runs WHERE id = ? AND hackathon_id = ?", id, hackathonID))
}

// List returns the runs of a hackathon, newest first; createdBy > 0
// limits them to one user's.
func (s *Store) List(ctx context.Context, hackathonID, createdBy int64, limit int) ([]*Run, error) {
	q := "SELECT " + runCols + " FROM pgo_runs WHERE hackathon_id = ?"
	args := []any{hackathonID}
	if createdBy > 0 {
		q += " AND created_by = ?"
		args = append(args, createdBy)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Start moves a run from authorizing to running; it fails when the run was
// already started, so a callback cannot be replayed.
func (s *Store) Start(ctx context.Context, id int64) error {
	res, err := s.db.Exec(ctx, "UPDATE pgo_runs SET status = ?, started_at = ? WHERE id = ? AND status = ?", StatusRunning, time.Now().UTC(), id, StatusAuthorizing)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errors.New("this run has already received its authorization answer")
	}
	return nil
}

// Finish records the outcome of a run.
func (s *Store) Finish(ctx context.Context, r *Run, now time.Time) error {
	t := now.UTC()
	r.FinishedAt = &t
	_, err := s.db.Exec(ctx, "UPDATE pgo_runs SET status = ?, error = ?, searches = ?, failed_checks = ?, warnings = ?, finished_at = ? WHERE id = ?",
		r.Status, truncate(r.Error, 2000), r.Searches, r.FailedChecks, r.Warnings, t, r.ID)
	return err
}

// Reap ends runs of a hackathon still running that started (received the
// DVA's answer) before before: ketentest stopped while they were under
// way (a live run ends by its cap, RunTimeout). It returns how many it ended.
func (s *Store) Reap(ctx context.Context, hackathonID int64, before, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, "UPDATE pgo_runs SET status = ?, error = ?, finished_at = ? WHERE hackathon_id = ? AND status = ? AND started_at < ?",
		StatusError, "interrupted: ketentest stopped while the run was under way; start a new run", now.UTC(), hackathonID, StatusRunning, before.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// AddExchange stores an exchange of a run.
func (s *Store) AddExchange(ctx context.Context, x *Exchange) error {
	checks, _ := json.Marshal(x.Checks)
	reqH, _ := json.Marshal(x.RequestHeaders)
	respH, _ := json.Marshal(x.ResponseHeaders)
	id, err := s.db.Insert(ctx, `INSERT INTO pgo_exchanges (run_id, seq, step, name, at, method, url, request_headers, request_body, status,
		response_headers, response_body, response_size, truncated, duration_us, tls_version, tls_cipher, tls_peer, error, checks)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.RunID, x.Seq, x.Step, x.Name, x.At.UTC(), x.Method, truncate(x.URL, 8000), string(reqH), x.RequestBody, x.Status,
		string(respH), x.ResponseBody, x.ResponseSize, x.Truncated, x.Duration.Microseconds(), x.TLSVersion, x.TLSCipher,
		truncate(x.TLSPeer, 1000), truncate(x.Error, 2000), string(checks))
	if err != nil {
		return err
	}
	x.ID = id
	return nil
}

const exchangeCols = `id, run_id, seq, step, name, at, method, url, request_headers, request_body, status, response_headers,
	response_body, response_size, truncated, duration_us, tls_version, tls_cipher, tls_peer, error, checks`

func scanExchange(row interface{ Scan(...any) error }) (*Exchange, error) {
	var x Exchange
	var reqH, respH, checks string
	var us int64
	err := row.Scan(&x.ID, &x.RunID, &x.Seq, &x.Step, &x.Name, &x.At, &x.Method, &x.URL, &reqH, &x.RequestBody, &x.Status, &respH,
		&x.ResponseBody, &x.ResponseSize, &x.Truncated, &us, &x.TLSVersion, &x.TLSCipher, &x.TLSPeer, &x.Error, &checks)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	x.Duration = time.Duration(us) * time.Microsecond
	json.Unmarshal([]byte(reqH), &x.RequestHeaders)
	json.Unmarshal([]byte(respH), &x.ResponseHeaders)
	json.Unmarshal([]byte(checks), &x.Checks)
	return &x, nil
}

// Exchanges returns the exchanges of a run in order.
func (s *Store) Exchanges(ctx context.Context, runID int64) ([]*Exchange, error) {
	rows, err := s.db.Query(ctx, "SELECT "+exchangeCols+" FROM pgo_exchanges WHERE run_id = ? ORDER BY seq", runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Exchange
	for rows.Next() {
		x, err := scanExchange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ExchangeRun returns the run an exchange belongs to, within a hackathon.
func (s *Store) ExchangeRun(ctx context.Context, hackathonID, exchangeID int64) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, "SELECT r.id FROM pgo_exchanges x JOIN pgo_runs r ON r.id = x.run_id WHERE x.id = ? AND r.hackathon_id = ?",
		exchangeID, hackathonID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// Exchange returns one exchange of a run.
func (s *Store) Exchange(ctx context.Context, runID, id int64) (*Exchange, error) {
	return scanExchange(s.db.QueryRow(ctx, "SELECT "+exchangeCols+" FROM pgo_exchanges WHERE id = ? AND run_id = ?", id, runID))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
