package finding

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestGatherSendsWhatArrivesWithinTheWindow: events that come in within
// the flush window after the first go out together; later ones wait for the
// next round, and a closed feed ends the stream.
func TestGatherSendsWhatArrivesWithinTheWindow(t *testing.T) {
	const window = 300 * time.Millisecond
	ctx := context.Background()
	f := &Finding{ID: 1, Key: "PZP-1", Visibility: VisibleAll}
	hidden := &Finding{ID: 2, Key: "PZP-2", Visibility: VisibleInvolved}
	c := make(chan LiveEvent, 8)
	c <- LiveEvent{ID: 1, Finding: f, Change: "created"}
	c <- LiveEvent{ID: 2, Finding: hidden, Change: "created"} // another organisation's
	go func() {
		time.Sleep(50 * time.Millisecond)
		c <- LiveEvent{ID: 3, Finding: f, Change: "updated"}
	}()
	rec := httptest.NewRecorder()
	start := time.Now()
	if !gather(ctx, rec, c, Viewer{UserID: 9, Orgs: []int64{77}}, window) {
		t.Fatal("gather ended the stream on an open feed")
	}
	if took := time.Since(start); took < window {
		t.Errorf("gather returned after %s, before the window of %s", took, window)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "id: 1\n") || !strings.Contains(body, "id: 3\n") || strings.Contains(body, "PZP-2") {
		t.Fatalf("gathered:\n%s\nwant events 1 and 3, not the restricted PZP-2", body)
	}
	c <- LiveEvent{ID: 4, Finding: f}
	close(c)
	rec = httptest.NewRecorder()
	if gather(ctx, rec, c, Viewer{Staff: true}, window) {
		t.Error("gather kept a closed feed open")
	}
	if !strings.Contains(rec.Body.String(), "id: 4\n") {
		t.Errorf("event queued before the close was not written: %q", rec.Body.String())
	}
}
