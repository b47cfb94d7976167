package audit

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxPage is the largest page of entries one query returns.
const MaxPage = 500

// Query selects a page of a hackathon's entries, newest first. Before and
// After are entry ids (keyset paging): Before gives the entries older than
// that entry, After the ones newer than it; at most one of them is set.
type Query struct {
	Entity   string // only entries of this kind of object ("finding", "milestone"), if set
	EntityID string // only entries of this object, if set
	Before   int64
	After    int64
	Limit    int // 1..MaxPage; 0 means 100
}

// Page is one page of entries, newest first, and whether there are older
// and newer entries beyond it.
type Page struct {
	Entries      []Entry
	Older, Newer bool
}

// PageOf returns one page of a hackathon's audit trail.
func PageOf(ctx context.Context, q store.Querier, hackathonID int64, p Query) (Page, error) {
	if p.Limit <= 0 {
		p.Limit = 100
	}
	p.Limit = min(p.Limit, MaxPage)
	conds, args := []string{"a.hackathon_id = ?"}, []any{hackathonID}
	if p.Entity != "" {
		conds, args = append(conds, "a.entity = ?"), append(args, p.Entity)
	}
	if p.EntityID != "" {
		conds, args = append(conds, "a.entity_id = ?"), append(args, p.EntityID)
	}
	base, baseArgs := strings.Join(conds, " AND "), slices.Clone(args)
	order := "DESC"
	switch {
	case p.After > 0:
		conds, args, order = append(conds, "a.id > ?"), append(args, p.After), "ASC"
	case p.Before > 0:
		conds, args = append(conds, "a.id < ?"), append(args, p.Before)
	}
	es, err := list(ctx, q, strings.Join(conds, " AND ")+" ORDER BY a.id "+order+" LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return Page{}, err
	}
	if len(es) > p.Limit {
		es = es[:p.Limit]
	}
	if order == "ASC" {
		slices.Reverse(es)
	}
	pg := Page{Entries: es, Older: p.After > 0, Newer: p.Before > 0}
	if len(es) == 0 {
		return pg, nil
	}
	exists := func(cmp string, id int64) (bool, error) {
		var n int
		err := q.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log a WHERE "+base+" AND a.id "+cmp+" ? LIMIT 1) x", append(slices.Clone(baseArgs), id)...).Scan(&n)
		return n > 0, err
	}
	if pg.Older, err = exists("<", es[len(es)-1].ID); err != nil {
		return Page{}, err
	}
	pg.Newer, err = exists(">", es[0].ID)
	return pg, err
}

// ParseQuery reads kind, object, before, after and limit from URL query
// values; a bad number is an error naming the parameter.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Entity: strings.TrimSpace(v.Get("kind")), EntityID: strings.TrimSpace(v.Get("object"))}
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"before", &q.Before}, {"after", &q.After}} {
		if s := v.Get(f.name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 1 {
				return Query{}, apperr.Field(f.name, "must be a positive entry id")
			}
			*f.dst = n
		}
	}
	if q.Before > 0 && q.After > 0 {
		return Query{}, apperr.Field("after", "give before or after, not both")
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPage {
			return Query{}, apperr.Field("limit", fmt.Sprintf("must be a number from 1 to %d", MaxPage))
		}
		q.Limit = n
	}
	return q, nil
}

// Kinds lists the kinds of object (entities) in a hackathon's trail, sorted.
func Kinds(ctx context.Context, q store.Querier, hackathonID int64) ([]string, error) {
	rows, err := q.Query(ctx, "SELECT DISTINCT entity FROM audit_log WHERE hackathon_id = ? ORDER BY entity", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
