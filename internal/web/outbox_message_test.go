package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestOutboxMessageReadable: without SMTP an organiser reads a queued
// message in Berichten — text part, HTML part sanitised, every link
// visible — and sends it again to its recipient; vendors may not read
// messages, and another hackathon's message is not found.
func TestOutboxMessageReadable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		id, err := outbox.Queue(ctx, db, comms.Message{HackathonID: e.hid, To: "piet@vendor.example", Subject: "Bevestig je aanmelding",
			Body: "Hoi Piet,\n\nBevestig via https://ketentest.example/register/confirm/abc123.\n\nGroet",
			HTML: `<p>Hoi Piet, <a href="https://ketentest.example/register/confirm/abc123">bevestig</a></p><script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror="alert(3)">`})
		if err != nil {
			t.Fatal(err)
		}
		list := fmt.Sprintf("/hackathons/%d/outbox", e.hid)
		page := fmt.Sprintf("%s/%d", list, id)
		_, body, _ := e.do("communicatie", "GET", list, "", "")
		if !strings.Contains(body, `href="`+page+`"`) {
			t.Fatalf("Berichten does not link the message:\n%s", body)
		}
		status, body, _ := e.do("communicatie", "GET", page, "", "")
		if status != http.StatusOK {
			t.Fatalf("read message: %d", status)
		}
		for _, want := range []string{"piet@vendor.example", "Bevestig je aanmelding", "Hoi Piet,",
			`<a href="https://ketentest.example/register/confirm/abc123" rel="noopener noreferrer">https://ketentest.example/register/confirm/abc123</a>`,
			`id="message-html"`, "In de wachtrij"} {
			if !strings.Contains(body, want) {
				t.Errorf("message page lacks %q", want)
			}
		}
		html := body[strings.Index(body, `id="message-html"`):]
		for _, bad := range []string{"<script", "javascript:", "onerror"} {
			if strings.Contains(html, bad) {
				t.Errorf("HTML part not sanitised: %q in\n%s", bad, html)
			}
		}
		for _, who := range []string{"deelnemer", "actor", "observer"} {
			if status, _, _ := e.do(who, "GET", page, "", ""); status != http.StatusForbidden {
				t.Errorf("%s reads a message: %d, want 403", who, status)
			}
		}
		// Another hackathon's message through this hackathon's path.
		h2, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "OTHER", Name: "Ander", Variant: "technisch"}, e.users["projectleider"].ID)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := outbox.Queue(ctx, db, comms.Message{HackathonID: h2.ID, To: "x@example.org", Subject: "Geheim", Body: "x"})
		if status, _, _ := e.do("communicatie", "GET", fmt.Sprintf("%s/%d", list, other), "", ""); status != http.StatusNotFound {
			t.Errorf("another hackathon's message: %d, want 404", status)
		}
		if status, _, _ := e.form("communicatie", fmt.Sprintf("%s/%d/resend", list, other), nil); status != http.StatusNotFound {
			t.Errorf("resend of another hackathon's message: %d, want 404", status)
		}
		// Resend: a new queued copy to the same recipient.
		status, _, hdr := e.form("projectleider", page+"/resend", nil)
		if status != http.StatusSeeOther || hdr.Get("Location") == page {
			t.Fatalf("resend: %d to %q", status, hdr.Get("Location"))
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND subject = ? AND status = 'queued'", "piet@vendor.example", "Bevestig je aanmelding").Scan(&n)
		if n != 2 {
			t.Fatalf("after resend %d queued copies, want 2", n)
		}
	})
}
