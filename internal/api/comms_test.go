package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestCommsAPI(t *testing.T) {
	doc := loadDoc(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := db.Exec(context.Background(), `INSERT INTO registrations (hackathon_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, 'pgo', 'Mary Smith', 'mary@pgo.example', 'en', 'confirmed', 'h-mary', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, e.vars["hid"]); err != nil {
			t.Fatal(err)
		}
		const c = "/api/v1/hackathons/{hid}/comms"
		e.run(t, []scenario{
			{name: "plan in the caller's language", as: "observer", method: "GET", url: c + "/plan", status: http.StatusOK,
				contains: []string{`"key": "inleiding"`, "Introduction: why a communication plan?", `"key": "kalender"`}},
			{name: "plan hidden from a participant", as: "participant", method: "GET", url: c + "/plan", status: http.StatusForbidden},
			{name: "plan not editable by the technical coordinator", as: "tech", method: "PUT", url: c + "/plan", body: `{"doel":"x"}`, status: http.StatusForbidden},
			{name: "unknown section named", as: "lead", method: "PUT", url: c + "/plan", body: `{"doel":"x","nope":"y"}`, status: http.StatusBadRequest,
				contains: []string{`"field":"nope"`}},
			{name: "plan saved", as: "lead", method: "PUT", url: c + "/plan", body: `{"doel":"Deelnemers tijdig informeren"}`, status: http.StatusOK,
				contains: []string{`"value": "Deelnemers tijdig informeren"`, `"updated_at"`}},

			{name: "proposals from the blueprint", as: "lead", method: "POST", url: c + "/calendar/proposals", status: http.StatusOK,
				contains: []string{`"added": 9`, `"redated": 0`, `"skipped": []`}},
			{name: "proposals again add nothing", as: "lead", method: "POST", url: c + "/calendar/proposals", body: `{}`, status: http.StatusOK,
				contains: []string{`"added": 0`}},
			{name: "calendar with overdue flags", as: "observer", method: "GET", url: c + "/calendar", status: http.StatusOK,
				contains: []string{`"moment": "kickoff_invitation"`, `"milestone": "2F"`, `"planned_on": "2026-11-26"`, `"overdue": true`, `"channel": "nieuwsbrief"`}},
			{name: "bad item named per field", as: "lead", method: "POST", url: c + "/calendar", body: `{"title":"","planned_on":null,"channel":"fax","owner_id":{nobody_id}}`,
				status: http.StatusBadRequest, contains: []string{`"field":"title"`, `"field":"planned_on"`, `"field":"channel"`, `"field":"owner_id"`}},
			{name: "bad date", as: "lead", method: "POST", url: c + "/calendar", body: `{"title":"x","planned_on":"morgen","channel":"email"}`, status: http.StatusBadRequest},
			{name: "plan a LinkedIn post", as: "lead", method: "POST", url: c + "/calendar",
				body:   `{"title":"LinkedIn-post","planned_on":"2027-01-05","channel":"linkedin","owner_id":{tech_id},"audience":{"roles":["pgo"]}}`,
				status: http.StatusCreated, contains: []string{`"status": "concept"`, `"owner_name": "User tech"`, `"statuses": []`}, headers: map[string]string{"Location": "/comms/calendar/"},
				check: remember("cid", "id")},
			{name: "a LinkedIn post is not mailed", as: "lead", method: "POST", url: c + "/calendar/{cid}/send", status: http.StatusConflict, contains: []string{"only e-mail"}},
			{name: "mark it sent", as: "lead", method: "PUT", url: c + "/calendar/{cid}", body: `{"title":"LinkedIn-post","planned_on":"2027-01-05","channel":"linkedin","status":"verzonden"}`,
				status: http.StatusOK, contains: []string{`"status": "verzonden"`, `"owner_id": 0`}},
			{name: "no deliveries", as: "observer", method: "GET", url: c + "/calendar/{cid}/deliveries", status: http.StatusOK, contains: []string{`"items": []`}},
			{name: "unknown item", as: "observer", method: "GET", url: c + "/calendar/999999", status: http.StatusNotFound},

			{name: "unknown merge field named", as: "lead", method: "POST", url: c + "/templates", body: `{"name":"Oproep","subject":"Hoi {{naam}}","body":"Beste {{nam}}"}`,
				status: http.StatusBadRequest, contains: []string{`"field":"body"`, "{{nam}}"}},
			{name: "unknown JSON field refused", as: "lead", method: "POST", url: c + "/templates", body: `{"name":"Oproep","subject":"x","body":"x","html":"<b>"}`,
				status: http.StatusBadRequest, contains: []string{`"field":"html"`}},
			{name: "template created", as: "lead", method: "POST", url: c + "/templates",
				body:   `{"name":"Oproep","language":"en","subject":"Hi {{naam}}","body":"Dear {{naam}} of {{organisatie}}, see you on {{datum}}.","format":"text"}`,
				status: http.StatusCreated, contains: []string{`"format": "text"`, `"language": "en"`}, check: remember("tid", "id")},
			{name: "templates listed", as: "observer", method: "GET", url: c + "/templates", status: http.StatusOK, contains: []string{"Uitnodiging kick-off (NL)", `"name": "Oproep"`}},
			{name: "preview for the sample recipient", as: "observer", method: "POST", url: c + "/templates/preview",
				body:   `{"name":"x","subject":"Hoi {{naam}}","body":"Beste {{naam}}, *welkom* op {{kickoff}} <script>x</script>"}`,
				status: http.StatusOK, contains: []string{`"subject": "Hoi Anne de Vries"`, `\u003cem\u003ewelkom\u003c/em\u003e`, "10 januari 2027"},
				check: func(t *testing.T, e *env, r response) {
					if html, _ := r.json(t)["html"].(string); strings.Contains(html, "<script") || !strings.Contains(html, "<p>Beste Anne de Vries") {
						t.Fatalf("html part: %s", html)
					}
				}},
			{name: "template send needs a matching audience", as: "lead", method: "POST", url: c + "/templates/{tid}/send", body: `{"roles":["xis"]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"audience"`}},
			{name: "bad audience status", as: "lead", method: "POST", url: c + "/templates/{tid}/send", body: `{"statuses":["cancelled"]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"audience.statuses"`}},
			{name: "template sent to confirmed", as: "lead", method: "POST", url: c + "/templates/{tid}/send", body: `{"statuses":["confirmed"]}`,
				status: http.StatusOK, contains: []string{`"queued": 1`, `"skipped": 0`}, check: remember("sent", "item_id")},
			{name: "status per recipient", as: "observer", method: "GET", url: c + "/calendar/{sent}/deliveries", status: http.StatusOK,
				contains: []string{`"recipient": "mary@pgo.example"`, `"status": "queued"`, `"name": "Mary Smith"`}},
			{name: "resend never duplicates", as: "lead", method: "POST", url: c + "/calendar/{sent}/send", status: http.StatusOK,
				contains: []string{`"queued": 0`, `"skipped": 1`}},
			{name: "sent item in the calendar", as: "lead", method: "GET", url: c + "/calendar/{sent}", status: http.StatusOK,
				contains: []string{`"status": "verzonden"`, `"sends": 1`, `"sent_at"`}},
			{name: "template changed", as: "lead", method: "PUT", url: c + "/templates/{tid}", body: `{"name":"Oproep","subject":"Hello {{naam}}","body":"x"}`,
				status: http.StatusOK, contains: []string{`"subject": "Hello {{naam}}"`, `"language": "nl"`}},

			{name: "sent item stays", as: "lead", method: "DELETE", url: c + "/calendar/{sent}", status: http.StatusConflict, contains: []string{"geannuleerd"}},
			{name: "template in use stays", as: "lead", method: "DELETE", url: c + "/templates/{tid}", status: http.StatusConflict},
			{name: "delete needs comms.manage", as: "observer", method: "DELETE", url: c + "/calendar/{cid}", status: http.StatusForbidden},
			{name: "unsent item deleted", as: "lead", method: "DELETE", url: c + "/calendar/{cid}", status: http.StatusNoContent},
			{name: "deleted item gone", as: "lead", method: "GET", url: c + "/calendar/{cid}", status: http.StatusNotFound},
			{name: "news needs a title", as: "lead", method: "POST", url: c + "/news", body: `{"title":" "}`, status: http.StatusBadRequest, contains: []string{`"field":"title"`}},
			{name: "news drafted", as: "lead", method: "POST", url: c + "/news", body: `{"milestone":"9F","title":"Afsluiting","body":"**Dank** aan alle deelnemers <img src=x onerror=alert(1)>"}`,
				status: http.StatusCreated, contains: []string{`"status": "concept"`, `"published_on": null`}, check: remember("nid", "id")},
			{name: "news not editable by tech", as: "tech", method: "PUT", url: c + "/news/{nid}", body: `{"title":"x"}`, status: http.StatusForbidden},
			{name: "news published", as: "lead", method: "PUT", url: c + "/news/{nid}", body: `{"milestone":"9F","title":"Afsluiting","body":"**Dank**","status":"gepubliceerd","published_on":"2027-04-12"}`,
				status: http.StatusOK, contains: []string{`"published_on": "2027-04-12"`}},
			{name: "news listed", as: "observer", method: "GET", url: c + "/news", status: http.StatusOK, contains: []string{`"title": "Afsluiting"`}},
			{name: "news exported", as: "observer", method: "GET", url: c + "/news/{nid}/export", status: http.StatusOK,
				contains: []string{"DOCTYPE html", `"markdown": "# Afsluiting\n\n_Testhackathon · 12 April 2027_\n\n**Dank**\n"`}},
		}, doc)
		// Exactly one outbox message for the one recipient.
		var n int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox WHERE recipient = 'mary@pgo.example'").Scan(&n)
		if n != 1 {
			t.Fatalf("%d outbox messages for mary, want 1", n)
		}
	})
}
