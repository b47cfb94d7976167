package finding

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
)

func FuzzParsePayload(f *testing.F) {
	for _, s := range []string{"1 2 3 created", "42 1 7 updated", "x 1 2 created", "1 2 3", "-1 2 3 created", "1 2 3 deleted", "1  2\t3 created "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ev, ok := parsePayload(s)
		if !ok {
			return
		}
		if ev.ID <= 0 || ev.HackathonID <= 0 || ev.FindingID <= 0 || (ev.Change != ChangeCreated && ev.Change != ChangeUpdated) {
			t.Fatalf("%q parsed as %+v", s, ev)
		}
		// What Publish writes reads back the same.
		back, ok := parsePayload(fmt.Sprintf("%d %d %d %s", ev.ID, ev.HackathonID, ev.FindingID, ev.Change))
		if !ok || back.ID != ev.ID || back.HackathonID != ev.HackathonID || back.FindingID != ev.FindingID || back.Change != ev.Change {
			t.Fatalf("round trip of %+v: %+v", ev, back)
		}
	})
}

func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"token", `"lege bundel" pzp-2`, `"`, `a "b`, "1 2 3 4 5 6 7 8 9 10", "100% _x\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := searchTerms(s)
		if len(terms) > maxTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if strings.TrimSpace(term) == "" || strings.Contains(term, `"`) {
				t.Fatalf("term %q of %q", term, s)
			}
		}
		cond, args := (&Service{DB: &store.DB{}}).searchClause(s, false, 0)
		if strings.Count(cond, "?") != len(args) || (cond == "") != (len(terms) == 0) {
			t.Fatalf("%q: %d placeholders, %d args", s, strings.Count(cond, "?"), len(args))
		}
	})
}

// TestHubRingWrapsAround: the hub holds the newest ringSize events and
// reports a gap for a viewer that is further behind.
func TestHubRingWrapsAround(t *testing.T) {
	h := newHub(100)
	for i := int64(1); i <= ringSize+10; i++ {
		h.deliver(LiveEvent{ID: 100 + i, HackathonID: 1 + i%2})
	}
	if got := h.oldest(); got != 111 {
		t.Fatalf("oldest %d, want 111", got)
	}
	s := h.subscribe(1, 100+ringSize)
	if s.Gap || len(s.Backlog) != 5 || s.Backlog[0].ID != 102+ringSize || s.Backlog[4].ID != 110+ringSize {
		t.Fatalf("recent resume: gap %v, %d events from %d", s.Gap, len(s.Backlog), s.Backlog[0].ID)
	}
	if s := h.subscribe(1, 105); !s.Gap {
		t.Fatal("resume from a dropped event: no gap")
	}
	if s := h.subscribe(1, 110); s.Gap || len(s.Backlog) != ringSize/2 {
		t.Fatalf("resume just before the oldest: gap %v, %d events", s.Gap, len(s.Backlog))
	}
	// A subscriber that does not read is cut off, not waited for.
	slow := h.subscribe(2, 0)
	for i := int64(1); i <= subBuffer+1; i++ {
		h.deliver(LiveEvent{ID: 200000 + i, HackathonID: 2})
	}
	n := 0
	for range slow.C {
		n++
	}
	if n != subBuffer {
		t.Fatalf("lagging subscriber got %d events before being cut off, want %d", n, subBuffer)
	}
}
