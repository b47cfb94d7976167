package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestConcurrentWrites: many writers at once — transactions, Exec and
// Insert mixed, through the statement cache — all succeed, none is lost,
// and reads during the writes work too.
func TestConcurrentWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Exec(ctx, "CREATE TABLE cw_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); CREATE TABLE cw_rows (id "+
			map[store.Dialect]string{store.SQLite: "INTEGER PRIMARY KEY", store.Postgres: "BIGSERIAL PRIMARY KEY"}[db.Dialect]+", w INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, "INSERT INTO cw_counter (id, n) VALUES (1, 0)"); err != nil {
			t.Fatal(err)
		}
		const workers, each = 16, 25
		var wg sync.WaitGroup
		errs := make(chan error, workers*each*3)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					errs <- db.InTx(ctx, func(tx *store.Tx) error {
						var n int
						if err := tx.QueryRow(ctx, "UPDATE cw_counter SET n = n + 1 WHERE id = ? RETURNING n", 1).Scan(&n); err != nil {
							return err
						}
						_, err := tx.Insert(ctx, "INSERT INTO cw_rows (w) VALUES (?)", w)
						return err
					})
					_, err := db.Insert(ctx, "INSERT INTO cw_rows (w) VALUES (?)", -w)
					errs <- err
					var n int
					errs <- db.QueryRow(ctx, "SELECT COUNT(*) FROM cw_rows WHERE w = ?", w).Scan(&n)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var n, rows int
		db.QueryRow(ctx, "SELECT n FROM cw_counter WHERE id = 1").Scan(&n)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM cw_rows").Scan(&rows)
		if n != workers*each || rows != 2*workers*each {
			t.Fatalf("counter %d, rows %d; want %d and %d", n, rows, workers*each, 2*workers*each)
		}
	})
}

// TestStatementErrors: a query that does not prepare still reports its
// error, every time, and a multi-statement Exec runs every statement.
func TestStatementErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if _, err := db.Query(ctx, "SELEC nonsense"); err == nil || !strings.Contains(err.Error(), "syntax") {
				t.Fatalf("bad query: %v", err)
			}
			if err := db.QueryRow(ctx, "SELECT x FROM no_such_table").Scan(new(int)); err == nil || !strings.Contains(err.Error(), "no_such_table") {
				t.Fatalf("unknown table: %v", err)
			}
		}
		if _, err := db.Exec(ctx, "CREATE TABLE se_a (x INTEGER); CREATE TABLE se_b (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO se_b (x) VALUES (?)", 7)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var x int
		if err := db.QueryRow(ctx, "SELECT x FROM se_b").Scan(&x); err != nil || x != 7 {
			t.Fatalf("second statement of the script did not run: %d, %v", x, err)
		}
	})
}

// TestWriteWaitEndsWithContext: a write waiting for its turn behind a long
// transaction gives up when its context ends, rather than waiting on.
func TestWriteWaitEndsWithContext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Exec(ctx, "CREATE TABLE ww (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		holding, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.Exec(ctx, "INSERT INTO ww (x) VALUES (1)"); err != nil {
					return err
				}
				close(holding)
				<-release
				return nil
			})
		}()
		<-holding
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := db.Exec(short, "INSERT INTO ww (x) VALUES (2)")
		if db.Dialect == store.SQLite && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("write behind a transaction: %v, want the context's deadline", err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM ww").Scan(&n)
		if want := map[bool]int{true: 1, false: 2}[db.Dialect == store.SQLite]; n != want {
			t.Errorf("%d rows, want %d", n, want)
		}
	})
}

// TestWriteThroughDBInsideTxFails checks that the mistake the single SQLite
// writer makes possible — a write through db inside InTx — ends in an error
// that says what is wrong instead of waiting forever.
func TestWriteThroughDBInsideTxFails(t *testing.T) {
	// SQLite only: PostgreSQL has no single writer, so there a write through
	// db inside InTx is merely a second transaction.
	db := storetest.SQLite(t)
	{
		db.WriterWait = 200 * time.Millisecond
		ctx := context.Background()
		if _, err := db.Exec(ctx, "CREATE TABLE wi (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO wi (x) VALUES (1)"); err != nil {
				return err
			}
			_, err := db.Exec(ctx, "INSERT INTO wi (x) VALUES (2)")
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "inside InTx") {
			t.Fatalf("InTx = %v, want the error naming the mistake", err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM wi").Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d rows (%v): the failed transaction must leave nothing", n, err)
		}
	}
}
