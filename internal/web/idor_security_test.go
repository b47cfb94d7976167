package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// marker is in the name of every object made in the victim hackathon, so
// that any page or API answer of the intruder's hackathon that shows one
// of them is caught.
const marker = "GEHEIMA"

// victimObjects are objects of the test hackathon (the victim), made
// through the pages by its own members; path parameter → id.
type victimObjects map[string]string

func lastID(t *testing.T, db *store.DB, query string, args ...any) string {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), query, args...).Scan(&id); err != nil || id == 0 {
		t.Fatalf("%s: %v (id %d)", query, err, id)
	}
	return fmt.Sprint(id)
}

func mustStatus(t *testing.T, what string, want, got int, body string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: %d, want %d\n%.500s", what, got, want, body)
	}
}

// makeVictimObjects creates one object of every kind with an id in a path.
func makeVictimObjects(t *testing.T, e *env) victimObjects {
	ctx := context.Background()
	hk := fmt.Sprintf("/hackathons/%d", e.hid)
	o := victimObjects{}
	// Findings: a finding, an attachment, a saved filter.
	page := e.logFinding("loggingteam", url.Values{"title": {marker + " bevinding"}})
	o["fid"] = page[strings.LastIndexByte(page, '/')+1:]
	ct, body := multipartBody(t, "bundle.json", `{"resourceType":"Bundle","id":"`+marker+`"}`)
	st, b, _ := e.do("loggingteam", "POST", page+"/attachments", ct, body)
	mustStatus(t, "attachment", http.StatusSeeOther, st, b)
	o["aid"] = lastID(t, e.db, "SELECT MAX(id) FROM finding_attachments WHERE finding_id = ?", o["fid"])
	st, b, _ = e.form("loggingteam", hk+"/findings/filters", url.Values{"name": {marker + " filter"}, "query": {"status=nieuw"}})
	mustStatus(t, "saved filter", http.StatusSeeOther, st, b)
	o["filter"] = lastID(t, e.db, "SELECT MAX(id) FROM finding_saved_filters WHERE hackathon_id = ?", e.hid)
	// Communication: a template, a planned message using it, a news item.
	st, b, _ = e.form("communicatie", hk+"/comms/templates", url.Values{"name": {marker + " sjabloon"}, "subject": {marker + " {{naam}}"},
		"body": {"Beste {{naam}}"}, "language": {"nl"}, "format": {"markdown"}})
	mustStatus(t, "template", http.StatusSeeOther, st, b)
	o["tid"] = lastID(t, e.db, "SELECT MAX(id) FROM comm_templates WHERE hackathon_id = ?", e.hid)
	st, b, _ = e.form("communicatie", hk+"/comms/calendar", url.Values{"title": {marker + " bericht"}, "planned_on": {"2027-01-05"}, "channel": {"email"},
		"status": {"gepland"}, "audience_status": {"confirmed"}, "template_id": {o["tid"]}})
	mustStatus(t, "calendar item", http.StatusSeeOther, st, b)
	o["cid"] = lastID(t, e.db, "SELECT MAX(id) FROM comm_calendar WHERE hackathon_id = ?", e.hid)
	st, b, _ = e.form("communicatie", hk+"/comms/news", url.Values{"title": {marker + " nieuws"}, "milestone": {"6C"}, "body": {marker + " tekst"}, "published_on": {"2027-02-17"}})
	mustStatus(t, "news item", http.StatusSeeOther, st, b)
	o["nid"] = lastID(t, e.db, "SELECT MAX(id) FROM news_items WHERE hackathon_id = ?", e.hid)
	// Participants: an organisation, a person (registration), a question.
	rm := string(blueprint.RoleRelatiemanager)
	// Organisations are one register shared by all hackathons (the finding
	// forms offer "other organisations"), so its name carries no marker.
	st, b, _ = e.form(rm, hk+"/organisations", url.Values{"name": {"Gedeelde Org BV"}, "chain_role": {"pgo"}})
	mustStatus(t, "organisation", http.StatusSeeOther, st, b)
	o["oid"] = lastID(t, e.db, "SELECT MAX(id) FROM organisations WHERE name = ?", "Gedeelde Org BV")
	st, b, _ = e.form(rm, hk+"/organisations/"+o["oid"]+"/people", url.Values{"name": {marker + " Persoon"}, "email": {"geheima@pgo.example"}})
	mustStatus(t, "person", http.StatusSeeOther, st, b)
	o["pid"] = lastID(t, e.db, "SELECT MAX(id) FROM registrations WHERE hackathon_id = ?", e.hid)
	st, b, _ = e.form(string(blueprint.RoleProjectleider), hk+"/questions", url.Values{"label": {marker + " vraag"}, "kind": {"text"}})
	mustStatus(t, "question", http.StatusSeeOther, st, b)
	o["qid"] = lastID(t, e.db, "SELECT MAX(id) FROM registration_questions WHERE hackathon_id = ?", e.hid)
	// Test environment: a dossier, a sandbox client with traffic, a reference PGO run with an exchange.
	st, b, _ = e.form("technisch", hk+"/dossiers/generate", url.Values{"count": {"60"}, "seed": {"3"}, "patients": {"1"}})
	mustStatus(t, "dossier", http.StatusSeeOther, st, b)
	o["did"] = lastID(t, e.db, "SELECT MAX(id) FROM dossiers WHERE hackathon_id = ?", e.hid)
	if _, err := e.db.Exec(ctx, "INSERT INTO sandbox_clients (client_id, name, redirect_uris, hackathon_id, created_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
		"geheima.example", marker+" client", "https://geheima.example/cb", e.hid); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(ctx, `INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us, request_id, request_headers, response_headers)
		VALUES (CURRENT_TIMESTAMP, ?, 'GET', ?, 200, 1, 'rq-geheima', '', '')`, "geheima.example", "/fhir/Patient/"+marker); err != nil {
		t.Fatal(err)
	}
	o["traffic"] = lastID(t, e.db, "SELECT MAX(id) FROM sandbox_traffic WHERE client_id = ?", "geheima.example")
	if _, err := e.db.Exec(ctx, `INSERT INTO pgo_runs (hackathon_id, created_by, target, label, service_id, authorize_url, token_url, fhir_base, client_id,
		redirect_uri, scope, state_hash, binding_hash, correlation_id, status, created_at) VALUES (?, ?, 'external', ?, '48', 'https://dva.example/authorize',
		'https://dva.example/token', 'https://dva.example/fhir', 'pgo.example', 'https://pgo.example/cb', 'x', 'state-geheima', 'b', 'c', 'done', CURRENT_TIMESTAMP)`,
		e.hid, e.users["deelnemer"].ID, marker+" run"); err != nil {
		t.Fatal(err)
	}
	o["run"] = lastID(t, e.db, "SELECT MAX(id) FROM pgo_runs WHERE hackathon_id = ?", e.hid)
	if _, err := e.db.Exec(ctx, `INSERT INTO pgo_exchanges (run_id, seq, step, at, method, url, status, response_body) VALUES (?, 1, 'search', CURRENT_TIMESTAMP, 'GET', ?, 200, ?)`,
		o["run"], "https://dva.example/fhir/Patient?"+marker, `{"resourceType":"Bundle","id":"`+marker+`"}`); err != nil {
		t.Fatal(err)
	}
	o["pgox"] = lastID(t, e.db, "SELECT MAX(id) FROM pgo_exchanges WHERE run_id = ?", o["run"])
	return o
}

// intruder is a user with every role in a second hackathon and none in the
// test hackathon; it returns the user's token and the hackathon's id.
func intruder(t *testing.T, e *env) (string, int64) {
	ctx := context.Background()
	u, err := e.srv.Accounts.Create(ctx, account.NewUser{Email: "intruder@example.org", Name: "Intruder", Password: testPassword, CanCreateHackathon: true})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := e.srv.Accounts.CreateToken(ctx, u.ID, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "OTHER", Name: "Andere hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 3, 10), Days: []date.Date{date.New(2027, 4, 10)}}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	org, _ := e.srv.Hackathons.CreateOrganisation(ctx, "Intruder BV", "pgo")
	for _, r := range blueprint.AllHackathonRoles() {
		if r == blueprint.RoleProjectleider || r == blueprint.RoleOpdrachtnemer {
			continue
		}
		if err := e.srv.Hackathons.AddMember(ctx, h.ID, u.ID, string(r), org, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.Exec(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, created_at) VALUES (?, ?, 'opdrachtnemer', CURRENT_TIMESTAMP)", h.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	return token, h.ID
}

// valueFor is the victim's id for a path parameter of pattern; ok is false
// for parameters that are not object ids of a hackathon.
func (o victimObjects) valueFor(pattern, param string) (string, bool) {
	switch param {
	case "fid", "aid", "did", "oid", "pid", "qid", "cid", "tid", "nid":
		return o[param], true
	case "type":
		return "Patient", true
	case "rid":
		switch {
		case strings.Contains(pattern, "/registrations/"):
			return o["pid"], true
		case strings.Contains(pattern, "/pgo/runs/"):
			return o["run"], true
		case strings.Contains(pattern, "/resources/"):
			return "1", true
		}
	case "xid":
		switch {
		case strings.Contains(pattern, "/sandbox/traffic/"):
			return o["traffic"], true
		case strings.Contains(pattern, "/exchanges/"):
			return o["pgox"], true
		}
	case "id":
		for prefix, key := range map[string]string{"/comms/calendar/": "cid", "/comms/templates/": "tid", "/comms/news/": "nid",
			"/findings/filters/": "filter", "/finding-filters/": "filter", "/participants/{id}": "pid"} {
			if strings.Contains(pattern, prefix) {
				return o[key], true
			}
		}
	}
	return "", false
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\.*\}`)

// fingerprint is the content of every table that holds hackathon data, so
// that a refused request can be checked to have changed nothing.
func fingerprint(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, table := range []string{"findings", "finding_orgs", "finding_labels", "finding_comments", "finding_attachments", "finding_watchers",
		"finding_saved_filters", "finding_notifications", "comm_templates", "comm_calendar", "comm_sends", "news_items", "outbox",
		"organisations", "organisation_chain_roles", "registrations", "registration_questions", "registration_answers", "dossiers",
		"dossier_versions", "sandbox_clients", "pgo_runs", "pgo_exchanges"} {
		rows, err := db.Query(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%v", vals))
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "%s:%s\n", table, strings.Join(lines, "|"))
	}
	return b.String()
}

// validBody is a form or JSON body the route would accept for the
// victim's objects, so that only the hackathon check can refuse it.
func validBody(api bool, pattern string, o victimObjects) (string, string) {
	if api {
		switch {
		case strings.HasSuffix(pattern, "/templates/{tid}"):
			return "application/json", `{"name":"x","subject":"x","body":"x","language":"nl","format":"markdown"}`
		case strings.HasSuffix(pattern, "/calendar/{cid}"):
			return "application/json", `{"title":"x","planned_on":"2027-01-05","channel":"email","status":"gepland"}`
		case strings.HasSuffix(pattern, "/news/{nid}"):
			return "application/json", `{"title":"x","milestone":"6C","body":"x"}`
		case strings.HasSuffix(pattern, "/organisations/{oid}"):
			return "application/json", `{"name":"x","chain_roles":["pgo"]}`
		case strings.Contains(pattern, "/people"):
			return "application/json", `{"name":"x","email":"x@example.org"}`
		case strings.HasSuffix(pattern, "/status"):
			return "application/json", `{"status":"cancelled"}`
		case strings.HasSuffix(pattern, "/questions/{qid}"):
			return "application/json", `{"label":"x","kind":"text"}`
		case strings.HasSuffix(pattern, "/watch"):
			return "application/json", `{"watching":true}`
		}
		return "application/json", "{}"
	}
	f := url.Values{}
	switch {
	case strings.HasSuffix(pattern, "/templates/{id}"):
		f = url.Values{"name": {"x"}, "subject": {"x"}, "body": {"x"}, "language": {"nl"}, "format": {"markdown"}}
	case strings.HasSuffix(pattern, "/templates/{id}/send"):
		f = url.Values{"audience_status": {"confirmed"}}
	case strings.HasSuffix(pattern, "/calendar/{id}"):
		f = url.Values{"title": {"x"}, "planned_on": {"2027-01-05"}, "channel": {"email"}, "status": {"gepland"}}
	case strings.HasSuffix(pattern, "/news/{id}"):
		f = url.Values{"title": {"x"}, "milestone": {"6C"}, "body": {"x"}}
	case strings.HasSuffix(pattern, "/organisations/{oid}"):
		f = url.Values{"name": {"x"}, "main_role": {"pgo"}}
	case strings.Contains(pattern, "/people"):
		f = url.Values{"name": {"x"}, "email": {"x@example.org"}}
	case strings.HasSuffix(pattern, "/status"):
		f = url.Values{"status": {"cancelled"}}
	case strings.HasSuffix(pattern, "/questions/{qid}"):
		f = url.Values{"label": {"x"}, "kind": {"text"}}
	case strings.HasSuffix(pattern, "/{did}"):
		f = url.Values{"name": {"x"}, "kind": {"patient"}}
	case strings.HasSuffix(pattern, "/comments"):
		f = url.Values{"body": {"x"}}
	}
	return "application/x-www-form-urlencoded", f.Encode()
}

// TestObjectsOfAnotherHackathon: the guard checks the role in the path's
// hackathon; every handler must also check that the object of the path
// belongs to that hackathon. A user with every role in another hackathon
// (and none in this one) asks for every object of this hackathon through
// the other hackathon's paths, on the pages and the API, reading and
// writing: every answer is 404, shows nothing of the object, and nothing
// changes.
func TestObjectsOfAnotherHackathon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := makeVictimObjects(t, e)
		token, other := intruder(t, e)
		e.tokens["intruder"] = token
		before := fingerprint(t, db)
		probed := 0
		for _, rt := range e.srv.Routes() {
			if !strings.Contains(rt.Pattern, "{hid}") || strings.HasSuffix(rt.Pattern, "/events") {
				continue
			}
			path, objects := rt.Pattern, 0
			for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
				if m[1] == "hid" {
					continue
				}
				v, ok := o.valueFor(rt.Pattern, m[1])
				if !ok {
					path = ""
					break
				}
				if m[1] != "type" {
					objects++
				}
				path = strings.Replace(path, m[0], v, 1)
			}
			if path == "" || objects == 0 {
				continue
			}
			path = strings.Replace(path, "{hid}", fmt.Sprint(other), 1)
			ct, body := "", ""
			if rt.Method != "GET" && rt.Method != "DELETE" {
				ct, body = validBody(rt.API, rt.Pattern, o)
			}
			status, got, _ := e.do("intruder", rt.Method, path, ct, body)
			probed++
			if status != http.StatusNotFound {
				t.Errorf("%s %s (%s): %d, want 404\n%.300s", rt.Method, path, rt.Pattern, status, got)
			}
			if strings.Contains(got, marker) {
				t.Errorf("%s %s shows an object of the other hackathon:\n%.500s", rt.Method, path, got)
			}
		}
		if probed < 60 {
			t.Fatalf("only %d routes with object ids probed", probed)
		}
		if after := fingerprint(t, db); after != before {
			t.Errorf("requests through another hackathon changed data:\nbefore %s\nafter  %s", diffLine(before, after), diffLine(after, before))
		}
		t.Logf("probed %d routes with object ids", probed)
	})
}

// TestListsOfAnotherHackathon: nothing of this hackathon shows on any list,
// overview, export or feed of another hackathon, for a user with every
// role there.
func TestListsOfAnotherHackathon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		makeVictimObjects(t, e)
		token, other := intruder(t, e)
		e.tokens["intruder"] = token
		probed := 0
		for _, rt := range e.srv.Routes() {
			if rt.Method != "GET" || !strings.Contains(rt.Pattern, "{hid}") || strings.HasSuffix(rt.Pattern, "/events") {
				continue
			}
			path := strings.Replace(rt.Pattern, "{hid}", fmt.Sprint(other), 1)
			if pathParam.MatchString(path) {
				continue
			}
			status, got, _ := e.do("intruder", "GET", path, "", "")
			probed++
			if status >= 500 {
				t.Errorf("GET %s: %d", path, status)
			}
			if strings.Contains(got, marker) {
				i := strings.Index(got, marker)
				t.Errorf("GET %s shows an object of the other hackathon: …%s…", path, got[max(0, i-200):min(len(got), i+100)])
			}
		}
		t.Logf("probed %d list routes", probed)
	})
}

// diffLine is the first line of a that is not in b.
func diffLine(a, b string) string {
	bl := map[string]bool{}
	for _, l := range strings.Split(b, "\n") {
		bl[l] = true
	}
	for _, l := range strings.Split(a, "\n") {
		if !bl[l] {
			return l
		}
	}
	return ""
}
