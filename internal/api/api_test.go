package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// scenario is one API request and what must come back. Scenarios of a
// table run in order against one server, so later ones see earlier changes.
// URLs and bodies may hold {placeholders} (see env.vars); check may store
// new ones, e.g. the id of something just created.
type scenario struct {
	name     string
	as       string // subject; "" is anonymous, "bad" an unknown token
	method   string
	url      string
	body     string
	header   map[string]string // extra request headers
	status   int
	contains []string          // substrings of the body
	absent   []string          // substrings the body must not have
	headers  map[string]string // response header → substring it must hold
	check    func(t *testing.T, e *env, r response)
}

func (e *env) run(t *testing.T, scenarios []scenario, doc *openAPIDoc) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e.t = t
			url, body := e.expand(sc.url), e.expand(sc.body)
			r := e.do(sc.as, sc.method, url, body, sc.header)
			if r.status != sc.status {
				t.Fatalf("%s %s as %q = %d, want %d\n%s", sc.method, url, sc.as, r.status, sc.status, r.body)
			}
			// Responses are compact JSON; the scenarios read easier indented.
			pretty := r.body
			var buf bytes.Buffer
			if json.Indent(&buf, []byte(r.body), "", "  ") == nil {
				pretty = buf.String()
			}
			for _, want := range sc.contains {
				if !strings.Contains(pretty, e.expand(want)) && !strings.Contains(r.body, e.expand(want)) {
					t.Errorf("body lacks %q:\n%s", e.expand(want), pretty)
				}
			}
			for _, bad := range sc.absent {
				if strings.Contains(pretty, e.expand(bad)) || strings.Contains(r.body, e.expand(bad)) {
					t.Errorf("body has %q:\n%s", e.expand(bad), pretty)
				}
			}
			for k, want := range sc.headers {
				if got := r.header.Get(k); !strings.Contains(got, e.expand(want)) {
					t.Errorf("header %s = %q, want it to hold %q", k, got, e.expand(want))
				}
			}
			if r.status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("error with Content-Type %q, want application/problem+json", r.header.Get("Content-Type"))
			}
			if doc != nil {
				doc.checkResponse(t, sc.method, url, r)
			}
			if sc.check != nil {
				sc.check(t, e, r)
			}
		})
	}
}

// remember stores the JSON field of the response as placeholder name.
func remember(name, field string) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		v, ok := r.json(t)[field]
		if !ok {
			t.Fatalf("response has no %q: %s", field, r.body)
		}
		if f, isNum := v.(float64); isNum {
			e.vars[name] = fmt.Sprint(int64(f))
		} else {
			e.vars[name] = fmt.Sprint(v)
		}
	}
}

const validHackathon = `{"code":"NEW1","name":"Nieuwe hackathon","variant":"functioneel","kickoff_date":"2027-03-01",
	"days":["2027-04-01","2027-04-08"],"data_services":[{"service_id":"48","name":"BgZ","standard":"MedMij BgZ 3.0","fhir_version":"R4"}]}`

func TestAPIScenarios(t *testing.T) {
	doc := loadDoc(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		huge := `{"code":"BIG","name":"` + strings.Repeat("x", 1<<20) + `","variant":"regulier"}`
		e.run(t, []scenario{
			// Authentication.
			{name: "no token is 401 with a challenge", method: "GET", url: "/api/v1/me", status: 401,
				headers: map[string]string{"WWW-Authenticate": "Bearer"}},
			{name: "no token on a hackathon route is 401", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 401,
				headers: map[string]string{"WWW-Authenticate": "Bearer"}},
			{name: "bad token is 401", as: "bad", method: "GET", url: "/api/v1/me", status: 401,
				headers: map[string]string{"WWW-Authenticate": "invalid_token"}},
			{name: "bad token is 401 even on a public route", as: "bad", method: "GET", url: "/api/v1/openapi.json", status: 401},
			{name: "wrong scheme is 401", method: "GET", url: "/api/v1/me", status: 401, header: map[string]string{"Authorization": "Basic Zm9vOmJhcg=="}},
			{name: "me by token", as: "lead", method: "GET", url: "/api/v1/me", status: 200, contains: []string{`"email": "lead@example.org"`}},
			{name: "me by session cookie", as: "nobody-session", method: "GET", url: "/api/v1/me", status: 200, contains: []string{`"email": "nobody@example.org"`}},
			{name: "cross-origin write with a cookie is refused", as: "nobody-session", method: "POST", url: "/api/v1/tokens",
				body: `{"name":"x"}`, header: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403, contains: []string{"cross-origin"}},
			{name: "openapi is public", method: "GET", url: "/api/v1/openapi.json", status: 200, contains: []string{`"openapi": "3.1.0"`}},
			{name: "unknown api path is 404", as: "admin", method: "GET", url: "/api/v1/nope", status: 404},

			// Hackathons.
			{name: "nobody sees no hackathons", as: "nobody", method: "GET", url: "/api/v1/hackathons", status: 200,
				contains: []string{`"items": []`}},
			{name: "member sees its hackathon", as: "participant", method: "GET", url: "/api/v1/hackathons", status: 200,
				contains: []string{`"code": "TEST"`}},
			{name: "create hackathon", as: "lead", method: "POST", url: "/api/v1/hackathons", body: validHackathon, status: 201,
				contains: []string{`"code": "NEW1"`, `"fhir_version": "R4"`, `"2027-04-08"`},
				headers:  map[string]string{"Location": "/api/v1/hackathons/"}, check: remember("new", "id")},
			{name: "get created hackathon", as: "lead", method: "GET", url: "/api/v1/hackathons/{new}", status: 200,
				contains: []string{`"id": {new}`, `"name": "Nieuwe hackathon"`, `"variant": "functioneel"`}},
			{name: "admin lists all hackathons", as: "admin", method: "GET", url: "/api/v1/hackathons", status: 200,
				contains: []string{`"code": "TEST"`, `"code": "NEW1"`}},
			{name: "create without the permission", as: "tech", method: "POST", url: "/api/v1/hackathons", body: validHackathon, status: 403},
			{name: "validation error names the field", as: "lead", method: "POST", url: "/api/v1/hackathons",
				body: `{"code":"OK2","name":"","variant":"technisch"}`, status: 400, contains: []string{`"field":"name"`, `"message":"required"`, `"code":"required"`}},
			{name: "several validation errors", as: "lead", method: "POST", url: "/api/v1/hackathons",
				body: `{"code":"x","name":"N","variant":"nope"}`, status: 400, contains: []string{`"field":"code"`, `"field":"variant"`}},
			{name: "duplicate code", as: "lead", method: "POST", url: "/api/v1/hackathons", body: validHackathon, status: 400,
				contains: []string{`"field":"code"`}},
			{name: "malformed JSON", as: "lead", method: "POST", url: "/api/v1/hackathons", body: `{"code": nope}`, status: 400,
				contains: []string{`"field":"body"`, "malformed JSON"}},
			{name: "truncated JSON", as: "lead", method: "POST", url: "/api/v1/hackathons", body: `{"code": "AB"`, status: 400},
			{name: "unknown field", as: "lead", method: "POST", url: "/api/v1/hackathons",
				body: `{"code":"UNK","name":"N","variant":"technisch","bogus":1}`, status: 400, contains: []string{`"field":"bogus"`, "unknown field"}},
			{name: "wrong type", as: "lead", method: "POST", url: "/api/v1/hackathons", body: `{"code":"TYP","name":42,"variant":"technisch"}`,
				status: 400, contains: []string{`"field":"name"`}},
			{name: "wrong content type", as: "lead", method: "POST", url: "/api/v1/hackathons", body: validHackathon,
				header: map[string]string{"Content-Type": "text/plain"}, status: 400, contains: []string{"Content-Type"}},
			{name: "body over 1 MiB", as: "lead", method: "POST", url: "/api/v1/hackathons", body: huge, status: 413},
			{name: "unknown hackathon", as: "admin", method: "GET", url: "/api/v1/hackathons/999999", status: 404},
			{name: "unknown hackathon for a member of another", as: "lead", method: "GET", url: "/api/v1/hackathons/999999/milestones", status: 404},
			{name: "non-numeric hackathon id", as: "admin", method: "GET", url: "/api/v1/hackathons/abc", status: 404},
			{name: "non-member may not view", as: "nobody", method: "GET", url: "/api/v1/hackathons/{hid}", status: 403},
			{name: "participant views the facts", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}", status: 200,
				contains: []string{`"code": "TEST"`}},
			{name: "participant may not edit", as: "participant", method: "PUT", url: "/api/v1/hackathons/{hid}",
				body: `{"code":"TEST","name":"X","variant":"technisch"}`, status: 403},
			{name: "lead edits", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}",
				body:   `{"code":"TEST","name":"Hernoemd","variant":"technisch","kickoff_date":"2027-01-10","days":["2027-02-10"]}`,
				status: 200, contains: []string{`"name": "Hernoemd"`}},
			{name: "edit validates", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}",
				body:   `{"code":"TEST","name":"X","variant":"technisch","kickoff_date":"2027-03-01","days":["2027-02-10"]}`,
				status: 400, contains: []string{`"field":"kickoff_date"`}},
			{name: "add a day", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/days", body: `{"date":"2027-02-17"}`,
				status: 200, contains: []string{`"2027-02-10"`, `"2027-02-17"`}},
			{name: "add a third day repeats phases 7 and 8", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/days", body: `{"date":"2027-02-24"}`,
				status: 200, contains: []string{`"2027-02-24"`}},
			{name: "add a day needs a date", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/days", body: `{}`,
				status: 400, contains: []string{`"field":"date"`}},
			{name: "add a day before the last", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/days", body: `{"date":"2027-02-01"}`,
				status: 400, contains: []string{`"field":"days"`}},
			{name: "add a day is for the lead", as: "tech", method: "POST", url: "/api/v1/hackathons/{hid}/days", body: `{"date":"2027-03-01"}`, status: 403},

			// Phases and milestones.
			{name: "phases in Dutch", as: "tech", method: "GET", url: "/api/v1/hackathons/{hid}/phases", status: 200,
				contains: []string{`"name": "Ontwerp"`, `"planning_open": false`, `"code": "1A"`}, check: checkPhases},
			{name: "phases in English", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/phases", status: 200,
				contains: []string{`"name": "Design"`, "Involve the right experts early"}},
			{name: "milestones", as: "tech", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 200,
				contains: []string{`"code": "1A"`, `"code": "9F"`, `"status": "open"`, `"locked": true`, `"iteration": 2`}},
			{name: "participant may not read milestones", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 403},
			{name: "participant may not read a milestone", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}/milestones/{m1A}", status: 403},
			{name: "participant may not change a milestone", as: "participant", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"status":"bezig"}`, status: 403},
			{name: "client may read but not change", as: "client", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"status":"bezig"}`, status: 403},
			{name: "milestone detail", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/milestones/{m1A}", status: 200,
				contains: []string{`"code": "1A"`, `"audit_trail": []`, `"description": "`}},
			{name: "unknown milestone", as: "tech", method: "GET", url: "/api/v1/hackathons/{hid}/milestones/999999", status: 404},
			{name: "milestone of another hackathon", as: "admin", method: "GET", url: "/api/v1/hackathons/{new}/milestones/{m1A}", status: 404},
			{name: "phase 1 milestone changes before the go", as: "tech", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"status":"bezig","owner_id":{tech_id},"note":"gestart","evidence_url":"https://example.org/canvas"}`, status: 200,
				contains: []string{`"status": "bezig"`, `"owner_name": "User tech"`, `"from": "open"`, `"to": "bezig"`}},
			{name: "unknown status", as: "tech", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"status":"klaar"}`, status: 400, contains: []string{`"field":"status"`}},
			{name: "script link refused", as: "tech", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"evidence_url":"javascript:alert(1)"}`, status: 400, contains: []string{`"field":"evidence_url"`}},
			{name: "owner must be a member", as: "tech", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m1A}",
				body: `{"owner_id":{nobody_id}}`, status: 400, contains: []string{`"field":"owner_id"`}},
			{name: "phase 2 milestone before the go is a conflict", as: "lead", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m2A}",
				body: `{"status":"bezig"}`, status: 409, contains: []string{"client's go"}},

			// Canvas and start note.
			{name: "canvas", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/canvas", status: 200,
				contains: []string{`"answers": {}`, `"key": "aanleiding_achtergrond"`, `"filled": 0`}},
			{name: "fill in the canvas", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/canvas",
				body: `{"answers":{"aanleiding_achtergrond":"Omdat het moet."}}`, status: 200,
				contains: []string{`"aanleiding_achtergrond": "Omdat het moet."`, `"filled": 1`}},
			{name: "unknown canvas field", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/canvas",
				body: `{"answers":{"nope":"x"}}`, status: 400, contains: []string{`"field":"answers.nope"`}},
			{name: "observer may not fill in the canvas", as: "observer", method: "PUT", url: "/api/v1/hackathons/{hid}/canvas",
				body: `{"answers":{}}`, status: 403},
			{name: "start note", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/startnote", status: 200,
				contains: []string{`"text": "Omdat het moet."`, `"text": "2027-02-10"`, `"missing": [`, `"decisions": []`}},

			// The client's go opens phase 2.
			{name: "only the client decides", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/decisions",
				body: `{"outcome":"go","reason":"r","decided_on":"2027-01-15"}`, status: 403},
			{name: "decision needs a reason", as: "client", method: "POST", url: "/api/v1/hackathons/{hid}/decisions",
				body: `{"outcome":"misschien","reason":"","decided_on":"2027-01-15"}`, status: 400,
				contains: []string{`"field":"outcome"`, `"field":"reason"`}},
			{name: "bad decision date", as: "client", method: "POST", url: "/api/v1/hackathons/{hid}/decisions",
				body: `{"outcome":"go","reason":"r","decided_on":"15-01-2027"}`, status: 400},
			{name: "client records a go", as: "client", method: "POST", url: "/api/v1/hackathons/{hid}/decisions",
				body: `{"outcome":"go","reason":"Startnotitie akkoord","decided_on":"2027-01-15"}`, status: 201,
				contains: []string{`"outcome": "go"`, `"decided_by": "User client"`, `"decided_on": "2027-01-15"`}},
			{name: "decisions", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/decisions", status: 200,
				contains: []string{`"reason": "Startnotitie akkoord"`}},
			{name: "phase 2 milestone after the go", as: "lead", method: "PATCH", url: "/api/v1/hackathons/{hid}/milestones/{m2A}",
				body: `{"status":"bezig","due_date":"2027-01-20"}`, status: 200,
				contains: []string{`"status": "bezig"`, `"locked": false`, `"due_date": "2027-01-20"`}},
			{name: "audit trail shows from and to", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/milestones/{m2A}",
				status: 200, check: checkTrail},
			{name: "phases open after the go", as: "tech", method: "GET", url: "/api/v1/hackathons/{hid}/phases", status: 200,
				contains: []string{`"planning_open": true`}, absent: []string{`"open": false`}},
			{name: "hackathon audit", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/audit", status: 200,
				contains: []string{`"action": "decision"`, `"to": "go"`, `"entity": "canvas"`, `"user_name": "User client"`}},
			{name: "hackathon audit of one kind, one entry", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/audit?kind=milestone&limit=1", status: 200,
				contains: []string{`"entity": "milestone"`, `"action": "due_date"`}, absent: []string{`"entity": "canvas"`, `"entity": "hackathon"`, `"action": "status"`}},
			{name: "hackathon audit before the first entry is empty", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/audit?before=1", status: 200,
				contains: []string{`"items": []`}},
			{name: "hackathon audit limit out of range", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/audit?limit=501", status: 400,
				contains: []string{`"field":"limit"`}},
			{name: "hackathon audit before and after", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/audit?before=5&after=2", status: 400,
				contains: []string{`"field":"after"`}},

			// Members.
			{name: "members", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/members", status: 200,
				contains: []string{`"role": "deelnemer"`, `"organisation": "Vendor BV"`}},
			{name: "participant may not list members", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}/members", status: 403},
			{name: "no member by account id", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"user_id":{nobody_id},"role":"observer"}`, status: 400, absent: []string{"nobody@example.org", "User nobody"}},
			{name: "the id did not make a member", as: "nobody", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 403},
			{name: "add a member", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"Nobody@Example.org","role":"observer"}`, status: 201,
				contains: []string{`"role": "observer"`, `"email": "nobody@example.org"`, `"new_account": false`},
				headers:  map[string]string{"Location": "/api/v1/hackathons/{hid}/members/"}, check: remember("member", "id")},
			{name: "the new member sees the plan", as: "nobody", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 200},
			{name: "the same role twice", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"nobody@example.org","role":"observer"}`, status: 400, contains: []string{`"field":"role"`}},
			{name: "a participant needs an organisation", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"nobody@example.org","role":"deelnemer"}`, status: 400, contains: []string{`"field":"organisation_id"`}},
			{name: "bad address", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"not an address","role":"observer"}`, status: 400, contains: []string{`"field":"email"`}},
			{name: "invite a new address", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"nieuw@example.org","name":"Nieuwe Tester","role":"testcoordinator"}`, status: 201,
				contains: []string{`"new_account": true`, `"name": "Nieuwe Tester"`}, absent: []string{"set-password"}},
			{name: "only the lead manages members", as: "tech", method: "POST", url: "/api/v1/hackathons/{hid}/members",
				body: `{"email":"nobody@example.org","role":"actor","organisation_id":{org}}`, status: 403},
			{name: "remove the member", as: "lead", method: "DELETE", url: "/api/v1/hackathons/{hid}/members/{member}", status: 204},
			{name: "removed twice", as: "lead", method: "DELETE", url: "/api/v1/hackathons/{hid}/members/{member}", status: 404},
			{name: "the removed member is out", as: "nobody", method: "GET", url: "/api/v1/hackathons/{hid}/milestones", status: 403},

			// Project organisation.
			{name: "project roles", as: "client", method: "GET", url: "/api/v1/hackathons/{hid}/project-roles", status: 200,
				contains: []string{`"role": "projectleider"`, `"role": "eventplanner"`, `"label": "Projectleider"`}},
			{name: "project roles in English", as: "observer", method: "GET", url: "/api/v1/hackathons/{hid}/project-roles", status: 200,
				contains: []string{`"label": "Project lead"`}},
			{name: "staff a project role", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/communicatie",
				body: `{"person":"Jan Jansen","user_id":{tech_id},"organisation":"MedMij","hours_per_week":"4–8"}`, status: 200,
				contains: []string{`"role": "communicatie"`, `"person": "Jan Jansen"`, `"user_id": {tech_id}`, `"hours_per_week": "4–8"`}},
			{name: "role in the body must match", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/communicatie",
				body: `{"role":"test","person":"X"}`, status: 400, contains: []string{`"field":"role"`}},
			{name: "not a project role", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/opdrachtgever",
				body: `{"person":"X"}`, status: 404},
			{name: "unknown staffing user", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/test",
				body: `{"person":"X","user_id":999999}`, status: 400, contains: []string{`"field":"user_id"`}},
			{name: "too long", as: "lead", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/test",
				body: `{"hours_per_week":"` + strings.Repeat("8", 21) + `"}`, status: 400, contains: []string{`"field":"hours_per_week"`}},
			{name: "org edit is for the lead", as: "tech", method: "PUT", url: "/api/v1/hackathons/{hid}/project-roles/test",
				body: `{"person":"X"}`, status: 403},

			// Tokens.
			{name: "create a token", as: "nobody", method: "POST", url: "/api/v1/tokens", body: `{"name":"ci","expires_in_days":90}`,
				status: 201, contains: []string{`"name": "ci"`, `"secret": "kt_`, `"expires_at"`}, check: rememberToken},
			{name: "list tokens", as: "nobody", method: "GET", url: "/api/v1/tokens", status: 200,
				contains: []string{`"name": "ci"`, `"name": "test"`}, absent: []string{"kt_", "secret", "hash"}},
			{name: "the new token works", as: "ci", method: "GET", url: "/api/v1/me", status: 200, contains: []string{`"email": "nobody@example.org"`}},
			{name: "a token that never expires", as: "nobody", method: "POST", url: "/api/v1/tokens", body: `{"name":"forever","expires_in_days":0}`,
				status: 201, absent: []string{"expires_at"}},
			{name: "token needs a name", as: "nobody", method: "POST", url: "/api/v1/tokens", body: `{"name":" "}`,
				status: 400, contains: []string{`"field":"name"`}},
			{name: "negative lifetime", as: "nobody", method: "POST", url: "/api/v1/tokens", body: `{"name":"x","expires_in_days":-1}`,
				status: 400, contains: []string{`"field":"expires_in_days"`}},
			{name: "another user's token is not found", as: "lead", method: "DELETE", url: "/api/v1/tokens/{ci_id}", status: 404},
			{name: "delete the token", as: "nobody", method: "DELETE", url: "/api/v1/tokens/{ci_id}", status: 204},
			{name: "deleted token no longer works", as: "ci", method: "GET", url: "/api/v1/me", status: 401},
			{name: "delete again", as: "nobody", method: "DELETE", url: "/api/v1/tokens/{ci_id}", status: 404},
			{name: "tokens need a login", method: "GET", url: "/api/v1/tokens", status: 401},
		}, doc)
	})
}

func rememberToken(t *testing.T, e *env, r response) {
	v := r.json(t)
	e.tokens["ci"] = v["secret"].(string)
	e.vars["ci_id"] = fmt.Sprint(int64(v["id"].(float64)))
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", r.header.Get("Cache-Control"))
	}
}

func checkPhases(t *testing.T, e *env, r response) {
	v := r.json(t)
	items := v["items"].([]any)
	if len(items) != 9 {
		t.Fatalf("%d phases, want 9", len(items))
	}
	for i, it := range items {
		p := it.(map[string]any)
		if int(p["number"].(float64)) != i+1 {
			t.Errorf("phase %d has number %v", i+1, p["number"])
		}
		if open := p["open"].(bool); open != (i == 0) {
			t.Errorf("phase %d open = %v before the go", i+1, open)
		}
		if len(p["milestones"].([]any)) == 0 {
			t.Errorf("phase %d has no milestones", i+1)
		}
	}
	if n := len(items[0].(map[string]any)["attention_points"].([]any)); n == 0 {
		t.Error("a technical hackathon has attention points in phase 1")
	}
	// Three days (two added): phases 7 and 8 run twice.
	var it2 int
	for _, m := range items[6].(map[string]any)["milestones"].([]any) {
		if m.(map[string]any)["iteration"].(float64) == 2 {
			it2++
		}
	}
	if it2 == 0 {
		t.Error("phase 7 has no second iteration after adding a day")
	}
}

func checkTrail(t *testing.T, e *env, r response) {
	trail, _ := r.json(t)["audit_trail"].([]any)
	var status, due bool
	for _, x := range trail {
		a := x.(map[string]any)
		switch a["action"] {
		case "status":
			if a["from"] == "open" && a["to"] == "bezig" && a["user_name"] == "User lead" {
				status = true
			}
		case "due_date":
			due = a["to"] == "2027-01-20"
		}
	}
	if !status || !due {
		t.Errorf("audit trail lacks status open → bezig by the lead or the new due date: %v", trail)
	}
}

// TestWebServesEveryAPIRoute checks that the web server registers the API
// routes as API routes (problem+json errors, no login redirect).
func TestWebServesEveryAPIRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, rt := range routes() {
			path := e.expand(strings.NewReplacer("{mid}", "{m1A}", "{id}", "999999", "{role}", "projectleider").Replace(rt.Pattern))
			r := e.do("", rt.Method, path, "", nil)
			want := http.StatusUnauthorized
			if rt.Perm == "public" {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("%s anonymously = %d, want %d", rt.Path(), r.status, want)
			}
		}
	})
}
