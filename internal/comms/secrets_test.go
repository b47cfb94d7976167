package comms_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestSecretsAreNotStoredInMail: a set-password token in a message is never
// in the stored outbox row (body, HTML, API listing); the recipient gets the
// working link, and after delivery the secret is gone from the database.
func TestSecretsAreNotStoredInMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := commstest.Start(t)
		o, _ := setup(db)
		const token = "kt_0123456789abcdefSECRET"
		link := "https://ketentest.example/account/set-password/" + token
		var id int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			id, err = o.Queue(ctx, tx, comms.Message{To: "vera@example.org", Subject: "Je account",
				Body: "Kies je wachtwoord: " + link + "\n", HTML: `<p><a href="` + link + `">` + link + `</a></p>`, Secrets: []string{token}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		stored := func() string {
			var body, html string
			if err := db.QueryRow(ctx, "SELECT body, html FROM outbox WHERE id = ?", id).Scan(&body, &html); err != nil {
				t.Fatal(err)
			}
			return body + html
		}
		secrets := func() int {
			var n int
			db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox_secrets WHERE outbox_id = ?", id).Scan(&n)
			return n
		}
		if s := stored(); strings.Contains(s, token) || !strings.Contains(s, "/account/set-password/"+comms.SecretPlaceholder(1)) {
			t.Fatalf("queued message stores the token or lost the placeholder:\n%s", s)
		}
		if secrets() != 1 {
			t.Fatal("the secret is not kept for sending")
		}
		// A copy of the unsent message carries the secret too, kept apart as well.
		copyID, err := o.Resend(ctx, 0, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		w := comms.NewWorker(o, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		for range 2 {
			if worked, err := w.Runner.RunOnce(ctx); !worked || err != nil {
				t.Fatalf("send: %v %v", worked, err)
			}
		}
		got := srv.Messages()
		if len(got) != 2 {
			t.Fatalf("%d messages sent, want the original and its copy", len(got))
		}
		for _, g := range got {
			if !strings.Contains(strings.ReplaceAll(string(g.Data), "=\r\n", ""), token) {
				t.Fatalf("the recipient did not get the working link:\n%s", g.Data)
			}
		}
		var copyBody string
		db.QueryRow(ctx, "SELECT body FROM outbox WHERE id = ?", copyID).Scan(&copyBody)
		if strings.Contains(copyBody, token) {
			t.Fatalf("the copy stores the token:\n%s", copyBody)
		}
		if s := stored(); strings.Contains(s, token) || secrets() != 0 {
			t.Fatalf("after delivery the secret is still stored (%d rows):\n%s", secrets(), s)
		}
		// A copy of the sent message has no usable link left.
		if _, err := o.Resend(ctx, 0, id, 0); err != nil {
			t.Fatal(err)
		}
		if worked, err := w.Runner.RunOnce(ctx); !worked || err != nil {
			t.Fatalf("send: %v %v", worked, err)
		}
		if last := srv.Messages()[2]; strings.Contains(strings.ReplaceAll(string(last.Data), "=\r\n", ""), token) {
			t.Fatal("a copy of a sent message still carries the secret")
		}
		list, err := o.List(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if strings.Contains(m.Body+m.HTML, token) {
				t.Fatal("the listing shows the token")
			}
		}
	})
}
