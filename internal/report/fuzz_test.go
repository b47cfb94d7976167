package report

import (
	"testing"
	"time"
)

// FuzzValidClock: only canonical HH:MM times of a day pass.
func FuzzValidClock(f *testing.F) {
	for _, s := range []string{"09:00", "9:00", "24:00", "23:59", "12:60", "", "ab:cd", "09:00:00", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !validClock(s) {
			return
		}
		tm, err := time.Parse("15:04", s)
		if err != nil || len(s) != 5 || tm.Format("15:04") != s {
			t.Fatalf("accepted %q", s)
		}
	})
}
