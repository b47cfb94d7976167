package participant

import (
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/date"
)

// The registration time in the participant export is a human date in the
// display time zone (Europe/Amsterdam by default), not UTC.
func TestExportRegisteredAtInDisplayZone(t *testing.T) {
	rec := exportRecord(Registration{Name: "A", CreatedAt: time.Date(2026, 12, 1, 8, 6, 0, 0, time.UTC)}, date.DefaultLocation())
	if got := rec[len(rec)-1]; got != "2026-12-01 09:06" {
		t.Fatalf("registered at %q, want 2026-12-01 09:06", got)
	}
}
