package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// TestWALStaysBounded: under steady writes with readers all the time, the
// background checkpointer still starts the SQLite WAL over, so it does not
// grow with everything ever written.
func TestWALStaysBounded(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wal.db")
	db, err := store.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int
				db.QueryRow(ctx, "SELECT COUNT(*) FROM blobs").Scan(&n)
			}
		}()
	}
	value := strings.Repeat("x", 8000) // three pages a row
	const rows = 8000                  // about 100 MB of WAL if it were never started over
	maxWAL := int64(0)
	for i := range rows {
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO blobs (v) VALUES (?)", value)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			if fi, err := os.Stat(path + "-wal"); err == nil {
				maxWAL = max(maxWAL, fi.Size())
			}
		}
	}
	close(stop)
	wg.Wait()
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM blobs").Scan(&n); err != nil || n != rows {
		t.Fatalf("%d rows, %v", n, err)
	}
	time.Sleep(300 * time.Millisecond)
	const bound = 56 << 20
	if maxWAL > bound {
		t.Fatalf("WAL grew to %d MB, want it bounded under %d MB", maxWAL>>20, bound>>20)
	}
	t.Logf("largest WAL seen: %.1f MB", float64(maxWAL)/(1<<20))
}
