package web_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var unreadBadge = regexp.MustCompile(`id="nav-notifications">[^<]*<span class="badge"[^>]*>(\d+)</span>`)

// unread reads the count in the hackathon menu of a page (0 without badge).
func unread(body string) string {
	if m := unreadBadge.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return "0"
}

// step is one request of a scenario and what it must answer.
type step struct {
	name, subject, method, path string
	form                        url.Values
	status                      int
	contains, lacks             []string
}

func (e *env) run(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		var status int
		var body string
		var hdr http.Header
		if s.method == "POST" {
			status, body, hdr = e.form(s.subject, s.path, s.form)
		} else {
			status, body, hdr = e.do(s.subject, "GET", s.path, "", "")
		}
		if status != s.status {
			t.Fatalf("%s: %s %s as %s: %d, want %d (%s)\n%s", s.name, s.method, s.path, s.subject, status, s.status, hdr.Get("Location"), body)
		}
		for _, c := range s.contains {
			if !strings.Contains(body, c) {
				t.Errorf("%s: body lacks %q", s.name, c)
			}
		}
		for _, c := range s.lacks {
			if strings.Contains(body, c) {
				t.Errorf("%s: body contains %q", s.name, c)
			}
		}
	}
}

func TestNotificationScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		srv := commstest.Start(t)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		worker := comms.NewWorker(outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		h := fmt.Sprintf("/hackathons/%d", e.hid)
		notes := h + "/notifications"
		page := e.logFinding("deelnemer", url.Values{"title": {"Geen <i>allergieën</i>"}, "organisation_ids": {e.orgID("Vendor BV")}})
		e.run(t, []step{
			{name: "nothing yet", subject: "actor", method: "GET", path: notes, status: 200, contains: []string{"Geen meldingen."}},
			{name: "assign the actor (Vendor BV)", subject: "triageteam", method: "POST", path: page + "/triage",
				form: url.Values{"actor_organisation_id": {e.orgID("Vendor BV")}}, status: http.StatusSeeOther},
			{name: "actor sees the assignment, escaped", subject: "actor", method: "GET", path: notes, status: 200,
				contains: []string{"Toegewezen aan: Vendor BV", "Geen &lt;i&gt;allergieën&lt;/i&gt;", "Ongelezen (1)"},
				lacks:    []string{"<i>allergieën</i>", "Status gewijzigd"}},
			{name: "the triage team made the change itself", subject: "triageteam", method: "GET", path: notes, status: 200,
				contains: []string{"Ongelezen (0)"}},
			{name: "the actor sets a term", subject: "actor", method: "POST", path: page + "/followup",
				form: url.Values{"resolution_due": {"2027-03-01"}}, status: http.StatusSeeOther},
			{name: "the logger hears of the term", subject: "deelnemer", method: "GET", path: notes, status: 200,
				contains: []string{"Oplossingstermijn gezet: 2027-03-01", "Ongelezen (2)"}},
			{name: "the logger comments", subject: "deelnemer", method: "POST", path: page + "/comments",
				form: url.Values{"body": {"Nog steeds  <script>x</script>"}}, status: http.StatusSeeOther},
			{name: "the actor reads the comment", subject: "actor", method: "GET", path: notes, status: 200,
				contains: []string{"Nieuwe reactie: Nog steeds &lt;script&gt;x&lt;/script&gt;", "Ongelezen (2)"}},
			{name: "bad id", subject: "actor", method: "POST", path: notes + "/read", form: url.Values{"id": {"x"}}, status: http.StatusBadRequest},
			{name: "unknown id", subject: "actor", method: "POST", path: notes + "/read", form: url.Values{"id": {"999999"}}, status: http.StatusNotFound},
			{name: "mark all read", subject: "actor", method: "POST", path: notes + "/read", status: http.StatusSeeOther},
			{name: "all read", subject: "actor", method: "GET", path: notes, status: 200, contains: []string{"Ongelezen (0)", "Toegewezen aan"}},
			{name: "switch e-mail off", subject: "actor", method: "POST", path: notes + "/settings", status: http.StatusSeeOther},
			{name: "switched off", subject: "actor", method: "GET", path: notes, status: 200, lacks: []string{`value="1" checked`}},
			{name: "unwatch", subject: "observer", method: "POST", path: page + "/watch", form: url.Values{"watch": {"0"}}, status: http.StatusSeeOther},
			{name: "unwatched", subject: "observer", method: "GET", path: page, status: 200, contains: []string{"Volgen"}, lacks: []string{"Niet meer volgen"}},
			{name: "actor watches by assignment", subject: "actor", method: "GET", path: page, status: 200, contains: []string{"Niet meer volgen"}},
			{name: "unknown finding", subject: "actor", method: "POST", path: h + "/findings/999999/watch", form: url.Values{"watch": {"1"}}, status: http.StatusNotFound},
			{name: "status change by triage", subject: "triageteam", method: "POST", path: page + "/status", form: url.Values{"status": {"in_analyse"}}, status: http.StatusSeeOther},
			{name: "its own notification", subject: "actor", method: "GET", path: notes, status: 200, contains: []string{"Status gewijzigd: Toegewezen → In analyse", "Ongelezen (1)"}},
		})
		// The menu shows the unread count on every hackathon page.
		_, body, _ := e.do("actor", "GET", h+"/findings", "", "")
		if got := unread(body); got != "1" {
			t.Fatalf("menu unread count %s, want 1", got)
		}
		// The observer opened the finding (which marks its notifications read) and then unwatched it.
		_, body, _ = e.do("observer", "GET", h+"/findings", "", "")
		if got := unread(body); got != "0" {
			t.Fatalf("observer menu count %s, want 0", got)
		}
		// Opening the finding marks the actor's notifications about it read.
		e.run(t, []step{
			{name: "open the finding", subject: "actor", method: "GET", path: page, status: 200},
			{name: "read by opening", subject: "actor", method: "GET", path: notes, status: 200, contains: []string{"Ongelezen (0)", "Toegewezen → In analyse"}},
		})
		// Mail: the assignee received its notifications over SMTP until it
		// switched e-mail off; the last change was not mailed to it.
		if err := worker.Runner.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var subjects []string
		for _, m := range srv.Wait(t, 1, 5*time.Second) {
			if m.To[0] == "actor@example.org" {
				subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
				if err != nil {
					t.Fatal(err)
				}
				subjects = append(subjects, subj)
			}
		}
		if len(subjects) != 2 || !strings.Contains(strings.Join(subjects, "|"), "[TEST-1] Toegewezen aan") || !strings.Contains(strings.Join(subjects, "|"), "[TEST-1] Nieuwe reactie") {
			t.Fatalf("actor's mail: %q, want 2 (assignment, comment)", subjects)
		}
	})
}

func TestSavedFiltersAndSearchScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		e.logFinding("loggingteam", url.Values{"title": {"Token verloopt"}, "severity": {"hoog"}})
		b := e.logFinding("loggingteam", url.Values{"title": {"Lege bundel"}})
		if status, _, _ := e.form("loggingteam", b+"/comments", url.Values{"body": {"MedicationStatement mist"}}); status != http.StatusSeeOther {
			t.Fatal("comment")
		}
		e.run(t, []step{
			{name: "search by key", subject: "loggingteam", method: "GET", path: h + "?q=test-1", status: 200, contains: []string{"Token verloopt"}, lacks: []string{"Lege bundel"}},
			{name: "search in comments", subject: "loggingteam", method: "GET", path: h + "?q=medicationstatement", status: 200, contains: []string{"Lege bundel"}, lacks: []string{"Token verloopt"}},
			{name: "no save form without a filter", subject: "loggingteam", method: "GET", path: h, status: 200, lacks: []string{`action="` + h + `/filters"`}},
			{name: "save form with a filter", subject: "loggingteam", method: "GET", path: h + "?severity=hoog", status: 200, contains: []string{`name="query" value="severity=hoog"`}},
			{name: "name missing", subject: "loggingteam", method: "POST", path: h + "/filters", form: url.Values{"query": {"severity=hoog"}, "name": {" "}},
				status: http.StatusUnprocessableEntity, contains: []string{`class="field-error"`, "required", "Token verloopt"}},
			{name: "nothing to save", subject: "loggingteam", method: "POST", path: h + "/filters", form: url.Values{"query": {"bogus=1"}, "name": {"x"}},
				status: http.StatusUnprocessableEntity, contains: []string{"choose a filter or search first"}},
			{name: "save", subject: "loggingteam", method: "POST", path: h + "/filters", form: url.Values{"query": {"severity=hoog&q=token"}, "name": {"Hoog <token>"}},
				status: http.StatusSeeOther},
			{name: "listed, escaped", subject: "loggingteam", method: "GET", path: h, status: 200, contains: []string{`href="` + h + `?q=token&amp;severity=hoog">Hoog &lt;token&gt;</a>`}},
			{name: "not for others", subject: "triageteam", method: "GET", path: h, status: 200, lacks: []string{"Hoog &lt;token&gt;"}},
		})
		var id int64
		if err := db.QueryRow(context.Background(), "SELECT id FROM finding_saved_filters").Scan(&id); err != nil {
			t.Fatal(err)
		}
		del := fmt.Sprintf("%s/filters/%d/delete", h, id)
		e.run(t, []step{
			{name: "another user cannot delete it", subject: "triageteam", method: "POST", path: del, status: http.StatusNotFound},
			{name: "delete", subject: "loggingteam", method: "POST", path: del, status: http.StatusSeeOther},
			{name: "gone", subject: "loggingteam", method: "GET", path: h, status: 200, lacks: []string{"Hoog &lt;token&gt;"}},
			{name: "deleted twice", subject: "loggingteam", method: "POST", path: del, status: http.StatusNotFound},
		})
	})
}

func TestBoardPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		h := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		e.logFinding("loggingteam", url.Values{"title": {"Op het <bord>"}, "severity": {"blokkerend"}, "chain_link": {"xis"}})
		e.run(t, []step{
			{name: "board", subject: "triageteam", method: "GET", path: h + "/board", status: 200,
				contains: []string{`<script src="/static/board.js" defer></script>`, `data-events="` + h + `/events"`, "Op het &lt;bord&gt;",
					`<tr data-key="blokkerend"><td>Blokkerend</td><td>1</td></tr>`, `<tr data-key="xis"><td>XIS/bronsysteem</td><td>1</td></tr>`,
					`<tr data-key="nieuw"><td>Nieuw</td><td>1</td></tr>`, `<tr data-key="–"><td>–</td><td>1</td></tr>`}},
			{name: "not visible to the observer", subject: "observer", method: "GET", path: h + "/board", status: 200,
				contains: []string{`<tr data-key="nieuw"><td>Nieuw</td><td>0</td></tr>`}, lacks: []string{"Op het &lt;bord&gt;"}},
			{name: "script served", subject: "observer", method: "GET", path: "/static/board.js", status: 200, contains: []string{"EventSource"}},
			{name: "no role", subject: "nobody", method: "GET", path: h + "/board", status: http.StatusForbidden},
		})
	})
}
