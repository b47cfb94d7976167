// Package storetest gives tests a fresh, migrated database per dialect:
// SQLite always, and PostgreSQL when KETENTEST_TEST_POSTGRES holds a URL.
// Every PostgreSQL test gets a schema of its own, so parallel runs never collide.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
)

// EnvPostgres names the variable that holds the PostgreSQL test URL.
const EnvPostgres = "KETENTEST_TEST_POSTGRES"

// Each runs fn once per available dialect as a subtest named after it.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite opens a migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// Postgres opens a migrated database in a new schema on the server named by
// KETENTEST_TEST_POSTGRES; the schema is dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Fatalf("%s is not set", EnvPostgres)
	}
	db, _ := PostgresURL(t, base)
	return db
}

// PostgresURL is Postgres that also returns the URL of the new schema, for
// tests that start a server process of their own.
func PostgresURL(t testing.TB, base string) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	schema := "t_" + randomHex(8)
	admin, err := store.Open(ctx, base, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// A test's commits need not wait for the disk: what they check is
	// what other sessions see, which an asynchronous commit shows at once
	// (only a crash of the server would lose it). Migrating a schema is
	// some fifty commits.
	if !q.Has("synchronous_commit") {
		q.Set("synchronous_commit", "off")
	}
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
