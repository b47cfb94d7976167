package commplan

import (
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
)

// CalendarICS is the communication calendar as an iCalendar feed for the
// project team's agendas: one all-day event per planned message that is not
// cancelled, with channel, owner and status in the description and a link
// to the item when baseURL is set.
func CalendarICS(h *hackathon.Hackathon, items []Item, baseURL string, now time.Time) string {
	var events []comms.Event
	for _, it := range items {
		if it.Status == StatusGeannuleerd {
			continue
		}
		desc := []string{"Kanaal: " + it.Channel, "Status: " + it.Status}
		if it.OwnerName != "" {
			desc = append(desc, "Eigenaar: "+it.OwnerName)
		}
		if it.Milestone != "" {
			desc = append(desc, "Mijlpaal: "+it.Milestone)
		}
		if it.Note != "" {
			desc = append(desc, it.Note)
		}
		url := ""
		if baseURL != "" {
			url = fmt.Sprintf("%s/hackathons/%d/comms/calendar/%d", strings.TrimSuffix(baseURL, "/"), h.ID, it.ID)
		}
		events = append(events, comms.Event{UID: fmt.Sprintf("comm-item-%d@ketentest", it.ID), Summary: "[" + it.Channel + "] " + it.Title,
			Description: strings.Join(desc, "\n"), Date: it.PlannedOn, URL: url})
	}
	return comms.Calendar(h.Name+" – communicatiekalender", "PUBLISH", events, now)
}
