package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// addRegistration stores a registration as the public form leaves it.
func (e *env) addRegistration(name, email, role, status string) {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.db.Exec(ctx, `INSERT INTO registrations (hackathon_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, ?, ?, ?, 'nl', ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, e.hid, role, name, email, status, "h-"+email); err != nil {
		e.t.Fatal(err)
	}
}

// untranslated finds an i18n key shown instead of its text.
var untranslated = regexp.MustCompile(`(^|[>\s])(comms|part|rel|outbox|chainrole|reg|nav)\.[a-z0-9_]+(\.[a-z0-9_]+)*`)

var idIn = regexp.MustCompile(`/comms/(?:calendar|templates|news)/(\d+)`)

// TestCommsPages walks the communication pages as the communication expert
// and checks what other roles may see and do.
func TestCommsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/comms", e.hid)
		e.addRegistration("Jan <b>Jansen</b>", "jan@zorg.example", "zorgaanbieder", "confirmed")
		e.addRegistration("Piet Wacht", "piet@dva.example", "dva", "pending")
		xss := `<script>alert(1)</script>`
		vars := map[string]string{}
		remember := func(key string) func(hdr http.Header) {
			return func(hdr http.Header) {
				if m := idIn.FindStringSubmatch(hdr.Get("Location")); m != nil {
					vars[key] = m[1]
				}
			}
		}
		scenarios := []struct {
			name, subject, method, path string
			form                        url.Values
			status                      int
			contains, absent            []string
			headers                     map[string]string
			after                       func(hdr http.Header)
		}{
			{name: "plan shows the annex 4 sections", subject: "communicatie", method: "GET", path: base + "/plan", status: 200,
				contains: []string{"Inleiding: waarom een communicatieplan?", "Wanneer willen we de stakeholders/deelnemers informeren?", "data-print", `name="doel"`, "Communicatieplan opslaan", "0 van 11"}},
			{name: "plan is read-only for an observer", subject: "observer", method: "GET", path: base + "/plan", status: 200,
				contains: []string{"readonly"}, absent: []string{"Communicatieplan opslaan"}},
			{name: "plan hidden from a participant", subject: "deelnemer", method: "GET", path: base + "/plan", status: 403},
			{name: "observer cannot save the plan", subject: "observer", method: "POST", path: base + "/plan", form: url.Values{"doel": {"x"}}, status: 403},
			{name: "overlong section refused at its field", subject: "communicatie", method: "POST", path: base + "/plan",
				form: url.Values{"doel": {strings.Repeat("a", 20001)}}, status: 422, contains: []string{"Maximaal 20.000 tekens."}},
			{name: "plan saved", subject: "communicatie", method: "POST", path: base + "/plan",
				form: url.Values{"doel": {"Deelnemers tijdig " + xss}, "werven": {"Via de nieuwsbrief van MedMij"}}, status: 303},
			{name: "plan shows answers escaped and its own trail", subject: "communicatie", method: "GET", path: base + "/plan", status: 200,
				contains: []string{"Deelnemers tijdig &lt;script&gt;", "Communicatieplan · doel", "Communicatieplan · werven", "2 van 11"}, absent: []string{xss}},

			{name: "calendar empty", subject: "communicatie", method: "GET", path: base + "/calendar", status: 200, contains: []string{"Nog geen geplande berichten", "Voorstellen uit de blauwdruk"}},
			{name: "propose from the blueprint", subject: "communicatie", method: "POST", path: base + "/calendar/propose", status: 303},
			{name: "calendar lists proposals with owners and overdue flags", subject: "communicatie", method: "GET", path: base + "/calendar", status: 200,
				contains: []string{"Uitnodiging kick-off", "Uitslag snelcheck", "Afsluitend nieuwsbericht", "Nieuwsbrief", "User communicatie", "User relatiemanager", "te laat", `class="overdue"`, "2F", "9E"}},
			{name: "calendar as an .ics feed", subject: "observer", method: "GET", path: base + "/calendar.ics", status: 200,
				contains: []string{"BEGIN:VCALENDAR", "SUMMARY:[email] Uitnodiging kick-off", "DTSTART;VALUE=DATE:20261126"}, headers: map[string]string{"Content-Type": "text/calendar"}},
			{name: "second proposal adds nothing", subject: "communicatie", method: "POST", path: base + "/calendar/propose", status: 303,
				headers: map[string]string{"Set-Cookie": "comms.flash.proposed_none"}},
			{name: "bad date at its field", subject: "communicatie", method: "POST", path: base + "/calendar",
				form: url.Values{"title": {"LinkedIn-post"}, "planned_on": {"morgen"}, "channel": {"linkedin"}}, status: 422, contains: []string{"YYYY-MM-DD"}},
			{name: "owner must be a member", subject: "communicatie", method: "POST", path: base + "/calendar",
				form:   url.Values{"title": {"LinkedIn-post"}, "planned_on": {"2027-01-05"}, "channel": {"linkedin"}, "owner_id": {fmt.Sprint(e.users["nobody"].ID)}},
				status: 422, contains: []string{"moet lid zijn van de hackathon"}},
			{name: "plan an e-mail to confirmed zorgaanbieders", subject: "communicatie", method: "POST", path: base + "/calendar",
				form: url.Values{"title": {"Extra oproep"}, "planned_on": {"2027-01-05"}, "channel": {"email"}, "status": {"gepland"},
					"audience_role": {"zorgaanbieder"}, "audience_status": {"confirmed"}}, status: 303, after: remember("item")},
			{name: "item without a template cannot be sent", subject: "communicatie", method: "POST", path: base + "/calendar/{item}/send", status: 422, contains: []string{"kies eerst een sjabloon"}},

			{name: "templates listed after the proposals", subject: "communicatie", method: "GET", path: base + "/templates", status: 200,
				contains: []string{"Uitnodiging kick-off (NL)", "Kick-off invitation (EN)", "{{naam}}"}},
			{name: "unknown merge field named", subject: "communicatie", method: "POST", path: base + "/templates",
				form:   url.Values{"name": {"Oproep"}, "subject": {"Hoi {{naam}}"}, "body": {"Beste {{nam}},"}, "language": {"nl"}, "format": {"markdown"}},
				status: 422, contains: []string{"Onbekend samenvoegveld: {{nam}}", "Bekende samenvoegvelden: {{naam}}"}},
			{name: "template created", subject: "communicatie", method: "POST", path: base + "/templates",
				form:   url.Values{"name": {"Oproep"}, "subject": {"Hoi {{naam}}"}, "body": {"Beste {{naam}} van {{organisatie}},\n\n**Doe mee** op {{datum}}: {{link}}"}, "language": {"nl"}, "format": {"markdown"}},
				status: 303, after: remember("tmpl")},
			{name: "template page shows a preview for the sample recipient", subject: "communicatie", method: "GET", path: base + "/templates/{tmpl}", status: 200,
				contains: []string{"Beste Anne de Vries van Zorggroep Voorbeeld", "<strong>Doe mee</strong>", "10 februari 2027", fmt.Sprintf("/register/%d", e.hid)}},
			{name: "preview of unsaved hostile text is escaped", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}",
				form:   url.Values{"action": {"preview"}, "name": {"Oproep"}, "subject": {"Hoi"}, "body": {"Beste {{naam}} " + xss + " [x](javascript:alert(1))"}, "format": {"markdown"}},
				status: 200, contains: []string{"Beste Anne de Vries"}, absent: []string{xss, `href="javascript`}},
			{name: "preview names an unknown field", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}",
				form:   url.Values{"action": {"preview"}, "name": {"Oproep"}, "subject": {"Hoi"}, "body": {"{{voornaam}}"}, "format": {"markdown"}},
				status: 422, contains: []string{"{{voornaam}}"}},
			{name: "observer sees the template, cannot send it", subject: "observer", method: "POST", path: base + "/templates/{tmpl}/send", form: url.Values{}, status: 403},
			{name: "link item to the template", subject: "communicatie", method: "POST", path: base + "/calendar/{item}",
				form: url.Values{"title": {"Extra oproep"}, "planned_on": {"2027-01-05"}, "channel": {"email"}, "status": {"gepland"},
					"audience_role": {"zorgaanbieder"}, "audience_status": {"confirmed"}, "template_id": {"{tmpl}"}}, status: 303},
			{name: "item page offers sending to 1", subject: "communicatie", method: "GET", path: base + "/calendar/{item}", status: 200,
				contains: []string{"Versturen naar 1 ontvanger(s)", "Zorgaanbieder", "Communicatie-item · template"}},
			{name: "send", subject: "communicatie", method: "POST", path: base + "/calendar/{item}/send", status: 303,
				headers: map[string]string{"Set-Cookie": "comms.flash.sent"}},
			{name: "status per recipient", subject: "communicatie", method: "GET", path: base + "/calendar/{item}", status: 200,
				contains: []string{"jan@zorg.example", "Jan &lt;b&gt;Jansen&lt;/b&gt;", "In de wachtrij", "Verzonden", "Communicatie-item · verzonden"}, absent: []string{"piet@dva.example"}},
			{name: "resend sends nothing twice", subject: "communicatie", method: "POST", path: base + "/calendar/{item}/send", status: 303,
				headers: map[string]string{"Set-Cookie": "comms.flash.sent_none"}},
			{name: "cancelled item is not sent", subject: "communicatie", method: "POST", path: base + "/calendar/{item}",
				form: url.Values{"title": {"Extra oproep"}, "planned_on": {"2027-01-05"}, "channel": {"email"}, "status": {"geannuleerd"}, "template_id": {"{tmpl}"}}, status: 303},
			{name: "send refused for a cancelled item", subject: "communicatie", method: "POST", path: base + "/calendar/{item}/send", status: 409, contains: []string{"Een geannuleerd bericht wordt niet verstuurd"}, absent: []string{"a cancelled message"}},
			{name: "send a template straight to pending registrations", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}/send",
				form: url.Values{"audience_status": {"pending"}}, status: 303, after: remember("adhoc"), headers: map[string]string{"Location": "?queued=1&skipped=0"}},
			{name: "a second click on Nu versturen mails nobody again and says so", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}/send",
				form: url.Values{"audience_status": {"pending"}}, status: 303, headers: map[string]string{"Location": "/comms/templates/", "Set-Cookie": "comms.flash.sent_none"}},
			{name: "the template page says how many were skipped", subject: "communicatie", method: "GET", path: base + "/templates/{tmpl}?queued=0&skipped=1", status: 200,
				contains: []string{"0 bericht(en) in de wachtrij gezet; 1 ontvanger(s) overgeslagen"}},
			{name: "an explicit resend reaches them again", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}/send",
				form: url.Values{"audience_status": {"pending"}, "resend": {"1"}}, status: 303, headers: map[string]string{"Location": "?queued=1&skipped=0"}},
			{name: "empty audience named", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}/send",
				form: url.Values{"audience_role": {"standaardisatie"}}, status: 422, contains: []string{"geen aanmeldingen passen bij deze doelgroep"}},

			{name: "sent item cannot be deleted", subject: "communicatie", method: "POST", path: base + "/calendar/{item}/delete", status: 409, contains: []string{"blijft daarom in de kalender staan"}, absent: []string{"stays in the calendar"}},
			{name: "template in use cannot be deleted", subject: "communicatie", method: "POST", path: base + "/templates/{tmpl}/delete", status: 409, contains: []string{"Dit sjabloon wordt gebruikt door 3 gepland(e) bericht(en)"}, absent: []string{"used by 3"}},
			{name: "unsent item deleted", subject: "communicatie", method: "POST", path: base + "/calendar",
				form: url.Values{"title": {"Weg ermee"}, "planned_on": {"2027-01-05"}, "channel": {"website"}}, status: 303, after: remember("gone")},
			{name: "delete", subject: "communicatie", method: "POST", path: base + "/calendar/{gone}/delete", status: 303},
			{name: "deleted item is gone", subject: "communicatie", method: "GET", path: base + "/calendar/{gone}", status: 404},
			{name: "news item refused without a title", subject: "communicatie", method: "POST", path: base + "/news", form: url.Values{"title": {""}, "milestone": {"6C"}}, status: 422, contains: []string{"required"}},
			{name: "news item drafted", subject: "communicatie", method: "POST", path: base + "/news",
				form: url.Values{"title": {"Terugblik BgZ"}, "milestone": {"6C"}, "body": {"## Vervolg\n\n- issues toegewezen\n\n" + xss}, "published_on": {"2027-02-17"}}, status: 303, after: remember("news")},
			{name: "news page renders safely", subject: "observer", method: "GET", path: base + "/news/{news}", status: 200,
				contains: []string{"<h2>Vervolg</h2>", "export.html"}, absent: []string{xss}},
			{name: "news exported as HTML", subject: "observer", method: "GET", path: base + "/news/{news}/export.html", status: 200,
				contains: []string{"<!DOCTYPE html>", "<h1>Terugblik BgZ</h1>", "Testhackathon · 17 februari 2027"}, absent: []string{xss},
				headers: map[string]string{"Content-Type": "text/html", "Content-Disposition": "attachment"}},
			{name: "news exported as Markdown", subject: "observer", method: "GET", path: base + "/news/{news}/export.md", status: 200,
				contains: []string{"# Terugblik BgZ\n", "## Vervolg"}, headers: map[string]string{"Content-Type": "text/markdown"}},
			{name: "unknown news item", subject: "observer", method: "GET", path: base + "/news/999999/export.md", status: 404},
		}
		for _, sc := range scenarios {
			path := sc.path
			for k, v := range vars {
				path = strings.ReplaceAll(path, "{"+k+"}", v)
			}
			form := url.Values{}
			for k, vs := range sc.form {
				for _, v := range vs {
					for vk, vv := range vars {
						v = strings.ReplaceAll(v, "{"+vk+"}", vv)
					}
					form.Add(k, v)
				}
			}
			var status int
			var body string
			var hdr http.Header
			if sc.method == "GET" {
				status, body, hdr = e.do(sc.subject, "GET", path, "", "")
			} else {
				status, body, hdr = e.form(sc.subject, path, form)
			}
			if status != sc.status {
				t.Errorf("%s: %s %s = %d, want %d\n%.800s", sc.name, sc.method, path, status, sc.status, body)
				continue
			}
			for _, c := range sc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("%s: body lacks %q", sc.name, c)
				}
			}
			for _, a := range sc.absent {
				if strings.Contains(body, a) {
					t.Errorf("%s: body contains %q", sc.name, a)
				}
			}
			for k, want := range sc.headers {
				if got := strings.Join(hdr.Values(k), "; "); !strings.Contains(got, want) {
					t.Errorf("%s: header %s = %q, want %q in it", sc.name, k, got, want)
				}
			}
			if sc.method == "GET" {
				if m := untranslated.FindString(body); m != "" {
					t.Errorf("%s: untranslated key %q", sc.name, m)
				}
			}
			if sc.after != nil {
				sc.after(hdr)
			}
		}

		// The same pages in English, without untranslated keys.
		if _, err := db.Exec(context.Background(), "UPDATE users SET language = 'en' WHERE id = ?", e.users["observer"].ID); err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]string{
			base + "/plan": "Introduction: why a communication plan?", base + "/calendar": "Planned messages by date",
			base + "/templates": "Message templates", base + "/templates/" + vars["tmpl"]: "For sample recipient Anne de Vries",
			base + "/calendar/" + vars["item"]: "Status per recipient", base + "/news": "News items", base + "/news/" + vars["news"]: "Export as Markdown",
		} {
			status, body, _ := e.do("observer", "GET", path, "", "")
			if status != 200 || !strings.Contains(body, want) || !strings.Contains(body, `lang="en"`) {
				t.Errorf("GET %s in English: %d, lacks %q", path, status, want)
			}
			if m := untranslated.FindString(body); m != "" {
				t.Errorf("GET %s in English: untranslated key %q", path, m)
			}
		}
		// Exactly one outbox message per recipient: one for the item, one for the direct send.
		rows, err := db.Query(context.Background(), "SELECT recipient, COUNT(*) FROM outbox GROUP BY recipient ORDER BY recipient")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var r string
			var n int
			rows.Scan(&r, &n)
			got[r] = n
		}
		// Piet twice: once by the template send, once by its explicit resend.
		if len(got) != 2 || got["jan@zorg.example"] != 1 || got["piet@dva.example"] != 2 {
			t.Fatalf("outbox per recipient: %v", got)
		}
	})
}
