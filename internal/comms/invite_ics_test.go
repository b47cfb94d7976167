package comms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
)

// TestInvitationHasOrganizer: a METHOD:REQUEST object names the ORGANIZER
// (RFC 5546 requires it) and the attendee in every event; a feed
// (PUBLISH) names neither; an address with calendar syntax in it is left
// out rather than injected.
func TestInvitationHasOrganizer(t *testing.T) {
	ev := []comms.Event{{UID: "a@ketentest", Summary: "Kick-off", Date: date.New(2027, 2, 3)}, {UID: "b@ketentest", Summary: "Dag 1", Date: date.New(2027, 3, 17)}}
	stamp := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ics := comms.Invitation("BgZ", comms.Invite{Organizer: "noreply@ketentest.example", OrganizerName: "BgZ-hackathon", Attendee: "piet@vendor.example"}, ev, stamp)
	lines := comms.Unfold(ics)
	count := func(prefix string) int {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	if count("METHOD:REQUEST") != 1 || count(`ORGANIZER;CN="BgZ-hackathon":mailto:noreply@ketentest.example`) != 2 ||
		count("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:piet@vendor.example") != 2 {
		t.Fatalf("invitation without organizer/attendee per event:\n%s", ics)
	}
	feed := comms.Calendar("BgZ", "PUBLISH", ev, stamp)
	if strings.Contains(feed, "ORGANIZER") || strings.Contains(feed, "ATTENDEE") {
		t.Fatalf("feed names an organizer:\n%s", feed)
	}
	bad := comms.Invitation("BgZ", comms.Invite{Organizer: "x@y.example\r\nATTENDEE:mailto:evil@example", Attendee: "a;b@example"}, ev, stamp)
	if strings.Contains(bad, "evil@example") || strings.Contains(bad, "a;b@example") {
		t.Fatalf("calendar syntax injected:\n%s", bad)
	}
}
