package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestFeedbackDayPage: the communication expert sends the feedback of
// day 1 from the rounds page (6B): a day that is not a hackathon day is
// refused naming it in Dutch, a participant may not send it, and the send
// queues messages in the outbox.
func TestFeedbackDayPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.twoGoParticipants(t)
		base := fmt.Sprintf("/hackathons/%d/rounds", e.hid)
		if status, body, _ := e.do("projectleider", "GET", base, "", ""); status != 200 || !strings.Contains(body, `id="feedback-day-1"`) {
			t.Fatalf("rounds page lacks the feedback button: %d", status)
		}
		if status, _, _ := e.form("deelnemer", base+"/days/1/feedback", nil); status != http.StatusForbidden {
			t.Fatalf("participant sends feedback: %d", status)
		}
		if status, body, _ := e.form("communicatie", base+"/days/99/feedback", nil); status != http.StatusBadRequest || !strings.Contains(body, "geen dag van deze hackathon") {
			t.Fatalf("day 99: %d", status)
		}
		var n int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox WHERE hackathon_id = ?", e.hid).Scan(&n)
		if status, body, _ := e.form("communicatie", base+"/days/1/feedback", nil); status != http.StatusSeeOther {
			t.Fatalf("send feedback: %d %s", status, body)
		}
		var after int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox WHERE hackathon_id = ? AND subject LIKE ?", e.hid, "%dag 1%").Scan(&after)
		if after == 0 {
			t.Fatalf("no feedback queued (outbox had %d before)", n)
		}
	})
}
