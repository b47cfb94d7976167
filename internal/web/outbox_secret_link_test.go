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
// placeholder (which opened a broken page); other links stay links.
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
			`<a href="https://ketentest.example/hulp" rel="noopener noreferrer">`} {
			if !strings.Contains(body, want) {
				t.Errorf("message page lacks %q", want)
			}
		}
	})
}
