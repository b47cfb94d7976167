package sandbox

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// trafficRecord is one request to the DVA, as stored in sandbox_traffic.
type trafficRecord struct {
	at                        time.Time
	clientID, claimedClientID string
	tokenID                   int64
	patientKey, method, path  string
	status                    int
	durationUS                int64
	requestID, correlationID  string
	requestHeaders, respHeads string
	bodies                    trafficBodies
}

// trafficBatch bounds the rows of one INSERT (16 parameters each).
const trafficBatch = 256

// trafficWriter records traffic through a buffer: handlers hand records to
// one goroutine that writes whatever has queued up as one multi-row INSERT,
// so a busy DVA does one write per batch instead of one per request. A
// record handed over is never dropped: when the buffer is full the handler
// waits, and Close writes everything still queued before it returns.
type trafficWriter struct {
	db      *store.DB
	ch      chan trafficRecord
	flushes chan chan struct{}
	done    chan struct{}
	mu      sync.RWMutex // held for reading while sending; Close takes it to close ch
	closed  bool
}

func newTrafficWriter(db *store.DB) *trafficWriter {
	t := &trafficWriter{db: db, ch: make(chan trafficRecord, 8192), flushes: make(chan chan struct{}), done: make(chan struct{})}
	go t.run()
	return t
}

// add queues a record; after Close it writes the record directly.
func (t *trafficWriter) add(rec trafficRecord) {
	t.mu.RLock()
	if t.closed {
		t.mu.RUnlock()
		t.write([]trafficRecord{rec})
		return
	}
	t.ch <- rec
	t.mu.RUnlock()
}

// flush returns when every record queued before the call is written.
func (t *trafficWriter) flush() {
	t.mu.RLock()
	if t.closed {
		t.mu.RUnlock()
		return
	}
	reply := make(chan struct{})
	t.flushes <- reply
	t.mu.RUnlock()
	<-reply
}

// close writes what is queued and stops the writer.
func (t *trafficWriter) close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		<-t.done
		return
	}
	t.closed = true
	close(t.ch)
	t.mu.Unlock()
	<-t.done
}

func (t *trafficWriter) run() {
	defer close(t.done)
	batch := make([]trafficRecord, 0, trafficBatch)
	// drain takes what is queued without waiting; it reports false when the
	// channel is closed and empty.
	drain := func() bool {
		for {
			select {
			case rec, ok := <-t.ch:
				if !ok {
					return false
				}
				batch = append(batch, rec)
				if len(batch) == trafficBatch {
					t.write(batch)
					batch = batch[:0]
				}
			default:
				return true
			}
		}
	}
	for {
		select {
		case rec, ok := <-t.ch:
			if !ok {
				t.write(batch)
				return
			}
			batch = append(batch, rec)
			open, reply := t.gather(&batch)
			t.write(batch)
			batch = batch[:0]
			if reply != nil {
				open = drain()
				t.write(batch)
				batch = batch[:0]
				close(reply)
			}
			if !open {
				return
			}
		case reply := <-t.flushes:
			open := drain()
			t.write(batch)
			batch = batch[:0]
			close(reply)
			if !open {
				return
			}
		}
	}
}

// trafficLinger is how long the writer waits for more records before it
// writes a batch that is not full: under load one INSERT (one commit)
// then carries many requests instead of a few, which is most of what
// recording costs.
const trafficLinger = 5 * time.Millisecond

// gather adds to batch what arrives within trafficLinger (or until the
// batch is full). It returns false when the channel closed, and a flush
// request that came in meanwhile.
func (t *trafficWriter) gather(batch *[]trafficRecord) (open bool, reply chan struct{}) {
	timer := time.NewTimer(trafficLinger)
	defer timer.Stop()
	for len(*batch) < trafficBatch {
		select {
		case rec, ok := <-t.ch:
			if !ok {
				return false, nil
			}
			*batch = append(*batch, rec)
		case r := <-t.flushes:
			return true, r
		case <-timer.C:
			return true, nil
		}
	}
	return true, nil
}

const trafficColumns = `INSERT INTO sandbox_traffic
	(at, client_id, token_id, patient_key, method, path, status, duration_us, request_id, correlation_id, request_headers, response_headers,
	request_body_hash, response_body_hash, body_truncated, claimed_client_id)
	VALUES `

// write inserts records in one statement, retrying once.
func (t *trafficWriter) write(recs []trafficRecord) {
	if len(recs) == 0 {
		return
	}
	storeBodies(context.Background(), t.db, recs)
	var q strings.Builder
	q.WriteString(trafficColumns)
	args := make([]any, 0, 16*len(recs))
	for i, rec := range recs {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		var tokenID any
		if rec.tokenID != 0 {
			tokenID = rec.tokenID
		}
		args = append(args, rec.at, rec.clientID, tokenID, rec.patientKey, rec.method, rec.path, rec.status,
			rec.durationUS, rec.requestID, rec.correlationID, rec.requestHeaders, rec.respHeads,
			rec.bodies.reqHash, rec.bodies.respHash, rec.bodies.cut, rec.claimedClientID)
	}
	ctx := context.Background()
	_, err := t.db.Exec(ctx, q.String(), args...)
	if err != nil {
		time.Sleep(50 * time.Millisecond)
		_, err = t.db.Exec(ctx, q.String(), args...)
	}
	if err != nil {
		slog.Error("sandbox: record traffic", "records", len(recs), "err", err)
	}
}
