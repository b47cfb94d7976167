package testday

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxEvidenceExchanges bounds the exchange records kept as evidence of
// one automated result.
const MaxEvidenceExchanges = 20

// fill is one automated result to write.
type fill struct {
	pair, step int64
	outcome    string
	note       string
	run        int64   // reference PGO run, or 0
	traffic    []int64 // sandbox exchanges, or none
}

// autoStep is an automated step of a final scenario for a scheduled pair,
// with what filling it needs.
type autoStep struct {
	pair, pgo, step int64
	role, text      string
	start, end      time.Time
	run             int64 // latest finished reference PGO run against the DVA in the round
}

// AutoFill fills the automated steps of every pair in its round from two
// sources: the PGO's own OAuth run and searches recorded on the sandbox
// (by its OAuth clients, within the round's time window) for steps the PGO
// acts in, and the reference PGO runs against the pair's DVA endpoint. A
// step is geslaagd when every matching exchange (or the run) succeeded,
// gefaald otherwise, with the exchange records or the run as evidence.
// Results someone entered by hand are left alone. It returns how many
// results it wrote.
func (s *Service) AutoFill(ctx context.Context, hackathonID, by int64) (int, error) {
	steps, err := s.autoSteps(ctx, hackathonID)
	if err != nil {
		return 0, err
	}
	type window struct {
		pgo        int64
		start, end time.Time
	}
	traffic := map[window][]sandbox.TrafficEntry{}
	var work []fill
	for _, a := range steps {
		var f *fill
		if a.role == "pgo" {
			w := window{a.pgo, a.start, a.end}
			xs, ok := traffic[w]
			if !ok {
				if xs, err = sandbox.OrganisationTraffic(ctx, s.DB, hackathonID, a.pgo, a.start, a.end, 0); err != nil {
					return 0, err
				}
				traffic[w] = xs
			}
			f = fromTraffic(a, xs)
		}
		if f == nil && a.run != 0 {
			f, err = s.fromRun(ctx, a)
			if err != nil {
				return 0, err
			}
		}
		if f != nil {
			work = append(work, *f)
		}
	}
	n, err := s.writeFills(ctx, hackathonID, work, by)
	if err != nil || n == 0 {
		return n, err
	}
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return n, err
	}
	for day := 2; day <= len(h.Days); day++ {
		if _, err := s.followDayResults(ctx, hackathonID, day, by); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Service) autoSteps(ctx context.Context, hackathonID int64) ([]autoStep, error) {
	rows, err := s.DB.Query(ctx, `SELECT p.id, p.pgo_org_id, t.id, t.acting_role, t.action || ' ' || t.expected, r.starts_at, r.ends_at,
		COALESCE((SELECT g.id FROM pgo_runs g WHERE g.hackathon_id = p.hackathon_id AND tp.endpoint <> '' AND g.fhir_base = tp.endpoint
			AND g.created_at >= r.starts_at AND g.created_at < r.ends_at AND g.status IN ('passed', 'failed', 'error') ORDER BY g.id DESC LIMIT 1), 0)
		FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id
		LEFT JOIN testday_participants tp ON tp.hackathon_id = p.hackathon_id AND tp.organisation_id = p.dva_org_id
		JOIN testday_scenarios sc ON sc.hackathon_id = p.hackathon_id AND sc.service = p.service AND sc.status = 'final'
		JOIN testday_steps t ON t.scenario_id = sc.id AND t.check_kind = 'auto'
		WHERE p.hackathon_id = ? ORDER BY p.id, t.id`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []autoStep
	for rows.Next() {
		var a autoStep
		if err := rows.Scan(&a.pair, &a.pgo, &a.step, &a.role, &a.text, &a.start, &a.end, &a.run); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// isOAuthStep: a step about the OAuth flow or the token (else it is about
// retrieving: the searches).
func isOAuthStep(text string) bool {
	t := strings.ToLower(text)
	return strings.Contains(t, "oauth") || strings.Contains(t, "token")
}

// isToken and isSearch classify a recorded sandbox exchange.
func isToken(x sandbox.TrafficEntry) bool {
	return x.Method == http.MethodPost && strings.HasSuffix(x.Path, "/oauth/token")
}

func isSearch(x sandbox.TrafficEntry) bool {
	return x.Method == http.MethodGet && strings.Contains(x.Path, "/fhir/") && !strings.HasSuffix(x.Path, "/metadata")
}

// fromTraffic judges a PGO step from its own exchanges in the round: the
// token requests for an OAuth step, the searches otherwise; nil when there
// are none (nothing to judge by).
func fromTraffic(a autoStep, xs []sandbox.TrafficEntry) *fill {
	oauth := isOAuthStep(a.text)
	var bad, good []int64 // failed exchanges first as evidence, then the latest good ones
	for i := len(xs) - 1; i >= 0; i-- {
		x := xs[i]
		if (oauth && !isToken(x)) || (!oauth && !isSearch(x)) {
			continue
		}
		if x.Status >= 200 && x.Status < 300 {
			good = append(good, x.ID)
		} else {
			bad = append(bad, x.ID)
		}
	}
	if len(bad)+len(good) == 0 {
		return nil
	}
	f := &fill{pair: a.pair, step: a.step, outcome: ResultPassed}
	if len(bad) > 0 {
		f.outcome = ResultFailed
	}
	what := "searches"
	if oauth {
		what = "token requests"
	}
	f.note = fmt.Sprintf("sandbox traffic in the round: %d %s, %d answered 2xx, %d failed", len(bad)+len(good), what, len(good), len(bad))
	f.traffic = append(bad, good...)
	if len(f.traffic) > MaxEvidenceExchanges {
		f.traffic = f.traffic[:MaxEvidenceExchanges]
	}
	return f
}

func (s *Service) fromRun(ctx context.Context, a autoStep) (*fill, error) {
	var status string
	var failed int
	if err := s.DB.QueryRow(ctx, "SELECT status, failed_checks FROM pgo_runs WHERE id = ?", a.run).Scan(&status, &failed); err != nil {
		return nil, err
	}
	outcome := ResultFailed
	if status == "passed" && failed == 0 {
		outcome = ResultPassed
	}
	return &fill{pair: a.pair, step: a.step, outcome: outcome, run: a.run, note: fmt.Sprintf("reference PGO run %d: %s", a.run, status)}, nil
}

// writeFills writes the automated results, leaving results entered by
// hand alone; audited.
func (s *Service) writeFills(ctx context.Context, hackathonID int64, work []fill, by int64) (int, error) {
	n := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		now := s.Now()
		for _, w := range work {
			var id int64
			var source string
			traffic := formatIDs(w.traffic)
			err := tx.QueryRow(ctx, "SELECT id, source FROM testday_results WHERE pair_id = ? AND step_id = ?", w.pair, w.step).Scan(&id, &source)
			switch {
			case err == sql.ErrNoRows:
				id, err = tx.Insert(ctx, `INSERT INTO testday_results (hackathon_id, pair_id, step_id, outcome, pgo_run_id, traffic_ids, source, recorded_at, note)
					VALUES (?, ?, ?, ?, ?, ?, 'auto', ?, ?)`, hackathonID, w.pair, w.step, w.outcome, store.NullID(w.run), traffic, now, w.note)
			case err == nil && source == "auto":
				_, err = tx.Exec(ctx, "UPDATE testday_results SET outcome = ?, pgo_run_id = ?, traffic_ids = ?, recorded_at = ?, note = ? WHERE id = ?",
					w.outcome, store.NullID(w.run), traffic, now, w.note, id)
			default:
				continue // entered by hand: left alone
			}
			if err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "test_result",
				EntityID: strconv.FormatInt(id, 10), Action: "automated", To: w.outcome}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func formatIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func parseIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}
