package finding

import (
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// LiveOptions tune the live streams of one process.
type LiveOptions struct {
	// MaxStreamsPerUser is how many live streams one user may hold open at
	// once (in this process); more are refused with 429. 0 means no limit.
	MaxStreamsPerUser int
}

// Live is the live board of one process: the broker that carries changes
// to viewers, and how the streams to them behave. serve builds one (in
// internal/app) and hands it to the finding service, the pages and the API.
type Live struct {
	Broker Broker
	// Heartbeat is how often a stream sends a comment to keep proxies and
	// clients from closing an idle connection.
	Heartbeat time.Duration
	// FlushWindow is how long a stream gathers further events after one
	// before it sends them on together. On a busy day this turns hundreds
	// of small writes per viewer per second into a few, for 200 viewers
	// and more; a quiet board shows a change FlushWindow later. 0 sends
	// only what is already queued.
	FlushWindow time.Duration
	// MaxStreamsPerUser: see LiveOptions.
	MaxStreamsPerUser int

	mu      sync.Mutex
	streams map[int64]int // open streams per user
}

// Defaults of a Live.
const (
	DefaultHeartbeat   = 15 * time.Second
	DefaultFlushWindow = 25 * time.Millisecond
)

// NewLive returns the live board over db with its own broker.
func NewLive(db *store.DB, o LiveOptions) *Live {
	return &Live{Broker: NewBroker(db), Heartbeat: DefaultHeartbeat, FlushWindow: DefaultFlushWindow,
		MaxStreamsPerUser: o.MaxStreamsPerUser, streams: map[int64]int{}}
}

// Close ends every live stream.
func (l *Live) Close() { l.Broker.Close() }

// acquireStream takes a place for a stream of userID; false when the user
// already holds MaxStreamsPerUser streams.
func (l *Live) acquireStream(userID int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.streams == nil {
		l.streams = map[int64]int{}
	}
	if max := l.MaxStreamsPerUser; max > 0 && l.streams[userID] >= max {
		return false
	}
	l.streams[userID]++
	return true
}

func (l *Live) releaseStream(userID int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.streams[userID]--; l.streams[userID] <= 0 {
		delete(l.streams, userID)
	}
}
