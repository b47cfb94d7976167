package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var freshLinkRe = regexp.MustCompile(`<code id="fresh-link">([^<]+)</code>`)

// TestOutboxNewSetPasswordLink: on a message in Berichten whose
// set-password link the outbox keeps apart, an organiser makes a fresh
// link for the recipient's invited account; it is shown once and works
// (the account sets a password and logs in), the link in the message stops
// working, a role that may not see the message gets 403, and the token is
// in no outbox row, no audit entry and no log line. Once the password is
// set, no new link is made and the page says so.
func TestOutboxNewSetPasswordLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var logs lockedBuffer
		prev := slog.Default()
		slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
		t.Cleanup(func() { slog.SetDefault(prev) })

		ctx := context.Background()
		e := newEnv(t, db)
		var oldToken string
		err := db.InTx(ctx, func(tx *store.Tx) error {
			uid, err := e.srv.Accounts.CreateInvited(ctx, tx, "piet@vendor.example", "Piet Pgo", "nl")
			if err != nil {
				return err
			}
			oldToken, err = e.srv.Accounts.NewSetPasswordToken(ctx, tx, uid)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		id, err := outbox.Queue(ctx, db, comms.Message{HackathonID: e.hid, To: "piet@vendor.example", Subject: "Je account",
			Body: "Kies je wachtwoord: " + e.ts.URL + "/account/set-password/" + oldToken + "\n", Secrets: []string{oldToken}})
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/hackathons/%d/outbox/%d", e.hid, id)
		_, body, _ := e.do("communicatie", "GET", page, "", "")
		if !strings.Contains(body, `id="new-setpw-link"`) || !strings.Contains(body, "Nieuwe link maken") {
			t.Fatal("the message page offers no new set-password link")
		}

		// A role that may not see the message may not make a link either.
		for _, s := range []string{"deelnemer", "triageteam", "nobody"} {
			if status, body, _ := e.form(s, page+"/set-password-link", nil); status != http.StatusForbidden || freshLinkRe.MatchString(body) {
				t.Errorf("%s: %d, want 403 without a link", s, status)
			}
		}

		status, body, hdr := e.form("communicatie", page+"/set-password-link", nil)
		if status != http.StatusOK {
			t.Fatalf("new link: %d", status)
		}
		m := freshLinkRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link on the page:\n%s", body)
		}
		link := m[1]
		token := strings.TrimPrefix(link, e.ts.URL+"/account/set-password/")
		if token == link || len(token) < 20 || token == oldToken {
			t.Fatalf("link %q is not a fresh set-password link", link)
		}
		for _, want := range []string{"Geef deze link alleen aan Piet Pgo (piet@vendor.example); hij werkt één keer en verloopt op "} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if cc := hdr.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		// Earlier unused links of the account stop working.
		if status, _, _ := e.do("anonymous", "GET", "/account/set-password/"+oldToken, "", ""); status != http.StatusNotFound {
			t.Errorf("the message's own link still works: %d", status)
		}

		// The token is stored nowhere readable and logged nowhere.
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE body LIKE ? OR html LIKE ?", "%"+token+"%", "%"+token+"%").Scan(&n)
		var s int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox_secrets WHERE value = ?", token).Scan(&s)
		var a, issued int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE from_value LIKE ? OR to_value LIKE ? OR entity_id LIKE ?", "%"+token+"%", "%"+token+"%", "%"+token+"%").Scan(&a)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = 'set-password link issued' AND user_id = ?", e.users["communicatie"].ID).Scan(&issued)
		if n != 0 || s != 0 || a != 0 {
			t.Errorf("token stored: %d outbox rows, %d outbox secrets, %d audit entries", n, s, a)
		}
		if issued != 1 {
			t.Errorf("%d audit entries for the issue, want 1", issued)
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the token is in the log:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "set-password-link") {
			t.Errorf("the request was not logged at all, so the log check proves nothing:\n%s", logs.String())
		}

		// The link works: the account sets its password and logs in.
		linkPath := strings.TrimPrefix(link, e.ts.URL)
		if status, _, hdr := e.form("anonymous", linkPath, url.Values{"password": {"een lang wachtwoord"}, "password_again": {"een lang wachtwoord"}}); status != http.StatusSeeOther || hdr.Get("Location") != "/login" {
			t.Fatalf("set password with the new link: %d %v", status, hdr)
		}
		status, _, hdr = e.form("anonymous", "/login", url.Values{"email": {"piet@vendor.example"}, "password": {"een lang wachtwoord"}})
		if status != http.StatusSeeOther || !strings.Contains(hdr.Get("Set-Cookie"), "ketentest_session") {
			t.Fatalf("login: %d %v", status, hdr)
		}

		// With its password set, the account gets no new link.
		status, body, _ = e.form("projectleider", page+"/set-password-link", nil)
		if status != http.StatusConflict || freshLinkRe.MatchString(body) || !strings.Contains(body, "al een wachtwoord gekozen") {
			t.Errorf("after the password was set: %d, link shown %v", status, freshLinkRe.MatchString(body))
		}
		if strings.Contains(logs.String(), token) {
			t.Error("the token is in the log")
		}
	})
}
