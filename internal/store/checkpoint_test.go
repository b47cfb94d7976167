package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
)

// TestWALStaysBounded: under steady writes with readers all the time, the
// SQLite WAL is started over, so it does not grow with everything ever
// written; and the writers' own check (every 32nd write, counted, not
// timed) truncates a WAL over store.WALHardLimit, so the bound holds
// however slow the machine: once the readers stop, a burst of writes ends
// with the WAL file under the limit plus one check interval of writes.
// Nothing here depends on how fast the machine is.
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
	value := strings.Repeat("x", 64<<10) // 16 pages a row
	write := func() {
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO blobs (v) VALUES (?)", value)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	const rows = 1000 // about 64 MB of WAL if it were never started over
	maxWAL := int64(0)
	for i := range rows {
		write()
		if i%20 == 0 {
			maxWAL = max(maxWAL, walSize())
		}
	}
	close(stop)
	wg.Wait()
	written := int64(rows * len(value))
	if maxWAL >= written {
		t.Errorf("the WAL reached %d MB of %d MB written: never started over", maxWAL>>20, written>>20)
	}
	// No readers now: the writers' check truncates a WAL over the limit
	// at the next 32nd write, so after 64 writes the file is at most the
	// limit plus the writes since the last check (32 rows of 16-17 pages
	// of 4 KiB and their frame headers: under 3 MB).
	for range 64 {
		write()
	}
	const slack = 3 << 20
	if size := walSize(); size > store.WALHardLimit+slack {
		t.Fatalf("WAL is %.1f MB after a burst of writes without readers, want at most %d MB", float64(size)/(1<<20), (store.WALHardLimit+slack)>>20)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM blobs").Scan(&n); err != nil || n != rows+64 {
		t.Fatalf("%d rows, %v", n, err)
	}
	t.Logf("largest WAL seen under load: %.1f MB of %d MB written", float64(maxWAL)/(1<<20), written>>20)
}
