package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
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
	// WriterWait bounds how long a SQLite write waits for its turn; 0
	// means DefaultWriterWait. Set it before the handle is shared.
	WriterWait time.Duration
	w          *sql.DB    // SQLite: the single writing connection; nil means DB writes
	ck         *sql.DB    // SQLite: the checkpointer's connection
	stmts      *stmtCache // SQLite only, of DB and w; see stmtcache.go
	wstmts     *stmtCache
	wturn      chan struct{} // SQLite: the turn to write, see lockWriter
	stop       chan struct{} // SQLite: ends the checkpointer
	stopped    chan struct{}
	walPath    string       // SQLite: the WAL file, watched by afterWrite
	writes     atomic.Int64 // SQLite: writes so far, see afterWrite
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
	open := func(conns int, busyMS int) (*sql.DB, error) {
		dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(" + strconv.Itoa(busyMS) + ")" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate"
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
	var pools []*sql.DB
	for _, p := range []struct{ conns, busyMS int }{{8, 10000}, {1, 10000}, {1, 100}} {
		db, err := open(p.conns, p.busyMS)
		if err != nil {
			for _, o := range pools {
				o.Close()
			}
			return nil, err
		}
		pools = append(pools, db)
	}
	r, w := pools[0], pools[1]
	db := &DB{DB: r, Dialect: SQLite, w: w, ck: pools[2], stmts: newStmtCache(r), wstmts: newStmtCache(w),
		wturn: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{}), walPath: path + "-wal"}
	go db.checkpoint()
	return db, nil
}

// checkpointEvery is how often the WAL is copied into the database file;
// restartFrames is the WAL length (in pages) from which it is started over.
const (
	checkpointEvery = 250 * time.Millisecond
	restartFrames   = 4000
)

// checkpoint copies the WAL into the database file in the background.
// SQLite's automatic checkpoint, switched off above, would run inside a
// writer's commit every 1000 pages, fsync included, and stall every write
// queued behind it. Here a PASSIVE checkpoint copies while writes go on.
// Under steady writes it never catches up, and the WAL grows without end
// (850 MB in 20 s at 1000 findings/s); so once it is long, the checkpointer
// takes the writers' turn for a moment and copies the rest (RESTART), after
// which the next write starts the WAL over. It waits at most 100ms for
// readers then; when they do not finish, it tries again next time.
func (db *DB) checkpoint() {
	defer close(db.stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
		}
		var busy, frames, copied int
		if err := db.ck.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil || frames < restartFrames {
			continue
		}
		unlock, err := db.lockWriter(context.Background())
		if err != nil {
			continue
		}
		t0 := time.Now()
		_, _ = db.ck.Exec("PRAGMA wal_checkpoint(RESTART)")
		unlock()
		if d := time.Since(t0); d > 100*time.Millisecond {
			slog.Warn("store: finishing the WAL checkpoint held writes up", "ms", d.Milliseconds(), "wal_pages", frames)
		}
	}
}

// walHardLimit is the WAL size at which a writer, before it gives up its
// turn, truncates the WAL itself. The background checkpointer keeps the WAL
// far below it, but it runs by the clock and a busy machine can starve it;
// this check runs by the number of writes, so the WAL stays bounded however
// busy the machine is.
const walHardLimit = 32 << 20

// afterWrite runs while a writer still holds the turn, after its write.
// Every 32nd write it looks at the WAL's size (one stat) and, over
// walHardLimit, checkpoints and truncates it (waiting at most 100 ms for
// readers; when they do not finish, the next check tries again).
func (db *DB) afterWrite() {
	if db.walPath == "" || db.writes.Add(1)%32 != 0 {
		return
	}
	if fi, err := os.Stat(db.walPath); err != nil || fi.Size() < walHardLimit {
		return
	}
	t0 := time.Now()
	_, _ = db.ck.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if d := time.Since(t0); d > 100*time.Millisecond {
		slog.Warn("store: truncating the WAL held writes up", "ms", d.Milliseconds())
	}
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20) // the default of 2 would close and reopen connections under load
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
