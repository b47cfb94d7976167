package blueprint

import "time"

// DueAnchor is the hackathon date a milestone's default due date counts from.
type DueAnchor string

// The three reference dates.
const (
	DueKickoff DueAnchor = "kickoff" // the participant kick-off (phase 3)
	DueDay1    DueAnchor = "day1"    // the first hackathon day (phase 6)
	DueLastDay DueAnchor = "lastday" // the last hackathon day (day1 when there is only one)
)

// DefaultDue returns m's default due date: DueOffsetDays calendar days
// after the reference date named by m.DueRelativeTo. It returns the zero
// time when that reference date is zero (not planned yet) or the anchor is
// unknown. For a one-day hackathon pass day1 as lastDay.
func DefaultDue(m Milestone, kickoff, day1, lastDay time.Time) time.Time {
	var ref time.Time
	switch m.DueRelativeTo {
	case DueKickoff:
		ref = kickoff
	case DueDay1:
		ref = day1
	case DueLastDay:
		ref = lastDay
	}
	if ref.IsZero() {
		return time.Time{}
	}
	return ref.AddDate(0, 0, m.DueOffsetDays)
}
