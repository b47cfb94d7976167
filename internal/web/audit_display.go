package web

import (
	"context"
	"strconv"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/store"
)

// auditRow is an audit entry as shown: coded values (statuses, severities,
// organisation ids) are translated into labels and current names at display
// time; the stored entry keeps the codes and ids.
type auditRow struct {
	audit.Entry
	What, FromLabel, ToLabel string
}

// displayAudit turns entries into rows for the "trail" template in lang.
// Organisation names are looked up now, so a renamed organisation shows its
// current name in old entries too.
func displayAudit(ctx context.Context, db *store.DB, lang string, es []audit.Entry) ([]auditRow, error) {
	names := map[string]map[int64]string{}
	for _, e := range es {
		table := idTable(e)
		if table == "" || names[table] != nil {
			continue
		}
		var err error
		if names[table], err = namesOf(ctx, db, table); err != nil {
			return nil, err
		}
	}
	rows := make([]auditRow, len(es))
	for i, e := range es {
		ns := names[idTable(e)]
		rows[i] = auditRow{Entry: e, What: auditWhat(lang, e),
			FromLabel: auditValue(lang, e, e.From, ns), ToLabel: auditValue(lang, e, e.To, ns)}
	}
	return rows, nil
}

// idTable is the table whose ids an entry's values are, if any.
func idTable(e audit.Entry) string {
	switch {
	case e.Entity == "finding" && e.Action == "actor":
		return "organisations"
	case e.Entity == "milestone" && e.Action == "owner":
		return "users"
	}
	return ""
}

// namesOf maps the ids of table (organisations or users) to their names.
func namesOf(ctx context.Context, db *store.DB, table string) (map[int64]string, error) {
	rows, err := db.Query(ctx, "SELECT id, name FROM "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		names[id] = n
	}
	return names, rows.Err()
}

// auditWhat names the entity and action, translated where the entity has
// a label (the action only then, so one line is never half translated).
func auditWhat(lang string, e audit.Entry) string {
	key := "auditlog.entity." + e.Entity
	if !i18n.Has("nl", key) {
		return e.Entity + " · " + e.Action
	}
	return i18n.T(lang, key) + " · " + label(lang, "auditlog.action."+e.Action, e.Action)
}

// auditValue translates one from/to value by what the action changed.
func auditValue(lang string, e audit.Entry, v string, names map[int64]string) string {
	switch {
	case idTable(e) != "":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id == 0 {
			if v == "" || v == "0" {
				return "—"
			}
			return v
		}
		if n, ok := names[id]; ok {
			return n
		}
		return i18n.T(lang, "auditlog.gone", id)
	case v == "":
		return v
	case e.Entity == "finding" && (e.Action == "status" || (e.Action == "merged into" && v == e.From)):
		return label(lang, "fstatus."+v, v)
	case e.Entity == "finding" && e.Action == "severity":
		return label(lang, "severity."+v, v)
	case e.Entity == "finding" && (e.Action == "chain link" || e.Action == "chain_link" || e.Action == "root chain link"):
		return label(lang, "chain."+v, v)
	case e.Entity == "finding" && e.Action == "visibility":
		return label(lang, "visibility."+v, v)
	case (e.Entity == "finding" && e.Action == "resolution term") || (e.Entity == "milestone" && e.Action == "due_date"):
		if d, err := date.Parse(v); err == nil && !d.IsZero() {
			return formatDate(lang, d.Time())
		}
		return v
	case e.Entity == "milestone" && e.Action == "status":
		return label(lang, "status."+v, v)
	}
	return v
}

// label is the translation of key, or fallback when there is none.
func label(lang, key, fallback string) string {
	if i18n.Has(lang, key) || i18n.Has("nl", key) {
		return i18n.T(lang, key)
	}
	return fallback
}

// trailRows is the "trail" template's view of its entries: rows prepared by
// displayAudit pass through; plain entries get their labels without names.
func trailRows(lang string, entries any) []auditRow {
	switch es := entries.(type) {
	case []auditRow:
		return es
	case []audit.Entry:
		rows := make([]auditRow, len(es))
		for i, e := range es {
			rows[i] = auditRow{Entry: e, What: auditWhat(lang, e), FromLabel: auditValue(lang, e, e.From, nil), ToLabel: auditValue(lang, e, e.To, nil)}
		}
		return rows
	}
	return nil
}
