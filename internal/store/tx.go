package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Tx is a transaction that rebinds placeholders like DB does.
type Tx struct {
	*sql.Tx
	db *DB
}

// InTx runs fn in a transaction; it commits when fn returns nil and rolls
// back otherwise, so an error never leaves anything half-saved.
//
// On SQLite every write goes through one connection (see OpenSQLite), and
// fn holds it: inside fn, write through tx only. A write through db (Exec,
// Insert, another InTx) would wait for the connection fn holds, and fails
// after WriterWait.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer unlock()
	sqlTx, err := db.writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Exec runs a statement written with '?' placeholders.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.db.wstmts.cached(query); st != nil {
		return tx.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, tx.db.Rebind(query), args...)
}

// Query runs a query written with '?' placeholders.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := tx.db.wstmts.cached(query); st != nil {
		return tx.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, tx.db.Rebind(query), args...)
}

// QueryRow runs a single-row query written with '?' placeholders.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.db.wstmts.cached(query); st != nil {
		return tx.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, tx.db.Rebind(query), args...)
}

// Insert runs an INSERT ... RETURNING id and returns the new id.
func (tx *Tx) Insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Insert runs an INSERT ... RETURNING id outside a transaction.
func (db *DB) Insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	query += " RETURNING id"
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	var row *sql.Row
	if st := db.wstmts.get(ctx, query); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = db.writer().QueryRowContext(ctx, db.Rebind(query), args...)
	}
	err = row.Scan(&id)
	return id, err
}

// lockWriter takes the turn to write on SQLite, in order of arrival:
// database/sql hands a freed connection to a random waiter, so under load
// some writes would wait far longer than others. The returned func gives
// the turn back. PostgreSQL needs no turn.
func (db *DB) lockWriter(ctx context.Context) (func(), error) {
	if db.wturn == nil {
		return func() {}, nil
	}
	wait := db.WriterWait
	if wait <= 0 {
		wait = DefaultWriterWait
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case db.wturn <- struct{}{}: // blocked senders are served first come, first served
		return func() { db.afterWrite(); <-db.wturn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, fmt.Errorf("store: no turn to write within %s (is a write through db made inside InTx? write through tx there)", wait)
	}
}

// DefaultWriterWait bounds how long a SQLite write waits for its turn
// unless DB.WriterWait says otherwise. A write waits this long only when
// something is wrong — most likely a write through db inside InTx, which
// would otherwise wait for itself forever.
const DefaultWriterWait = 30 * time.Second

// Querier is what both DB and Tx offer, for functions that work in either.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Insert(ctx context.Context, query string, args ...any) (int64, error)
}

// NullID stores an optional reference: 0 becomes NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
