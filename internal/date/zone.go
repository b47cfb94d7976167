package date

import (
	"sync/atomic"
	"time"
)

// DefaultZone is the time zone times are shown in unless configured
// otherwise: the hackathons take place in the Netherlands.
const DefaultZone = "Europe/Amsterdam"

var zone atomic.Pointer[time.Location]

func init() {
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil { // no zoneinfo and no time/tzdata: fall back to UTC
		loc = time.UTC
	}
	zone.Store(loc)
}

// SetZone sets the time zone times are displayed in. Times are stored in
// UTC; only their display changes.
func SetZone(loc *time.Location) { zone.Store(loc) }

// Zone is the time zone times are displayed in.
func Zone() *time.Location { return zone.Load() }

// Display returns t in the display time zone, for showing to people.
func Display(t time.Time) time.Time { return t.In(zone.Load()) }
