package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRebind(t *testing.T) {
	pg := &store.DB{Dialect: store.Postgres}
	lite := &store.DB{Dialect: store.SQLite}
	cases := []struct{ in, pg string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
	}
	for _, c := range cases {
		if got := pg.Rebind(c.in); got != c.pg {
			t.Errorf("postgres Rebind(%q) = %q, want %q", c.in, got, c.pg)
		}
		if got := lite.Rebind(c.in); got != c.in {
			t.Errorf("sqlite Rebind(%q) = %q, want it unchanged", c.in, got)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		migs, _ := store.Migrations()
		v, err := db.Version(ctx)
		if err != nil || v != migs[len(migs)-1].Version {
			t.Fatalf("version = %d, %v; want %d", v, err, migs[len(migs)-1].Version)
		}
	})
}

func TestInTxRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO organisations (name, created_at) VALUES (?, CURRENT_TIMESTAMP)", "Half"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE name = ?", "Half").Scan(&n)
		if n != 0 {
			t.Fatalf("rolled-back row is stored")
		}
	})
}

func TestOpenRejectsOtherSchemes(t *testing.T) {
	_, err := store.Open(context.Background(), "mysql://x", t.TempDir())
	if err == nil {
		t.Fatal("want an error for mysql://")
	}
}

// TestPerDialectMigration: a migration written per dialect is one version
// with the SQL of each, and each database gets its own.
func TestPerDialectMigration(t *testing.T) {
	migs, err := store.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, m := range migs {
		if m.Name == "finding_search" {
			found = true
			if !strings.Contains(m.SQLiteSQL, "fts5") || !strings.Contains(m.PostgresSQL, "to_tsvector('dutch'") || m.SQL != "" {
				t.Fatalf("finding_search: %+v", m)
			}
		}
	}
	if !found {
		t.Fatal("no finding_search migration")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var n int
		q := "SELECT COUNT(*) FROM sqlite_master WHERE name = 'finding_search'"
		if db.Dialect == store.Postgres {
			q = "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'findings_search' AND schemaname = current_schema()"
		}
		if err := db.QueryRow(context.Background(), q).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%s: %d, %v", db.Dialect, n, err)
		}
	})
}
