package sandbox

import (
	"context"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// ClientExchanges returns the exchanges that proved to be OAuth client
// clientID (by its token, never by address) recorded at or after since,
// oldest first, with their bodies; at most limit (1..5000, default 1000).
// The TestScript engine judges a PHR-Client script on them.
func ClientExchanges(ctx context.Context, db *store.DB, clientID string, since time.Time, limit int) ([]TrafficDetail, error) {
	if limit <= 0 || limit > 5000 {
		limit = 1000
	}
	rows, err := db.Query(ctx, `SELECT `+trafficCols+`, COALESCE(qb.body, ''), COALESCE(rb.body, ''), t.body_truncated
		FROM sandbox_traffic t
		LEFT JOIN sandbox_bodies qb ON qb.hash = t.request_body_hash AND t.request_body_hash <> ''
		LEFT JOIN sandbox_bodies rb ON rb.hash = t.response_body_hash AND t.response_body_hash <> ''
		WHERE t.client_id = ? AND t.at >= ? ORDER BY t.id LIMIT ?`, clientID, since.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TrafficDetail
	for rows.Next() {
		var d TrafficDetail
		e, err := scanTraffic(rows, &d.RequestBody, &d.ResponseBody, &d.BodyTruncated)
		if err != nil {
			return nil, err
		}
		d.TrafficEntry = e
		out = append(out, d)
	}
	return out, rows.Err()
}
