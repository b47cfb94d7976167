package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Rebind rewrites '?' placeholders to the dialect's form. Question marks
// inside single-quoted string literals are left alone.
func (db *DB) Rebind(query string) string {
	if db.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Exec runs a statement written with '?' placeholders.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if st := db.wstmts.get(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return db.writer().ExecContext(ctx, db.Rebind(query), args...)
}

// Query runs a query written with '?' placeholders.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := db.stmts.get(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.DB.QueryContext(ctx, db.Rebind(query), args...)
}

// QueryRow runs a single-row query written with '?' placeholders.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := db.stmts.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.DB.QueryRowContext(ctx, db.Rebind(query), args...)
}
