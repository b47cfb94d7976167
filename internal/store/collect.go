package store

import "context"

// Collect runs a query on q and scans every row with scan, in order;
// scan is the function that also scans a single *sql.Row.
func Collect[T any](ctx context.Context, q Querier, scan func(interface{ Scan(...any) error }) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}
