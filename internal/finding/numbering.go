package finding

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ketentest/ketentest/internal/store"
)

// Finding numbers (PZP-1, PZP-2, ...) are contiguous per hackathon.
//
// On SQLite, which has one writer at a time, a creation moves the
// hackathon's counter row on inside its transaction.
//
// On PostgreSQL that row lock would be held until commit (including the WAL
// flush), so every creation in a hackathon would wait for the one before
// it. Instead a creation takes the lowest free number from
// finding_number_pool with FOR UPDATE SKIP LOCKED: concurrent creations take
// different numbers without waiting. An aborted creation's DELETE rolls
// back, so its number is free again and the next creation takes it (the
// lowest first): numbers are contiguous once the creations in flight have
// ended and as many have followed as were aborted. An empty pool is filled
// by a short statement of its own (poolRefill numbers past the counter).

// poolRefill is how many numbers one refill adds to a hackathon's pool.
const poolRefill = 128

// errPoolEmpty reports that no free number was left for this transaction.
var errPoolEmpty = errors.New("finding: no free finding number")

// takeNumber takes the finding number in tx.
func (s *Service) takeNumber(ctx context.Context, tx *store.Tx, hackathonID int64) (int, error) {
	var num int
	if s.DB.Dialect != store.Postgres {
		err := tx.QueryRow(ctx, `INSERT INTO finding_counters (hackathon_id, last_number) VALUES (?, 1)
			ON CONFLICT (hackathon_id) DO UPDATE SET last_number = finding_counters.last_number + 1 RETURNING last_number`, hackathonID).Scan(&num)
		return num, err
	}
	err := tx.QueryRow(ctx, `DELETE FROM finding_number_pool WHERE hackathon_id = ? AND number = (
		SELECT number FROM finding_number_pool WHERE hackathon_id = ? ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING number`, hackathonID, hackathonID).Scan(&num)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errPoolEmpty
	}
	return num, err
}

// refillNumbers adds poolRefill numbers after the counter to the pool, in a
// statement (and transaction) of its own that holds the counter row only
// for itself.
func (s *Service) refillNumbers(ctx context.Context, hackathonID int64) error {
	_, err := s.DB.Exec(ctx, `WITH c AS (INSERT INTO finding_counters (hackathon_id, last_number) VALUES (?, ?)
		ON CONFLICT (hackathon_id) DO UPDATE SET last_number = finding_counters.last_number + ? RETURNING last_number)
		INSERT INTO finding_number_pool (hackathon_id, number) SELECT ?, generate_series(c.last_number - ? + 1, c.last_number) FROM c`,
		hackathonID, poolRefill, poolRefill, hackathonID, poolRefill)
	return err
}
