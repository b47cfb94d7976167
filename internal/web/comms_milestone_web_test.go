package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestCalendarSendCompletesMilestone: sending the proposed kick-off
// invitation from the calendar to everyone says so and shows milestone 2F
// as done on the item page; the calendar does not offer the moments that
// their own action sends.
func TestCalendarSendCompletesMilestone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		base := fmt.Sprintf("/hackathons/%d/comms", e.hid)
		e.addRegistration("Jan Jansen", "jan@zorg.example", "zorgaanbieder", "confirmed")
		if _, err := hackathon.NewService(db).RecordDecision(ctx, e.hid, hackathon.DecisionInput{Outcome: "go", Reason: "Startnotitie akkoord", DecidedOn: date.New(2026, 11, 20)},
			e.users["projectleider"].ID); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := e.form("communicatie", base+"/calendar/propose", nil); status != http.StatusSeeOther {
			t.Fatalf("propose: %d", status)
		}
		var id int64
		if err := db.QueryRow(ctx, "SELECT id FROM comm_calendar WHERE hackathon_id = ? AND moment = 'kickoff_invitation'", e.hid).Scan(&id); err != nil {
			t.Fatal(err)
		}
		item := fmt.Sprintf("%s/calendar/%d", base, id)
		_, body, _ := e.do("communicatie", "GET", item, "", "")
		if !strings.Contains(body, "2F") || strings.Contains(body, `id="milestone-status">Gereed`) || strings.Contains(body, `value="accountuitnodiging"`) {
			t.Fatalf("item before sending:\n%s", body)
		}
		status, _, hdr := e.form("communicatie", item+"/send", nil)
		if status != http.StatusSeeOther || !strings.Contains(hdr.Get("Set-Cookie"), "comms.flash.milestone_done") {
			t.Fatalf("send: %d %v", status, hdr)
		}
		if !i18n.Has("nl", "comms.flash.milestone_done") || !i18n.Has("en", "comms.flash.milestone_done") {
			t.Fatal("the flash is not translated")
		}
		_, body, _ = e.do("communicatie", "GET", item, "", "")
		if !strings.Contains(body, `id="milestone-status">Gereed`) {
			t.Fatalf("item after sending:\n%s", body)
		}
	})
}
