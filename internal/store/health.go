package store

import (
	"context"
	"time"
)

// ProbeWrite commits a tiny write (the one row of health_probe), so that a
// database that still answers reads but cannot write — a full disk, a
// read-only file, a lost primary — is reported as not ready.
func (db *DB) ProbeWrite(ctx context.Context) error {
	_, err := db.Exec(ctx, "UPDATE health_probe SET checked_at = ? WHERE id = 1", time.Now().UTC())
	return err
}
