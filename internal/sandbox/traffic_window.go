package sandbox

import (
	"context"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// OrganisationTraffic lists the exchanges that proved to be one of an
// organisation's OAuth clients for a hackathon (or for no hackathon), at or
// after from (zero: no start) and before to (zero: no end), oldest first, at most limit. The
// test day reads a PGO's own traffic in a round with it.
func OrganisationTraffic(ctx context.Context, db *store.DB, hackathonID, orgID int64, from, to time.Time, limit int) ([]TrafficEntry, error) {
	if limit <= 0 || limit > 5000 {
		limit = 1000
	}
	q := `SELECT ` + trafficCols + ` FROM sandbox_traffic t WHERE t.client_id IN
		(SELECT client_id FROM sandbox_clients WHERE organisation_id = ? AND (hackathon_id = ? OR hackathon_id IS NULL))`
	args := []any{orgID, hackathonID}
	if !from.IsZero() {
		q += " AND t.at >= ?"
		args = append(args, from)
	}
	if !to.IsZero() {
		q += " AND t.at < ?"
		args = append(args, to)
	}
	q += " ORDER BY t.id LIMIT ?"
	args = append(args, limit)
	return queryTraffic(ctx, db, q, args...)
}
