package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds a statement cache; queries built with a variable
// number of placeholders beyond it simply go unprepared.
const maxCachedStmts = 500

// stmtCache keeps prepared statements of one SQLite pool. Its driver parses
// an unprepared query anew on every call, which took a third of the CPU
// time of logging a finding (pprof of `ketentest loadtest findings`); a
// prepared statement is parsed once per connection. PostgreSQL needs no
// cache: pgx keeps one per connection itself.
type stmtCache struct {
	db      *sql.DB
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
	pending map[string]bool // being prepared for a transaction
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement for query, or nil when the cache is
// off or full, or the query does not prepare (the caller then runs it
// unprepared, which reports the error as usual).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if ok || full {
		return st
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok {
		st.Close()
		return prev
	}
	c.m[query] = st
	return st
}

// cached returns the statement for query for use in a transaction. On a
// miss it does not prepare: that needs another connection of the pool,
// which the transaction may be holding. It prepares in the background for
// the next time instead.
func (c *stmtCache) cached(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	skip := ok || c.pending[query] || len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if skip {
		return st
	}
	c.mu.Lock()
	if c.pending[query] {
		c.mu.Unlock()
		return nil
	}
	c.pending[query] = true
	c.mu.Unlock()
	go func() {
		c.get(context.Background(), query)
		c.mu.Lock()
		delete(c.pending, query)
		c.mu.Unlock()
	}()
	return nil
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// Close closes the cached statements and both pools.
func (db *DB) Close() error {
	if db.stop != nil {
		select {
		case <-db.stop:
		default:
			close(db.stop)
		}
		<-db.stopped
	}
	db.stmts.close()
	db.wstmts.close()
	err := db.DB.Close()
	for _, p := range []*sql.DB{db.w, db.ck} {
		if p != nil {
			if perr := p.Close(); err == nil {
				err = perr
			}
		}
	}
	return err
}
