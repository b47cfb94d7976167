package comms_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func setup(db *store.DB) (*comms.Outbox, *clock) {
	c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
	q := jobs.NewQueue(db)
	q.Now = c.Now
	o := comms.NewOutbox(db, q, "Ketentest <noreply@ketentest.example>")
	o.Now = c.Now
	return o, c
}

func queue(t *testing.T, o *comms.Outbox, n int, ics string) {
	t.Helper()
	ctx := context.Background()
	err := o.DB.InTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			if _, err := o.Queue(ctx, tx, comms.Message{To: fmt.Sprintf("p%d@example.org", i), Subject: fmt.Sprintf("Bericht %d — één", i),
				Body: "Beste deelnemer,\n\nwelkom.", ICS: ics}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func statuses(t *testing.T, db *store.DB) map[string]int {
	out := map[string]int{}
	rows, err := db.Query(context.Background(), "SELECT status, COUNT(*) FROM outbox GROUP BY status")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		rows.Scan(&s, &n)
		out[s] = n
	}
	return out
}

// TestRestartLosesNothingAndSendsNothingTwice stops a worker mid-batch,
// leaves a job claimed by a "crashed" worker, starts a new worker and checks
// at the SMTP server that every message arrived exactly once.
func TestRestartLosesNothingAndSendsNothingTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := commstest.Start(t)
		o, c := setup(db)
		const total, stopAfter = 30, 10
		queue(t, o, total, "")

		// Worker 1 is stopped (graceful, like SIGTERM) after 10 messages.
		w1 := comms.NewWorker(o, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		w1.Runner.ID, w1.Runner.Poll = "w1", 10*time.Millisecond
		ctx1, stop := context.WithCancel(ctx)
		sent := 0
		w1.Runner.Ran = func(j *jobs.Job, err error) {
			if err == nil {
				sent++
			}
			if sent == stopAfter {
				stop()
			}
		}
		done := make(chan struct{})
		go func() { w1.Run(ctx1); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("worker 1 did not stop")
		}
		if got := len(srv.Messages()); got != stopAfter {
			t.Fatalf("after stopping worker 1 the server has %d messages, want %d", got, stopAfter)
		}
		if st := statuses(t, db); st["sent"] != stopAfter || st["queued"] != total-stopAfter {
			t.Fatalf("outbox after stop: %v", st)
		}

		// A worker that crashed right after claiming leaves a lease behind.
		crashed, err := o.Jobs.Claim(ctx, "crashed", time.Minute, comms.KindSendMail)
		if err != nil || crashed == nil {
			t.Fatalf("crash claim: %v %v", crashed, err)
		}

		// Worker 2 starts; once the lease has expired it also takes that job.
		w2 := comms.NewWorker(o, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		w2.Runner.ID = "w2"
		for {
			worked, err := w2.Runner.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !worked {
				break
			}
		}
		if st := statuses(t, db); st["sent"] != total-1 || st["queued"] != 1 {
			t.Fatalf("before the lease expired: %v", st)
		}
		c.Add(2 * time.Minute)
		if worked, err := w2.Runner.RunOnce(ctx); !worked || err != nil {
			t.Fatalf("expired lease not reclaimed: %v %v", worked, err)
		}

		counts := srv.CountByMessageID()
		if len(counts) != total {
			t.Fatalf("server saw %d distinct Message-IDs, want %d", len(counts), total)
		}
		for id, n := range counts {
			if n != 1 || !strings.HasSuffix(id, "@ketentest.example>") {
				t.Errorf("Message-ID %s received %d times", id, n)
			}
		}
		if st := statuses(t, db); st["sent"] != total {
			t.Fatalf("outbox at the end: %v", st)
		}
	})
}

// TestSMTPUnreachable: messages stay queued and visible with the error, and
// are sent once the server is back.
func TestSMTPUnreachable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		dead := l.Addr().String()
		l.Close()
		o, c := setup(db)
		queue(t, o, 3, "")
		sender := &comms.SMTPSender{Addr: dead, Timeout: 2 * time.Second}
		w := comms.NewWorker(o, sender, "noreply@ketentest.example")
		for i := 0; i < 3; i++ {
			if worked, _ := w.Runner.RunOnce(ctx); !worked {
				t.Fatal("nothing claimed")
			}
		}
		if worked, _ := w.Runner.RunOnce(ctx); worked {
			t.Fatal("retried before the backoff")
		}
		rows, _ := db.Query(ctx, "SELECT status, attempts, last_error FROM outbox")
		n := 0
		for rows.Next() {
			var st, le string
			var a int
			rows.Scan(&st, &a, &le)
			if st != "queued" || a != 1 || !strings.Contains(le, "connect") {
				t.Errorf("row: %s %d %q", st, a, le)
			}
			n++
		}
		rows.Close()
		if n != 3 {
			t.Fatalf("%d rows", n)
		}
		srv := commstest.Start(t)
		sender.Addr = srv.Addr
		c.Add(jobs.DefaultBackoff(1))
		for {
			worked, err := w.Runner.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !worked {
				break
			}
		}
		if len(srv.Messages()) != 3 || statuses(t, db)["sent"] != 3 {
			t.Fatalf("after recovery: %d received, %v", len(srv.Messages()), statuses(t, db))
		}
	})
}

// TestMessageWithInvitation checks headers, body and the .ics attachment as received.
func TestMessageWithInvitation(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	srv := commstest.Start(t)
	o, _ := setup(db)
	ics := comms.Calendar("BgZ hackathon", "REQUEST", []comms.Event{{UID: "k@x", Summary: "Kick-off; BgZ, dag 1", Location: "Utrecht, Jaarbeurs", Date: date.New(2027, 1, 10)}}, time.Now())
	queue(t, o, 1, ics)
	w := comms.NewWorker(o, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
	if worked, err := w.Runner.RunOnce(ctx); !worked || err != nil {
		t.Fatal(worked, err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.To[0] != "p0@example.org" || m.From != "noreply@ketentest.example" {
		t.Fatalf("envelope %v %v", m.From, m.To)
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	if subj != "Bericht 0 — één" || m.Header.Get("Message-ID") == "" {
		t.Fatalf("subject %q, message-id %q", subj, m.Header.Get("Message-ID"))
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(strings.NewReader(string(m.Body)), params["boundary"])
	var parts []string
	var cal string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // multipart decodes quoted-printable
		parts = append(parts, p.Header.Get("Content-Type"))
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/calendar") {
			cal = string(b)
		} else if !strings.Contains(string(b), "welkom") {
			t.Errorf("text part: %q", b)
		}
	}
	if len(parts) != 2 || !strings.Contains(cal, "BEGIN:VEVENT") || !strings.Contains(cal, `LOCATION:Utrecht\, Jaarbeurs`) ||
		!strings.Contains(cal, "DTSTART;VALUE=DATE:20270110") {
		t.Fatalf("parts %v, calendar:\n%s", parts, cal)
	}
}

func TestTemplateMerge(t *testing.T) {
	tp := comms.Template{Subject: "Welkom {name}\n bij {hackathon}", Body: "Beste {name}, {not a field} {x"}
	s, b, err := tp.Merge(map[string]string{"name": "An", "hackathon": "BgZ"})
	if err != nil || s != "Welkom An bij BgZ" || b != "Beste An, {not a field} {x" {
		t.Fatalf("%q %q %v", s, b, err)
	}
	if _, _, err := (comms.Template{Body: "{naam}"}).Merge(nil); err == nil || !strings.Contains(err.Error(), "naam") {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestCalendarFoldsAndEscapes(t *testing.T) {
	long := strings.Repeat("é", 100) + ";,\\\n"
	cal := comms.Calendar("x", "PUBLISH", []comms.Event{{UID: "u", Summary: long, Date: date.New(2027, 2, 1)}}, time.Now())
	for _, l := range strings.Split(strings.TrimSuffix(cal, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
	}
	for _, l := range comms.Unfold(cal) {
		if v, ok := strings.CutPrefix(l, "SUMMARY:"); ok && comms.UnescapeText(v) != long {
			t.Fatalf("summary round trip: %q", comms.UnescapeText(v))
		}
	}
}

func FuzzEscapeText(f *testing.F) {
	for _, s := range []string{"", "a;b,c\\d\ne", "Kick-off\r\nJaarbeurs", strings.Repeat("ü", 80), "\x00\x7f\t", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		esc := comms.EscapeText(s)
		if strings.ContainsAny(esc, "\r\n") {
			t.Fatalf("escaped value has a line break: %q", esc)
		}
		line := comms.Fold("SUMMARY:" + esc)
		for _, l := range strings.Split(strings.TrimSuffix(line, "\r\n"), "\r\n") {
			if len(l) > 75 {
				t.Fatalf("folded line of %d octets", len(l))
			}
		}
		un := comms.Unfold(line)
		if len(un) != 1 || un[0] != "SUMMARY:"+esc {
			t.Fatalf("unfold: %q", un)
		}
		// Round trip for values without control characters other than \n.
		want := strings.ToValidUTF8(strings.ReplaceAll(s, "\r\n", "\n"), "\uFFFD")
		clean := true
		for _, r := range want {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
				clean = false
			}
		}
		if clean && comms.UnescapeText(esc) != want {
			t.Fatalf("round trip %q -> %q -> %q", s, esc, comms.UnescapeText(esc))
		}
	})
}

func TestDoubleBraceMerge(t *testing.T) {
	tp := comms.Template{Subject: "Hoi {{ naam }}", Body: "Beste {{naam}}, {single} {x"}
	s, b, err := tp.Merge(map[string]string{"naam": "An", "single": "S"})
	if err != nil || s != "Hoi An" || b != "Beste An, S {x" {
		t.Fatalf("%q %q %v", s, b, err)
	}
	err = comms.Template{Subject: "{{nam}}", Body: "{{naam"}.Validate([]string{"naam"})
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "subject: unknown merge field(s): {{nam}}") || !strings.Contains(msg, "not closed") || !strings.Contains(msg, "known merge fields: {{naam}}") {
		t.Fatalf("validate: %v", err)
	}
	if got := comms.Fields("{{ a }} {b} {{a}} {not one} {{c}}"); strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("fields %v", got)
	}
}

// FuzzMerge: merging succeeds exactly when every referenced field is known
// and every {{ is closed, and a merged text never keeps a {{known}} field.
func FuzzMerge(f *testing.F) {
	for _, s := range []string{"Beste {{naam}},", "{{", "{naam}", "{{ naam }}}}", "{{{naam}}}", "{{x}} {y}", "}}{{", "{{na\nam}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		known := map[string]string{"naam": "N", "link": "L"}
		_, out, err := comms.Template{Body: s}.Merge(known)
		if _, _, e := (comms.Template{Body: "{{{naam}}}"}).Merge(known); e == nil {
			t.Fatal("{{{naam}}} must not merge silently")
		}
		verr := comms.Template{Body: s}.Validate([]string{"naam", "link"})
		if (err == nil) != (verr == nil) {
			t.Fatalf("Merge says %v, Validate says %v", err, verr)
		}
		if err != nil {
			return
		}
		for _, name := range comms.Fields(s) {
			if _, ok := known[name]; !ok {
				t.Fatalf("merged although %q is unknown", name)
			}
		}
		if strings.Contains(out, "{{") && !strings.Contains(s, "{{{") && !strings.Contains(s, "}}") {
			t.Fatalf("merged text kept an opening {{: %q -> %q", s, out)
		}
	})
}

// TestComposeAlternativeWithInvitation: text and HTML as multipart/alternative
// inside multipart/mixed with the .ics attachment.
func TestComposeAlternativeWithInvitation(t *testing.T) {
	m := &comms.Message{To: "a@example.org", MessageID: "<x@ketentest.example>", Subject: "Hoi", Body: "tekst é", HTML: "<p>html é</p>",
		ICS: comms.Calendar("x", "REQUEST", []comms.Event{{UID: "u", Summary: "Dag 1", Date: date.New(2027, 2, 1)}}, time.Now())}
	raw := comms.Compose("noreply@ketentest.example", m, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ct string, body io.Reader) []string
	walk = func(ct string, body io.Reader) []string {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(mt, "multipart/") {
			b, _ := io.ReadAll(body)
			return []string{mt + "=" + strings.TrimSpace(string(b))[:min(12, len(strings.TrimSpace(string(b))))]}
		}
		out := []string{mt + "("}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, walk(p.Header.Get("Content-Type"), p)...)
		}
		return append(out, ")")
	}
	got := strings.Join(walk(msg.Header.Get("Content-Type"), msg.Body), " ")
	want := "multipart/mixed( multipart/alternative( text/plain=tekst é text/html=<p>html é</ ) text/calendar=BEGIN:VCALEN )"
	if got != want {
		t.Fatalf("structure\n got %s\nwant %s", got, want)
	}
}
