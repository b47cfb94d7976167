package finding

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/date"
)

// Filter narrows a list of findings.
type Filter struct {
	Status     []Status
	Severity   string
	ChainLink  string
	ActorOrgID int64
	Unassigned bool
	Q          string // full-text search in key, title, description and comments
	Limit      int    // only the newest Limit findings; 0 means all
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

// searchClause is the SQL condition of the full-text search: every term
// occurs, case-insensitively, in the key (PZP-42), title, description or a
// comment. LIKE with LOWER() works the same on SQLite and PostgreSQL.
func (f Filter) searchClause() (string, []any) {
	terms := searchTerms(f.Q)
	if len(terms) == 0 {
		return "", nil
	}
	esc := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)
	var conds []string
	var args []any
	for _, t := range terms {
		like := "%" + esc.Replace(strings.ToLower(t)) + "%"
		conds = append(conds, `(LOWER(h.code || '-' || CAST(f.number AS TEXT)) LIKE ? ESCAPE '\' OR LOWER(f.title) LIKE ? ESCAPE '\'
			OR LOWER(f.description) LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM finding_comments c WHERE c.finding_id = f.id AND LOWER(c.body) LIKE ? ESCAPE '\'))`)
		args = append(args, like, like, like, like)
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
	c := Counts{Status: map[Status]int{}, Severity: map[string]int{}, Actor: map[string]int{}, ChainLink: map[string]int{}, ByActor: map[string]*Tally{}}
	for _, f := range fs {
		c.Total++
		c.Status[f.Status]++
		c.Severity[f.Severity]++
		c.ChainLink[f.ChainLink]++
		actor := f.ActorName
		if actor == "" {
			actor = "–"
		}
		c.Actor[actor]++
		t := c.ByActor[actor]
		if t == nil {
			t = &Tally{}
			c.ByActor[actor] = t
		}
		switch {
		case f.Status.Solved():
			c.Solved++
			t.Solved++
		case f.Status == StatusNietOplossen:
			c.Unsolved++
			t.Unsolved++
		case f.Status.Open():
			c.Open++
			t.Open++
		}
		if f.Overdue(today) {
			c.Overdue++
			t.Overdue++
		}
	}
	return c
}
