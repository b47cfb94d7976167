package finding

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ketentest/ketentest/internal/store"
)

// pgBroker publishes through PostgreSQL: each change gets a row in
// finding_events (whose id is the event id of every instance) and a NOTIFY
// carrying only ids; one dedicated connection per instance LISTENs, loads
// the finding once and fans it out to the instance's subscribers, which
// each apply their own visibility. After a lost connection the listener
// replays the rows it missed, so no event is lost while it reconnects.
type pgBroker struct {
	*hub
	db   *store.DB
	load func(ctx context.Context, hid, fid int64) (*Finding, error)

	chanOnce sync.Once
	channel  string
	chanErr  error

	mu       sync.Mutex
	started  bool
	closed   bool
	ready    chan struct{} // closed once LISTEN is active
	cancel   context.CancelFunc
	done     chan struct{}
	seen     int64 // the newest event id received
	listened bool  // catchUp ran once (the listener's goroutine only)
}

// NewPGBroker returns a LISTEN/NOTIFY broker over a PostgreSQL db. Its
// listener starts with the first subscription.
func NewPGBroker(db *store.DB) Broker {
	return &pgBroker{hub: newHub(0), db: db, load: NewService(db).get, ready: make(chan struct{}), done: make(chan struct{})}
}

// channelName is one NOTIFY channel per schema, so that databases sharing
// a server (and tests in schemas of their own) never see each other's events.
func (b *pgBroker) channelName(ctx context.Context) (string, error) {
	b.chanOnce.Do(func() {
		var schema string
		if b.chanErr = b.db.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); b.chanErr != nil {
			return
		}
		clean := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			return '_'
		}, strings.ToLower(schema))
		b.channel = "ketentest_findings_" + clean
		if len(b.channel) > 63 {
			b.channel = b.channel[:63]
		}
	})
	if b.chanErr != nil {
		b.chanOnce = sync.Once{} // try again next time
	}
	return b.channel, b.chanErr
}

func (b *pgBroker) Publish(ctx context.Context, hid, fid int64, change string, _ *Finding) error {
	ch, err := b.channelName(ctx)
	if err != nil {
		return err
	}
	var ok bool
	return b.db.QueryRow(ctx, `WITH e AS (INSERT INTO finding_events (hackathon_id, finding_id, change, created_at) VALUES (?, ?, ?, ?) RETURNING id)
		SELECT pg_notify(?, CAST(e.id AS TEXT) || ' ' || ?) IS NULL FROM e`,
		hid, fid, change, time.Now().UTC(), ch, fmt.Sprintf("%d %d %s", hid, fid, change)).Scan(&ok)
}

// recordEvent writes the live-board event of a change in the change's own
// transaction, so that a committed finding always has its event and an
// aborted one never does. notifyCommitted wakes the listeners after commit.
func recordEvent(ctx context.Context, tx *store.Tx, hid, fid int64, change string, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "INSERT INTO finding_events (hackathon_id, finding_id, change, created_at) VALUES (?, ?, ?, ?) RETURNING id",
		hid, fid, change, at.UTC()).Scan(&id)
	return id, err
}

// notifyCommitted sends the NOTIFY of a committed event. It runs outside the
// change's transaction: a NOTIFY inside it would take PostgreSQL's
// database-wide notification lock at commit and so serialise every commit.
// A failure is logged, never returned: the change is stored, and listeners
// that reconnect replay the events they missed from finding_events.
func notifyCommitted(ctx context.Context, db *store.DB, live *Live, eventID, hid, fid int64, change string) {
	if live == nil {
		return
	}
	b, ok := live.Broker.(*pgBroker)
	if !ok {
		return
	}
	ch, err := b.channelName(ctx)
	if err == nil {
		_, err = db.Exec(context.WithoutCancel(ctx), "SELECT pg_notify(?, ?)", ch, fmt.Sprintf("%d %d %d %s", eventID, hid, fid, change))
	}
	if err != nil {
		slog.Warn("finding: notify live event", "finding", fid, "err", err)
	}
}

func (b *pgBroker) Subscribe(ctx context.Context, hid, after int64) (*Subscription, error) {
	if err := b.start(ctx); err != nil {
		return nil, err
	}
	s := b.hub.subscribe(hid, after)
	if !s.Gap {
		return s, nil
	}
	// Not held in memory (this instance started later, or it was long
	// ago): replay from the table, up to a limit.
	bound := b.hub.lastID() + 1
	if len(s.Backlog) > 0 {
		bound = s.Backlog[0].ID
	}
	rows, err := b.db.Query(ctx, "SELECT id, finding_id, change FROM finding_events WHERE hackathon_id = ? AND id > ? AND id < ? ORDER BY id LIMIT ?",
		hid, after, bound, maxReplayRows+1)
	if err != nil {
		s.Close()
		return nil, err
	}
	var replay []LiveEvent
	for rows.Next() {
		ev := LiveEvent{HackathonID: hid}
		if err := rows.Scan(&ev.ID, &ev.FindingID, &ev.Change); err != nil {
			rows.Close()
			s.Close()
			return nil, err
		}
		replay = append(replay, ev)
	}
	rows.Close()
	if len(replay) > maxReplayRows {
		return s, nil // too far behind: the viewer reloads its snapshot
	}
	for i := range replay {
		if replay[i].Finding, err = b.load(ctx, hid, replay[i].FindingID); err != nil && !errors.Is(err, ErrNotFound) {
			s.Close()
			return nil, err
		}
	}
	s.Backlog, s.Gap = append(replay, s.Backlog...), false
	return s, nil
}

// start runs the listener once and waits until it listens.
func (b *pgBroker) start(ctx context.Context) error {
	b.mu.Lock()
	if !b.started {
		b.started = true
		lctx, cancel := context.WithCancel(context.Background())
		b.cancel = cancel
		go b.run(lctx)
	}
	b.mu.Unlock()
	select {
	case <-b.ready:
		return nil
	case <-b.done:
		return errors.New("finding: live broker closed")
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(10 * time.Second):
		return errors.New("finding: live listener did not start")
	}
}

func (b *pgBroker) run(ctx context.Context) {
	defer close(b.done)
	var readyOnce sync.Once
	backoff := 100 * time.Millisecond
	for {
		err := b.listen(ctx, func() { readyOnce.Do(func() { close(b.ready) }) })
		if ctx.Err() != nil || (err != nil && strings.Contains(err.Error(), "database is closed")) {
			return
		}
		slog.Warn("finding: live listener lost its connection; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (b *pgBroker) listen(ctx context.Context, ready func()) error {
	ch, err := b.channelName(ctx)
	if err != nil {
		return err
	}
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("finding: live listener needs a pgx connection, got %T", dc)
		}
		pc := sc.Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
		}
		if err := b.catchUp(ctx); err != nil {
			return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
		}
		ready()
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				// The connection is left listening (or broken): never reuse it.
				return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
			}
			b.handle(ctx, n.Payload)
		}
	})
}

// catchUp runs once LISTEN is active: the first time it prunes old rows and
// notes the newest id; after a reconnect it delivers the rows it missed.
func (b *pgBroker) catchUp(ctx context.Context) error {
	if !b.listened {
		b.listened = true
		if _, err := b.db.Exec(ctx, "DELETE FROM finding_events WHERE created_at < ?", time.Now().UTC().Add(-48*time.Hour)); err != nil {
			return err
		}
		if err := b.db.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM finding_events").Scan(&b.seen); err != nil {
			return err
		}
		b.hub.mu.Lock()
		b.hub.last = max(b.hub.last, b.seen)
		b.hub.mu.Unlock()
		return nil
	}
	for {
		rows, err := b.db.Query(ctx, "SELECT id, hackathon_id, finding_id, change FROM finding_events WHERE id > ? ORDER BY id LIMIT ?", b.seen, maxReplayRows)
		if err != nil {
			return err
		}
		var missed []LiveEvent
		for rows.Next() {
			var ev LiveEvent
			if err := rows.Scan(&ev.ID, &ev.HackathonID, &ev.FindingID, &ev.Change); err != nil {
				rows.Close()
				return err
			}
			missed = append(missed, ev)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ev := range missed {
			b.deliverLoaded(ctx, ev)
			b.seen = max(b.seen, ev.ID) // also past findings deleted meanwhile
		}
		if len(missed) < maxReplayRows {
			return nil
		}
	}
}

// handle delivers the event of a notification.
func (b *pgBroker) handle(ctx context.Context, payload string) {
	ev, ok := parsePayload(payload)
	if !ok {
		slog.Warn("finding: live notification not understood", "payload", payload)
		return
	}
	b.deliverLoaded(ctx, ev)
}

// parsePayload reads a notification "eventID hackathonID findingID change".
func parsePayload(payload string) (LiveEvent, bool) {
	parts := strings.Fields(payload)
	if len(parts) != 4 || (parts[3] != ChangeCreated && parts[3] != ChangeUpdated) {
		return LiveEvent{}, false
	}
	var ev LiveEvent
	for i, dst := range []*int64{&ev.ID, &ev.HackathonID, &ev.FindingID} {
		n, err := strconv.ParseInt(parts[i], 10, 64)
		if err != nil || n <= 0 {
			return LiveEvent{}, false
		}
		*dst = n
	}
	ev.Change = parts[3]
	return ev, true
}

func (b *pgBroker) deliverLoaded(ctx context.Context, ev LiveEvent) {
	if ev.ID <= b.seen && b.heldID(ev.ID) {
		return // already delivered (replayed and notified)
	}
	f, err := b.load(ctx, ev.HackathonID, ev.FindingID)
	if err != nil {
		if !errors.Is(err, ErrNotFound) && ctx.Err() == nil {
			slog.Warn("finding: live event not loaded", "finding", ev.FindingID, "err", err)
		}
		return
	}
	ev.Finding = f
	b.seen = max(b.seen, ev.ID)
	b.hub.deliver(ev)
}

// heldID reports whether an event with id is held.
func (b *pgBroker) heldID(id int64) bool {
	b.hub.mu.Lock()
	defer b.hub.mu.Unlock()
	for i := 0; i < b.hub.held; i++ {
		if b.hub.ring[(b.hub.next-b.hub.held+i+len(b.hub.ring))%len(b.hub.ring)].ID == id {
			return true
		}
	}
	return false
}

// LastID starts the listener first, so that the id is the newest in the
// database and a snapshot taken after it misses nothing.
func (b *pgBroker) LastID() int64 {
	if err := b.start(context.Background()); err != nil {
		slog.Warn("finding: live listener", "err", err)
	}
	return b.hub.lastID()
}

func (b *pgBroker) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	started, cancel := b.started, b.cancel
	b.started, b.closed = true, true // a closed broker never starts
	b.mu.Unlock()
	if started && cancel != nil {
		cancel()
		select {
		case <-b.done:
		case <-time.After(5 * time.Second):
		}
	} else {
		close(b.done)
	}
	b.hub.close()
}
