package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL flavour of a connection.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database handle that knows its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
	w       *sql.DB    // SQLite: the single writing connection; nil means DB writes
	stmts   *stmtCache // SQLite only, of DB and w; see stmtcache.go
	wstmts  *stmtCache
	wturn   chan struct{} // SQLite: the turn to write, see lockWriter
	stop    chan struct{} // SQLite: ends the checkpointer
	stopped chan struct{}
}

// writer is the pool that writes.
func (db *DB) writer() *sql.DB {
	if db.w != nil {
		return db.w
	}
	return db.DB
}

// Open connects to url when it is a postgres:// URL, or else to the SQLite
// file ketentest.db in dataDir (created when missing). It does not migrate.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	if url != "" {
		return nil, fmt.Errorf("store: database URL must start with postgres:// (got scheme of %q)", schemeOf(url))
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, "ketentest.db"))
}

// OpenSQLite opens (or creates) the SQLite database at path in WAL mode.
// Reads go through a pool of connections; all writes (transactions, Exec,
// Insert) through a second pool of one connection. SQLite lets one writer
// in at a time anyway; with one writer connection they queue in order in
// Go instead of sleeping in SQLite's busy handler (1, 2, 5 … 100 ms), which
// made the latency of concurrent writes spiky and unfair.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate"
	open := func(conns int) (*sql.DB, error) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// Keep every connection open: opening one runs the pragmas anew and
		// loses its page cache and prepared statements.
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
		}
		return db, nil
	}
	r, err := open(8)
	if err != nil {
		return nil, err
	}
	w, err := open(1)
	if err != nil {
		r.Close()
		return nil, err
	}
	db := &DB{DB: r, Dialect: SQLite, w: w, stmts: newStmtCache(r), wstmts: newStmtCache(w),
		wturn: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go db.checkpoint()
	return db, nil
}

// checkpointEvery is how often the WAL is copied into the database file.
const checkpointEvery = 250 * time.Millisecond

// checkpoint copies the WAL into the database file in the background, from
// a reading connection, without blocking the writer (PASSIVE). SQLite's
// automatic checkpoint, switched off above, would run inside a writer's
// commit every 1000 pages, fsync included, and stall every write queued
// behind it.
func (db *DB) checkpoint() {
	defer close(db.stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			_, _ = db.DB.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &DB{DB: db, Dialect: Postgres}, nil
}

func schemeOf(url string) string {
	if i := strings.Index(url, "://"); i > 0 {
		return url[:i]
	}
	return "none"
}
