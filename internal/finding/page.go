package finding

import (
	"context"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Page sizes of lists shown to people and of the API list.
const (
	DefaultPageSize = 50
	MaxPageSize     = MaxLimit
)

// Page is one page of a list of findings, newest first.
type Page struct {
	Findings []*Finding
	// Next is the cursor of the following (older) page: pass it as
	// Filter.Before. 0 on the last page.
	Next int
}

// Page returns the findings matching flt that v may see with a number
// below flt.Before (all when 0), newest first, at most flt.Limit of them
// (DefaultPageSize when 0). The query walks the (hackathon_id, number)
// index from the cursor, so a page costs the same at any position and
// however many findings the hackathon holds (keyset paging). A search is
// paged in two steps (see searchPage).
func (s *Service) Page(ctx context.Context, hackathonID int64, flt Filter, v Viewer) (Page, error) {
	size := flt.Limit
	if size <= 0 {
		size = DefaultPageSize
	}
	size = min(size, MaxPageSize)
	var fs []*Finding
	var err error
	if strings.TrimSpace(flt.Q) != "" {
		fs, err = s.searchPage(ctx, hackathonID, flt, v, size+1)
	} else {
		where, args := s.where(hackathonID, flt, v)
		if flt.Before > 0 {
			where, args = where+" AND f.number < ?", append(args, flt.Before)
		}
		fs, err = s.query(ctx, pageQuery(where, size+1), args...)
	}
	if err != nil {
		return Page{}, err
	}
	var p Page
	if len(fs) > size {
		fs = fs[:size]
		p.Next = fs[size-1].Number
	}
	p.Findings = fs
	if p.Findings == nil {
		p.Findings = []*Finding{}
	}
	return p, nil
}

// searchWindow is how many findings (by number, below the cursor) a search
// page first looks through.
const searchWindow = 2000

// searchPage is a page of a search, at most limit findings, in two steps
// whose costs do not grow with the hackathon. First only the newest
// searchWindow numbers below the cursor are looked at: on PostgreSQL by
// testing each finding's stored search vector as they are walked, on
// SQLite by asking FTS5 only for ids from the window's smallest on. A word
// in one finding of 40 or more fills the page there. Only when the page is
// still short are the older findings found through the full-text index
// (a word that rare has few matches). One query that left the choice to
// the planner walked every finding of the hackathon for a rare word
// (PostgreSQL), or fetched and sorted every match of a frequent one
// (SQLite, and PostgreSQL when its estimate of a prefix search said so).
func (s *Service) searchPage(ctx context.Context, hackathonID int64, flt Filter, v Viewer, limit int) ([]*Finding, error) {
	top := flt.Before - 1
	if flt.Before <= 0 {
		if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(number), 0) FROM findings WHERE hackathon_id = ?", hackathonID).Scan(&top); err != nil {
			return nil, err
		}
	}
	floor := top - searchWindow
	var minID int64
	if s.DB.Dialect != store.Postgres {
		// The (hackathon_id, number) index holds the rowid: no table read.
		if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MIN(id), 0) FROM findings WHERE hackathon_id = ? AND number <= ? AND number > ?",
			hackathonID, top, floor).Scan(&minID); err != nil {
			return nil, err
		}
	}
	where, args := s.whereSearch(hackathonID, flt, v, true, minID)
	where, args = where+" AND f.number <= ? AND f.number > ?", append(args, top, floor)
	fs, err := s.query(ctx, pageQuery(where, limit), args...)
	if err != nil || len(fs) >= limit || floor <= 0 {
		return fs, err
	}
	where, args = s.where(hackathonID, flt, v)
	where, args = where+" AND f.number <= ?", append(args, floor)
	older, err := s.query(ctx, pageQuery(where, limit-len(fs)), args...)
	return append(fs, older...), err
}

// pageCols are the columns of findings that findingCols reads (not the
// search vector, which only a search reads).
const pageCols = `f.id, f.hackathon_id, f.number, f.title, f.description, f.logged_by, f.reported_by, f.chain_link, f.data_service,
	f.kind, f.severity, f.status, f.category, f.theme, f.element, f.actor_org_id, f.visibility, f.due_date, f.tracker_key,
	f.tracker_url, f.duplicate_of, f.test_round_id, f.scenario_step_id, f.exchange_id, f.pgo_exchange_id, f.root_cause,
	f.root_chain_link, f.root_evidence, f.created_at, f.updated_at`

// pageQuery selects the newest limit findings matching where. The page is
// cut first, over findings and hackathons only, and only its rows are
// joined to users and organisations: joined first, SQLite's planner walked
// every finding of the hackathon for a page of 50.
func pageQuery(where string, limit int) string {
	return "SELECT " + findingCols + strings.Replace(findingFrom, " FROM findings f ",
		" FROM (SELECT "+pageCols+" FROM findings f JOIN hackathons h ON h.id = f.hackathon_id WHERE "+where+
			" ORDER BY f.number DESC LIMIT "+strconv.Itoa(limit)+") f ", 1) + "ORDER BY f.number DESC"
}

// Tally counts the findings matching flt that v may see, as Count does,
// with one aggregate query: its answer has a row per combination of
// status, severity, chain link and actor, however many findings there are.
func (s *Service) Tally(ctx context.Context, hackathonID int64, flt Filter, v Viewer, today date.Date) (Counts, error) {
	if v.Staff && flt.unfiltered() {
		return s.tallyKept(ctx, hackathonID, today)
	}
	where, args := s.where(hackathonID, flt, v)
	args = append([]any{today}, args...)
	// Grouped by actor id over findings alone (the findings_tally index
	// covers it for staff); the few groups are then joined to actor names.
	rows, err := s.DB.Query(ctx, `SELECT g.status, g.severity, g.chain_link, COALESCE(o.name, ''), g.n, g.overdue FROM (
		SELECT f.status, f.severity, f.chain_link, f.actor_org_id, COUNT(*) AS n,
		SUM(CASE WHEN f.due_date IS NOT NULL AND f.due_date < ? AND f.status NOT IN ('opgelost', 'geverifieerd', 'niet_oplossen', 'duplicaat') THEN 1 ELSE 0 END) AS overdue
		FROM findings f JOIN hackathons h ON h.id = f.hackathon_id
		WHERE `+where+` GROUP BY f.status, f.severity, f.chain_link, f.actor_org_id) g
		LEFT JOIN organisations o ON o.id = g.actor_org_id`, args...)
	if err != nil {
		return Counts{}, err
	}
	defer rows.Close()
	c := newCounts()
	for rows.Next() {
		var st Status
		var sev, chain, actor string
		var n, overdue int
		if err := rows.Scan(&st, &sev, &chain, &actor, &n, &overdue); err != nil {
			return Counts{}, err
		}
		c.add(st, sev, chain, actor, n, overdue)
	}
	return c, rows.Err()
}

// unfiltered says the filter narrows nothing (paging aside).
func (f Filter) unfiltered() bool {
	return len(f.Status) == 0 && f.Severity == "" && f.ChainLink == "" && f.ActorOrgID == 0 && !f.Unassigned && strings.TrimSpace(f.Q) == ""
}

// tallyFoldAt is how many delta rows of a hackathon (PostgreSQL) a Tally
// lets pile up before it folds them into finding_tally.
const tallyFoldAt = 500

// tallyKept counts all findings of a hackathon, as staff see them, from
// the counts the database keeps (migration 053): a row per status,
// severity, chain link and actor, whatever the number of findings, plus on
// PostgreSQL the +1/-1 rows written since the last fold. Overdue findings
// are counted apart, through the index of open findings with a term.
func (s *Service) tallyKept(ctx context.Context, hackathonID int64, today date.Date) (Counts, error) {
	q := `SELECT t.status, t.severity, t.chain_link, COALESCE(o.name, ''), t.n, 0 FROM finding_tally t
		LEFT JOIN organisations o ON o.id = t.actor_org_id WHERE t.hackathon_id = ? AND t.n <> 0`
	args := []any{hackathonID}
	if s.DB.Dialect == store.Postgres {
		q = `SELECT g.status, g.severity, g.chain_link, COALESCE(o.name, ''), g.n, g.deltas FROM (
			SELECT status, severity, chain_link, actor_org_id, SUM(n) AS n, SUM(k) AS deltas FROM (
				SELECT status, severity, chain_link, actor_org_id, n, 0 AS k FROM finding_tally WHERE hackathon_id = ?
				UNION ALL SELECT status, severity, chain_link, actor_org_id, d, 1 FROM finding_tally_delta WHERE hackathon_id = ?) a
			GROUP BY status, severity, chain_link, actor_org_id) g
			LEFT JOIN organisations o ON o.id = g.actor_org_id`
		args = append(args, hackathonID)
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return Counts{}, err
	}
	c := newCounts()
	deltas := 0
	for rows.Next() {
		var st Status
		var sev, chain, actor string
		var n, k int
		if err := rows.Scan(&st, &sev, &chain, &actor, &n, &k); err != nil {
			rows.Close()
			return Counts{}, err
		}
		deltas += k
		if n != 0 {
			c.add(st, sev, chain, actor, n, 0)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Counts{}, err
	}
	rows, err = s.DB.Query(ctx, `SELECT COALESCE(o.name, ''), g.n FROM (
		SELECT f.actor_org_id, COUNT(*) AS n FROM findings f WHERE f.hackathon_id = ? AND f.due_date IS NOT NULL AND f.due_date < ?
		AND f.status NOT IN ('opgelost', 'geverifieerd', 'niet_oplossen', 'duplicaat') GROUP BY f.actor_org_id) g
		LEFT JOIN organisations o ON o.id = g.actor_org_id`, hackathonID, today)
	if err != nil {
		return Counts{}, err
	}
	for rows.Next() {
		var actor string
		var n int
		if err := rows.Scan(&actor, &n); err != nil {
			rows.Close()
			return Counts{}, err
		}
		c.addOverdue(actor, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Counts{}, err
	}
	if deltas >= tallyFoldAt {
		// Best effort: the counts above are right either way.
		_ = s.foldTally(ctx, hackathonID)
	}
	return c, nil
}

// foldTally moves a hackathon's delta rows into finding_tally in one
// statement (PostgreSQL). Deltas committed after its snapshot stay for the
// next fold; two folds at once move each delta once (the second waits on
// the rows the first deletes and then skips them).
func (s *Service) foldTally(ctx context.Context, hackathonID int64) error {
	_, err := s.DB.Exec(ctx, `WITH moved AS (DELETE FROM finding_tally_delta WHERE hackathon_id = ?
		RETURNING hackathon_id, status, severity, chain_link, actor_org_id, d)
		INSERT INTO finding_tally (hackathon_id, status, severity, chain_link, actor_org_id, n)
		SELECT hackathon_id, status, severity, chain_link, actor_org_id, SUM(d) FROM moved
		GROUP BY hackathon_id, status, severity, chain_link, actor_org_id
		ON CONFLICT (hackathon_id, status, severity, chain_link, actor_org_id) DO UPDATE SET n = finding_tally.n + excluded.n`, hackathonID)
	return err
}
