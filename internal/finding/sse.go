package finding

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WantsEventStream reports whether the request accepts text/event-stream
// (EventSource always sends it); other requests get 406 instead of a
// response that never ends.
func WantsEventStream(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// ResumeAfter is the event id to resume after: the Last-Event-ID header
// (sent by EventSource on reconnect) or ?since= (a page's snapshot).
func ResumeAfter(r *http.Request) int64 {
	for _, s := range []string{r.Header.Get("Last-Event-ID"), r.URL.Query().Get("since")} {
		if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && id > 0 {
			return id
		}
	}
	return 0
}

// ServeLive streams the changes of a hackathon's findings that v may see as
// server-sent events until the client goes, the server shuts down (the
// request context ends) or the broker closes:
//
//	id: <event id>
//	event: finding
//	data: {"id":..,"key":"PZP-42",...,"change":"created"}
//
// An event "reset" asks the client to reload its snapshot because events
// after its Last-Event-ID are no longer held. A comment line is sent every
// Heartbeat.
func (l *Live) Serve(w http.ResponseWriter, r *http.Request, hid int64, v Viewer) {
	if !l.acquireStream(v.UserID) {
		http.Error(w, "too many live streams open for this user", http.StatusTooManyRequests)
		return
	}
	defer l.releaseStream(v.UserID)
	b := l.Broker
	ctx := r.Context()
	rc := http.NewResponseController(w)
	// The stream outlives the server's read and write timeouts.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	sub, err := b.Subscribe(ctx, hid, ResumeAfter(r))
	if err != nil {
		http.Error(w, "live updates unavailable", http.StatusServiceUnavailable)
		return
	}
	defer sub.Close()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 3000\n: ketentest live findings\n\n"); err != nil {
		return
	}
	if sub.Gap {
		fmt.Fprintf(w, "id: %d\nevent: reset\ndata: {}\n\n", b.LastID())
	}
	for _, ev := range sub.Backlog {
		if err := writeEvent(w, ev, v); err != nil {
			return
		}
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(l.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-sub.C:
			if !ok {
				return // broker closed or this viewer lagged: the client reconnects
			}
			if err := writeEvent(w, ev, v); err != nil {
				return
			}
			if !gather(ctx, w, sub.C, v, l.FlushWindow) {
				rc.Flush()
				return
			}
			if rc.Flush() != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

// gather writes the events that arrive within flushWindow (and those
// already queued); false when the stream must end.
func gather(ctx context.Context, w http.ResponseWriter, c <-chan LiveEvent, v Viewer, flushWindow time.Duration) bool {
	var window <-chan time.Time
	if flushWindow > 0 {
		t := time.NewTimer(flushWindow)
		defer t.Stop()
		window = t.C
	}
	for {
		select {
		case ev, ok := <-c:
			if !ok || writeEvent(w, ev, v) != nil {
				return false
			}
			continue
		case <-ctx.Done():
			return false
		default:
		}
		if window == nil {
			return true
		}
		select {
		case ev, ok := <-c:
			if !ok || writeEvent(w, ev, v) != nil {
				return false
			}
		case <-window:
			return true
		case <-ctx.Done():
			return false
		}
	}
}

func writeEvent(w http.ResponseWriter, ev LiveEvent, v Viewer) error {
	if ev.Finding == nil || !v.CanSee(ev.Finding) {
		return nil
	}
	data := ev.data
	if data == nil {
		var err error
		if data, err = json.Marshal(ev.Finding.Live(ev.Change)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "id: %d\nevent: finding\ndata: %s\n\n", ev.ID, data)
	return err
}
