package finding

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Filter narrows a list of findings.
type Filter struct {
	Status     []Status
	Severity   string
	ChainLink  string
	ActorOrgID int64
	Unassigned bool
	Q          string // full-text search in key, title, description and comments
	Limit      int    // only the newest Limit findings; 0 means all (a Page: DefaultPageSize)
	Before     int    // a Page's cursor: only findings numbered below it; 0 means from the newest
}

// MaxLimit is the largest limit a filter takes.
const MaxLimit = 1000

// ParseFilter reads a filter from query parameters. Unknown values are
// ignored rather than refused, so a stale bookmark still shows a list.
func ParseFilter(q url.Values) Filter {
	var f Filter
	for _, raw := range q["status"] {
		for _, s := range strings.Split(raw, ",") {
			st := Status(strings.TrimSpace(s))
			if slices.Contains(Statuses, st) && !slices.Contains(f.Status, st) {
				f.Status = append(f.Status, st)
			}
		}
	}
	if s := q.Get("severity"); slices.Contains(Severities, s) {
		f.Severity = s
	}
	if c := q.Get("chain_link"); slices.Contains(ChainLinks, c) {
		f.ChainLink = c
	}
	if id, err := strconv.ParseInt(q.Get("actor"), 10, 64); err == nil && id > 0 {
		f.ActorOrgID = id
	}
	f.Unassigned = q.Get("unassigned") == "1"
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		f.Limit = min(n, MaxLimit)
	}
	if n, err := strconv.Atoi(q.Get("before")); err == nil && n > 0 {
		f.Before = n
	}
	f.Q = strings.TrimSpace(q.Get("q"))
	if len(f.Q) > 200 {
		f.Q = strings.TrimSpace(strings.ToValidUTF8(f.Q[:200], ""))
	}
	return f
}

// Values is the filter as query parameters, in a fixed order: the
// canonical form in which a filter is saved and linked.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if len(f.Status) > 0 {
		names := make([]string, len(f.Status))
		for i, s := range f.Status {
			names[i] = string(s)
		}
		v.Set("status", strings.Join(names, ","))
	}
	if f.Severity != "" {
		v.Set("severity", f.Severity)
	}
	if f.ChainLink != "" {
		v.Set("chain_link", f.ChainLink)
	}
	if f.ActorOrgID != 0 {
		v.Set("actor", strconv.FormatInt(f.ActorOrgID, 10))
	}
	if f.Unassigned {
		v.Set("unassigned", "1")
	}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.Limit > 0 {
		v.Set("limit", strconv.Itoa(f.Limit))
	}
	return v
}

// maxTerms bounds the words of a search.
const maxTerms = 8

// searchTerms splits a search into words; "quoted words" stay one term.
func searchTerms(q string) []string {
	var out []string
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
			continue
		}
		out = append(out, strings.Fields(part)...)
	}
	if len(out) > maxTerms {
		out = out[:maxTerms]
	}
	return out
}

// keyTerm matches a search term that is a finding's key (PZP-42).
var keyTerm = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*)-([0-9]{1,9})$`)

// searchWords splits a term into the words the full-text index holds:
// runs of letters and digits (as SQLite's unicode61 tokenizer splits them).
func searchWords(term string) []string {
	return strings.FieldsFunc(term, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// searchClause is the SQL condition of the search: every term matches. A
// key (PZP-42) matches that finding; any other term matches findings whose
// title, description or a comment holds its words as a phrase, the last
// word as a prefix ("bund" finds "bundel"), through the database's own
// full-text index: FTS5 on SQLite, a Dutch tsvector on PostgreSQL. A term
// of digits also matches the finding with that number.
//
// On PostgreSQL the condition comes in two forms. The id form (walk false)
// asks the GIN indexes for the ids of all matching findings and comments:
// its cost follows the number of matches, right for counts, exports and a
// look further back. The row form (walk true) tests each finding's stored
// vector (findings.search) as the findings are walked newest first: its
// cost follows the rows walked, right for the newest window of a page,
// where a frequent word fills the page after a few rows (see Page). On
// SQLite the FTS5 index answers both; in the row form (walk true) it is
// asked only for ids from minID on (the window's), so a frequent word does
// not bring every match.
func (s *Service) searchClause(q string, walk bool, minID int64) (string, []any) {
	terms := searchTerms(q)
	if len(terms) == 0 {
		return "", nil
	}
	var conds []string
	var args []any
	for _, t := range terms {
		if m := keyTerm.FindStringSubmatch(t); m != nil {
			n, _ := strconv.Atoi(m[2])
			conds, args = append(conds, "(LOWER(h.code) = ? AND f.number = ?)"), append(args, strings.ToLower(m[1]), n)
			continue
		}
		words := searchWords(t)
		if len(words) == 0 {
			conds = append(conds, "1 = 0") // nothing the index could hold
			continue
		}
		var cond string
		var targs []any
		switch {
		case s.DB.Dialect == store.Postgres && walk:
			tsq := strings.Join(words, ":* <-> ") + ":*"
			cond = `(f.search @@ to_tsquery('dutch', ?)
				OR f.id IN (SELECT c.finding_id FROM finding_comments c WHERE c.search @@ to_tsquery('dutch', ?)))`
			targs = []any{tsq, tsq}
		case s.DB.Dialect == store.Postgres:
			tsq := strings.Join(words, ":* <-> ") + ":*"
			cond = `f.id IN (SELECT m.id FROM findings m WHERE m.search @@ to_tsquery('dutch', ?)
				UNION ALL SELECT c.finding_id FROM finding_comments c WHERE c.search @@ to_tsquery('dutch', ?))`
			targs = []any{tsq, tsq}
		case walk:
			cond = "f.id IN (SELECT rowid FROM finding_search WHERE finding_search MATCH ? AND rowid >= ?)"
			targs = []any{`"` + strings.Join(words, " ") + `"*`, minID}
		default:
			cond = "f.id IN (SELECT rowid FROM finding_search WHERE finding_search MATCH ?)"
			targs = []any{`"` + strings.Join(words, " ") + `"*`}
		}
		if n, err := strconv.Atoi(t); err == nil && n > 0 {
			cond, targs = "(f.number = ? OR "+cond+")", append([]any{n}, targs...)
		}
		args = append(args, targs...)
		conds = append(conds, cond)
	}
	return strings.Join(conds, " AND "), args
}

// Counts are the overview numbers of a list of findings.
type Counts struct {
	Total     int
	Open      int
	Solved    int
	Unsolved  int // niet oplossen
	Overdue   int
	Status    map[Status]int
	Severity  map[string]int
	Actor     map[string]int
	ChainLink map[string]int
	ByActor   map[string]*Tally // the 9A overview per actor
}

// Tally is the 9A overview of one actor: open, unsolved and solved, and
// how many open findings are past their resolution term.
type Tally struct {
	Open, Solved, Unsolved, Overdue int
}

// Count tallies findings by status, severity, actor and chain link, and
// counts those past their resolution term on today.
func Count(fs []*Finding, today date.Date) Counts {
	c := newCounts()
	for _, f := range fs {
		c.addFinding(f, today)
	}
	return c
}

// addFinding counts one finding.
func (c *Counts) addFinding(f *Finding, today date.Date) {
	overdue := 0
	if f.Overdue(today) {
		overdue = 1
	}
	c.add(f.Status, f.Severity, f.ChainLink, f.ActorName, 1, overdue)
}

func newCounts() Counts {
	return Counts{Status: map[Status]int{}, Severity: map[string]int{}, Actor: map[string]int{}, ChainLink: map[string]int{}, ByActor: map[string]*Tally{}}
}

// add counts n findings of one status, severity, chain link and actor, of
// which overdue are past their resolution term.
func (c *Counts) add(st Status, severity, chainLink, actor string, n, overdue int) {
	c.Total += n
	c.Status[st] += n
	c.Severity[severity] += n
	c.ChainLink[chainLink] += n
	if actor == "" {
		actor = "–"
	}
	c.Actor[actor] += n
	t := c.ByActor[actor]
	if t == nil {
		t = &Tally{}
		c.ByActor[actor] = t
	}
	switch {
	case st.Solved():
		c.Solved += n
		t.Solved += n
	case st == StatusNietOplossen:
		c.Unsolved += n
		t.Unsolved += n
	case st.Open():
		c.Open += n
		t.Open += n
	}
	c.Overdue += overdue
	t.Overdue += overdue
}

// addOverdue counts n findings of actor past their resolution term, which
// add counted already.
func (c *Counts) addOverdue(actor string, n int) {
	if actor == "" {
		actor = "–"
	}
	t := c.ByActor[actor]
	if t == nil {
		t = &Tally{}
		c.ByActor[actor] = t
	}
	c.Overdue += n
	t.Overdue += n
}
