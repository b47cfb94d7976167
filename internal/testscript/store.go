package testscript

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// ErrNotFound is returned for an unknown run (or one of another hackathon).
var ErrNotFound = fmt.Errorf("testscript: run %w", apperr.ErrNotFound)

// Storage limits: each kept body is cut to MaxStoredBody, and when a
// run's results are still larger than MaxStoredResults, to 1 kB.
const (
	MaxStoredBody    = 8 << 10
	MaxStoredResults = 8 << 20
)

// StoredRun is a stored run of a script set.
type StoredRun struct {
	ID            int64
	HackathonID   int64
	CreatedBy     int64
	Label         string
	BaseURL       string
	ScriptSet     string // names of the scripts, as the participant gave them
	Scripts       int
	FailedScripts int
	Counts        Counts
	Duration      time.Duration
	CreatedAt     time.Time
	Results       []*ScriptResult // nil in lists
}

// Store keeps runs.
type Store struct{ db *store.DB }

// NewStore returns a store over db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

// NewRun sums results into a run ready to save.
func NewRun(hid, by int64, label, base, set string, results []*ScriptResult, d time.Duration) *StoredRun {
	r := &StoredRun{HackathonID: hid, CreatedBy: by, Label: label, BaseURL: base, ScriptSet: set, Results: results, Duration: d, Scripts: len(results)}
	for _, res := range results {
		r.Counts = r.Counts.Plus(res.Counts())
		if res.Failed() {
			r.FailedScripts++
		}
	}
	return r
}

// Save stores a new run (bodies cut as the limits say) and sets its ID.
func (s *Store) Save(ctx context.Context, r *StoredRun) error {
	data, err := marshalResults(r.Results, MaxStoredBody)
	if err == nil && len(data) > MaxStoredResults {
		data, err = marshalResults(r.Results, 1<<10)
	}
	if err != nil {
		return err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	var by any
	if r.CreatedBy != 0 {
		by = r.CreatedBy
	}
	c := r.Counts
	r.ID, err = s.db.Insert(ctx, `INSERT INTO testscript_runs (hackathon_id, created_by, label, base_url, script_set, scripts,
		pass, fail, warning, unsupported, skipped, failed_scripts, duration_ms, results, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.HackathonID, by, r.Label, r.BaseURL, r.ScriptSet, r.Scripts, c.Pass, c.Fail, c.Warning, c.Unsupported, c.Skipped,
		r.FailedScripts, r.Duration.Milliseconds(), string(data), r.CreatedAt.UTC())
	return err
}

// marshalResults encodes results with every body cut to max bytes.
func marshalResults(results []*ScriptResult, max int) ([]byte, error) {
	cut := func(s string) (string, bool) {
		if len(s) <= max {
			return s, false
		}
		b := []byte(s[:max])
		for len(b) > 0 && b[len(b)-1]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			b = b[:len(b)-1]
		}
		if len(b) > 0 && b[len(b)-1] >= 0xC0 {
			b = b[:len(b)-1]
		}
		return string(b), true
	}
	out := make([]*ScriptResult, len(results))
	for i, r := range results {
		c := *r
		c.Operations = make([]OperationResult, len(r.Operations))
		for j, op := range r.Operations {
			if op.Exchange != nil {
				ex := *op.Exchange
				var c1, c2 bool
				ex.RequestBody, c1 = cut(ex.RequestBody)
				ex.ResponseBody, c2 = cut(ex.ResponseBody)
				ex.Truncated = ex.Truncated || c1 || c2
				op.Exchange = &ex
			}
			c.Operations[j] = op
		}
		out[i] = &c
	}
	return json.Marshal(out)
}

const runCols = `id, hackathon_id, COALESCE(created_by, 0), label, base_url, script_set, scripts, pass, fail, warning, unsupported, skipped,
	failed_scripts, duration_ms, created_at`

func scanRun(row interface{ Scan(...any) error }, extra ...any) (StoredRun, error) {
	var r StoredRun
	var ms int64
	err := row.Scan(append([]any{&r.ID, &r.HackathonID, &r.CreatedBy, &r.Label, &r.BaseURL, &r.ScriptSet, &r.Scripts,
		&r.Counts.Pass, &r.Counts.Fail, &r.Counts.Warning, &r.Counts.Unsupported, &r.Counts.Skipped, &r.FailedScripts, &ms, &r.CreatedAt}, extra...)...)
	r.Duration = time.Duration(ms) * time.Millisecond
	return r, err
}

// List returns a hackathon's runs, newest first, without results; by
// limits them to one user's (0: everyone's).
func (s *Store) List(ctx context.Context, hid, by int64, limit int) ([]StoredRun, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q, args := `SELECT `+runCols+` FROM testscript_runs WHERE hackathon_id = ?`, []any{hid}
	if by != 0 {
		q += " AND created_by = ?"
		args = append(args, by)
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Get returns a run of hackathon hid with its results.
func (s *Store) Get(ctx context.Context, hid, id int64) (*StoredRun, error) {
	var data string
	r, err := scanRun(s.db.QueryRow(ctx, `SELECT `+runCols+`, results FROM testscript_runs WHERE id = ? AND hackathon_id = ?`, id, hid), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &r.Results); err != nil {
		return nil, fmt.Errorf("testscript: run %d: %w", id, err)
	}
	return &r, nil
}

// Previous returns the run before r of the same user, script set and base
// URL, with its results; nil when there is none.
func (s *Store) Previous(ctx context.Context, r *StoredRun) (*StoredRun, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM testscript_runs WHERE hackathon_id = ? AND COALESCE(created_by, 0) = ? AND script_set = ?
		AND base_url = ? AND id < ? ORDER BY id DESC LIMIT 1`, r.HackathonID, r.CreatedBy, r.ScriptSet, r.BaseURL, r.ID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, r.HackathonID, id)
}

// Change is an assert whose outcome differs between two runs.
type Change struct {
	Script, Target, Description string
	Before, After               Status // "" when the assert is new or gone
}

// Compare lists the asserts whose outcome changed from prev to cur,
// matched by script, operation and position.
func Compare(prev, cur []*ScriptResult) []Change {
	type key struct {
		script, target string
		op, n          int
	}
	type val struct {
		desc string
		st   Status
	}
	index := func(rs []*ScriptResult) (map[key]val, []key) {
		m := map[key]val{}
		var order []key
		for _, r := range rs {
			for i, op := range r.Operations {
				for j, a := range op.Asserts {
					k := key{suiteName(r), op.Target, i, j}
					m[k] = val{a.Description, a.Status}
					order = append(order, k)
				}
			}
		}
		return m, order
	}
	pm, porder := index(prev)
	cm, corder := index(cur)
	var out []Change
	for _, k := range corder {
		c := cm[k]
		if p, ok := pm[k]; !ok || p.st != c.st {
			out = append(out, Change{Script: k.script, Target: k.target, Description: c.desc, Before: pm[k].st, After: c.st})
		}
	}
	for _, k := range porder {
		if _, ok := cm[k]; !ok {
			p := pm[k]
			out = append(out, Change{Script: k.script, Target: k.target, Description: p.desc, Before: p.st})
		}
	}
	return out
}
