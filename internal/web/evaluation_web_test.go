package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestEvaluationThroughPersonalLink: an organiser draws up and sends the
// questionnaire of day 1; the participant answers through the personal
// link without logging in (an answer outside the scale is refused with a
// Dutch message naming the question, nothing saved); a second use shows
// a clear message; the results page counts the answer.
func TestEvaluationThroughPersonalLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		now := time.Now()
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, chain_role, name, email, attend_days, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, 'dva', 'Dirk DVA', 'dirk@dva.example', '1', 'nl', 'confirmed', 'h-dirk', ?, ?)`, e.hid, now, now); err != nil {
			t.Fatal(err)
		}
		lead := "projectleider"
		base := fmt.Sprintf("/hackathons/%d/evaluation", e.hid)
		st, _, hdr := e.form(lead, base, url.Values{"day": {"1"}})
		if st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		show := hdr.Get("Location")
		if st, _, _ := e.form(lead, base, url.Values{"day": {"9"}}); st != http.StatusUnprocessableEntity {
			t.Errorf("day 9: %d, want 422", st)
		}
		if st, _, _ := e.form(lead, show+"/send", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("send: %d", st)
		}
		var token string
		if err := db.QueryRow(ctx, "SELECT s.value FROM outbox o JOIN outbox_secrets s ON s.outbox_id = o.id WHERE o.recipient = 'dirk@dva.example'").Scan(&token); err != nil {
			t.Fatal(err)
		}
		link := "/evaluation/" + token
		st, body, _ := e.do("anonymous", "GET", link, "", "")
		if st != http.StatusOK || !strings.Contains(body, "Konden de gegevens volledig") {
			t.Fatalf("form: %d\n%s", st, body)
		}
		m := regexp.MustCompile(`name="(q\d+)" value="1"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no scale question on the form")
		}
		st, body, _ = e.form("anonymous", link, url.Values{m[1]: {"7"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "kies een waarde van 1 tot en met 5") || !strings.Contains(body, "Hoe beoordeelt u de organisatie") {
			t.Fatalf("answer 7: %d, want 422 naming the question:\n%s", st, body)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM evaluation_responses").Scan(&n)
		if n != 0 {
			t.Fatal("a refused answer was saved")
		}
		if st, body, _ = e.form("anonymous", link, url.Values{m[1]: {"4"}}); st != http.StatusOK || !strings.Contains(body, "Dank je wel") {
			t.Fatalf("answer: %d\n%s", st, body)
		}
		if st, body, _ = e.form("anonymous", link, url.Values{m[1]: {"1"}}); st != http.StatusConflict || !strings.Contains(body, "al ingevuld") {
			t.Errorf("second use: %d, want 409 with a clear message", st)
		}
		if st, _, _ = e.do("anonymous", "GET", "/evaluation/"+strings.Repeat("a", 48), "", ""); st != http.StatusNotFound {
			t.Errorf("unknown link: %d", st)
		}
		st, body, _ = e.do(lead, "GET", show, "", "")
		if st != http.StatusOK || !strings.Contains(body, "1 van ") || !strings.Contains(body, "<svg") {
			t.Errorf("results page: %d, want the response counted with an SVG chart", st)
		}
		st, body, _ = e.do(lead, "GET", show+"/results.csv", "", "")
		if st != http.StatusOK || !strings.Contains(body, ",dva,,") {
			t.Errorf("csv: %d\n%s", st, body)
		}
	})
}
