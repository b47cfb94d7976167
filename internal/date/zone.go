package date

import "time"

// DefaultZone is the time zone times are shown in unless configured
// otherwise (--timezone): the hackathons take place in the Netherlands.
const DefaultZone = "Europe/Amsterdam"

// DefaultLocation is DefaultZone, or UTC when no zone data is at hand. The
// zone in force is configuration, handed to whoever shows times; this
// package holds no mutable state.
func DefaultLocation() *time.Location {
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil {
		return time.UTC
	}
	return loc
}
