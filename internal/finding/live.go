package finding

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Live board: the service publishes every change of a finding after its
// transaction committed; a Broker carries it to the viewers of the live
// board (server-sent events). On SQLite (one instance) the broker is in
// process; on PostgreSQL it goes through LISTEN/NOTIFY so that a finding
// created on one instance reaches viewers connected to another.

// Changes carried by live events.
const (
	ChangeCreated = "created"
	ChangeUpdated = "updated"
)

// LiveEvent is one change of a finding as live viewers receive it.
type LiveEvent struct {
	ID          int64 // the SSE event id: increasing, shared by all instances on PostgreSQL
	HackathonID int64
	FindingID   int64
	Change      string
	// Finding is loaded once per instance, without visibility checks:
	// every subscriber applies its own Viewer.CanSee.
	Finding *Finding

	data []byte // Finding.Live(Change) as JSON, encoded once for every subscriber
}

// LiveFinding is the JSON a live viewer receives for a finding (the data of
// the SSE event "finding", and a row of the board's snapshot).
type LiveFinding struct {
	ID        int64     `json:"id"`
	Key       string    `json:"key"`
	Title     string    `json:"title"`
	Status    Status    `json:"status"`
	Severity  string    `json:"severity"`
	ChainLink string    `json:"chain_link"`
	Actor     string    `json:"actor"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Change    string    `json:"change,omitempty"`
}

// Live returns the live view of f with the given change ("" in a snapshot).
func (f *Finding) Live(change string) LiveFinding {
	return LiveFinding{ID: f.ID, Key: f.Key, Title: f.Title, Status: f.Status, Severity: f.Severity, ChainLink: f.ChainLink,
		Actor: f.ActorName, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt, Change: change}
}

// Broker carries finding changes from the service to live viewers.
type Broker interface {
	// Publish announces a committed change. f is the finding as stored
	// after the change when the caller has it; otherwise it is loaded.
	Publish(ctx context.Context, hackathonID, findingID int64, change string, f *Finding) error
	// Subscribe follows a hackathon's changes after event id after (0: only new ones).
	Subscribe(ctx context.Context, hackathonID, after int64) (*Subscription, error)
	// LastID is the id of the newest event this instance knows.
	LastID() int64
	// Close ends every subscription (at server shutdown).
	Close()
}

// Subscription is one viewer's feed.
type Subscription struct {
	// C delivers events; it is closed when the broker closes or when the
	// subscriber fell too far behind (it then reconnects with Last-Event-ID).
	C <-chan LiveEvent
	// Backlog are the held events after the requested id, oldest first.
	Backlog []LiveEvent
	// Gap reports that events after the requested id are no longer held:
	// the viewer should reload its snapshot.
	Gap bool

	ch  chan LiveEvent
	hid int64
	hub *hub
}

// Close stops the subscription.
func (s *Subscription) Close() { s.hub.unsubscribe(s) }

const (
	ringSize      = 4096 // events held for resumption
	subBuffer     = 256  // events queued per subscriber before it counts as lagging
	maxReplayRows = 1000 // events replayed from the database on PostgreSQL
)

// hub fans events out to the subscribers of one instance and holds the
// newest events for viewers that reconnect.
type hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	ring   []LiveEvent // circular once it holds ringSize events; next is the oldest then
	next   int
	held   int
	last   int64
	closed bool
}

// newHub starts a hub whose events before since are not held.
func newHub(since int64) *hub {
	return &hub{subs: map[*Subscription]struct{}{}, last: since}
}

func (h *hub) deliver(ev LiveEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	if ev.ID > h.last {
		h.last = ev.ID
	}
	if ev.Finding != nil && ev.data == nil && len(h.subs) > 0 {
		ev.data, _ = json.Marshal(ev.Finding.Live(ev.Change))
	}
	if len(h.ring) < ringSize { // grows until full, then wraps around
		h.ring = append(h.ring, ev)
	} else {
		h.ring[h.next] = ev
		h.next = (h.next + 1) % len(h.ring)
	}
	h.held = len(h.ring)
	for s := range h.subs {
		if s.hid != ev.HackathonID {
			continue
		}
		select {
		case s.ch <- ev:
		default: // lagging: end its stream; it resumes with Last-Event-ID
			delete(h.subs, s)
			close(s.ch)
		}
	}
}

// oldest is the id of the oldest held event (or last+1 when none).
func (h *hub) oldest() int64 {
	if h.held == 0 {
		return h.last + 1
	}
	return h.ring[(h.next-h.held+len(h.ring))%len(h.ring)].ID
}

func (h *hub) subscribe(hid, after int64) *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &Subscription{ch: make(chan LiveEvent, subBuffer), hid: hid, hub: h}
	s.C = s.ch
	if h.closed {
		close(s.ch)
		return s
	}
	h.subs[s] = struct{}{}
	if after <= 0 || after >= h.last {
		return s
	}
	if after+1 < h.oldest() {
		s.Gap = true // some events after it are no longer held
	}
	for i := 0; i < h.held; i++ {
		ev := h.ring[(h.next-h.held+i+len(h.ring))%len(h.ring)]
		if ev.ID > after && ev.HackathonID == hid {
			s.Backlog = append(s.Backlog, ev)
		}
	}
	return s
}

func (h *hub) unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.ch)
	}
}

func (h *hub) lastID() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.ch)
	}
}

// subscribers counts the current subscriptions (for tests and metrics).
func (h *hub) subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// memBroker is the in-process broker of a single instance (SQLite). Event
// ids start at the clock in microseconds, so they keep increasing across
// restarts and a viewer's Last-Event-ID from before a restart reports a gap.
type memBroker struct {
	*hub
	load func(ctx context.Context, hid, fid int64) (*Finding, error)
	mu   sync.Mutex // orders id assignment with delivery
}

// NewMemBroker returns an in-process broker over db.
func NewMemBroker(db *store.DB) Broker {
	svc := NewService(db)
	return &memBroker{hub: newHub(time.Now().UnixMicro()), load: svc.get}
}

func (b *memBroker) Publish(ctx context.Context, hid, fid int64, change string, f *Finding) error {
	if f == nil {
		var err error
		if f, err = b.load(ctx, hid, fid); err != nil {
			return err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hub.deliver(LiveEvent{ID: b.hub.lastID() + 1, HackathonID: hid, FindingID: fid, Change: change, Finding: f})
	return nil
}

func (b *memBroker) Subscribe(_ context.Context, hid, after int64) (*Subscription, error) {
	return b.hub.subscribe(hid, after), nil
}

func (b *memBroker) LastID() int64 { return b.hub.lastID() }
func (b *memBroker) Close()        { b.hub.close() }

// NewBroker returns the broker for db: LISTEN/NOTIFY on PostgreSQL, in
// process on SQLite.
func NewBroker(db *store.DB) Broker {
	if db.Dialect == store.Postgres {
		return NewPGBroker(db)
	}
	return NewMemBroker(db)
}

// published is the service's hook after a committed change: it tells the
// live board. A failure to publish never fails the change itself.
func (s *Service) published(ctx context.Context, hid, fid int64, change string, f *Finding) {
	if s.Live == nil {
		return // a service without live viewers (the demo loader, a test)
	}
	if err := s.Live.Broker.Publish(context.WithoutCancel(ctx), hid, fid, change, f); err != nil {
		slog.Warn("finding: publish live event", "finding", fid, "err", err)
	}
}

// after publishes an update of f when the change (err) succeeded, and returns err.
func (s *Service) after(ctx context.Context, f *Finding, err error) error {
	if err == nil {
		s.published(ctx, f.HackathonID, f.ID, ChangeUpdated, nil)
	}
	return err
}
