package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestOutboxSecretLinkNotClickable: a set-password link, whose token the
// outbox keeps apart, is listed in Berichten as text ending in its
// placeholder with a note, never as a link cut short before the
// placeholder (which opened a broken page); other links stay links. Once
// the message is sent its token is erased, and a resend (which would mail
// the placeholder) is neither offered nor accepted.
func TestOutboxSecretLinkNotClickable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		const token = "0123456789abcdef0123456789abcdef"
		id, err := outbox.Queue(context.Background(), db, comms.Message{HackathonID: e.hid, To: "piet@vendor.example", Subject: "Je account",
			Body:    "Kies je wachtwoord: https://ketentest.example/account/set-password/" + token + "\n\nUitleg: https://ketentest.example/hulp.",
			Secrets: []string{token}})
		if err != nil {
			t.Fatal(err)
		}
		status, body, _ := e.do("communicatie", "GET", fmt.Sprintf("/hackathons/%d/outbox/%d", e.hid, id), "", "")
		if status != http.StatusOK {
			t.Fatalf("message page: %d", status)
		}
		if strings.Contains(body, token) {
			t.Fatal("the page shows the token")
		}
		if strings.Contains(body, `href="https://ketentest.example/account/set-password/`) {
			t.Error("the set-password link without its token is clickable")
		}
		for _, want := range []string{"<code>https://ketentest.example/account/set-password/[secret-1]</code>", "alleen in de e-mail aan de ontvanger",
			`<a href="https://ketentest.example/hulp" rel="noopener noreferrer">`, `id="resend"`} {
			if !strings.Contains(body, want) {
				t.Errorf("message page lacks %q", want)
			}
		}
		// Once sent, the token is gone: a copy would mail "[secret-1]", so
		// the page offers no resend and a posted one is refused.
		if _, err := db.Exec(context.Background(), "UPDATE outbox SET status = 'sent' WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/hackathons/%d/outbox/%d", e.hid, id)
		_, body, _ = e.do("communicatie", "GET", page, "", "")
		if strings.Contains(body, `id="resend"`) || !strings.Contains(body, `id="resend-spent"`) {
			t.Error("a sent message with a spent one-time link still offers a resend")
		}
		var before, after int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox").Scan(&before)
		status, body, _ = e.form("communicatie", page+"/resend", nil)
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox").Scan(&after)
		if status != http.StatusConflict || !strings.Contains(body, "eenmalige link") || after != before {
			t.Errorf("resend of a spent link: %d, %d → %d messages", status, before, after)
		}
	})
}
