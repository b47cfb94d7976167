package web

import (
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/date"
)

// A comment written at 09:06 Dutch time is stored as 08:06 UTC (winter)
// and must be shown as 09:06; in summer the offset is two hours.
func TestWhenShowsDisplayZone(t *testing.T) {
	when := funcsIn(date.DefaultLocation())["when"].(func(string, time.Time) string)
	if date.DefaultLocation().String() != "Europe/Amsterdam" {
		t.Fatalf("default display zone %v", date.DefaultLocation())
	}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 8, 6, 0, 0, time.UTC), "1 dec 2026 09:06"},
		{time.Date(2026, 7, 1, 8, 6, 0, 0, time.UTC), "1 jul 2026 10:06"},
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "1 jan 2027 00:30"},
	} {
		if got := when("nl", tc.at); got != tc.want {
			t.Errorf("when(%v) = %q, want %q", tc.at, got, tc.want)
		}
	}
	when = funcsIn(time.UTC)["when"].(func(string, time.Time) string)
	if got := when("nl", time.Date(2026, 12, 1, 8, 6, 0, 0, time.UTC)); got != "1 dec 2026 08:06" {
		t.Errorf("with zone UTC: %q", got)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
