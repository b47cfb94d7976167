package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/date"
)

// An unknown --timezone stops serve with a message naming the zone, before
// anything is opened; the embedded tzdata makes real zones load anywhere.
func TestServeRefusesUnknownTimeZone(t *testing.T) {
	err := runServe(t.Context(), []string{"--timezone", "Mars/Olympus", "--data-dir", t.TempDir(), "--addr", "127.0.0.1:0"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Fatalf("err = %v, want one naming the zone", err)
	}
	if _, err := time.LoadLocation(date.DefaultZone); err != nil {
		t.Fatalf("default zone does not load: %v", err)
	}
}
