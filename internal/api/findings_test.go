package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

func TestFindingsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		doc := loadDoc(t)
		const f = "/api/v1/hackathons/{hid}/findings"
		e.run(t, []scenario{
			{name: "missing title", as: "lead", method: "POST", url: f, body: `{"title":" "}`, status: http.StatusBadRequest, contains: []string{`"field":"title"`}},
			{name: "log", as: "lead", method: "POST", url: f, body: `{"title":"Token verloopt","severity":"hoog","chain_link":"dva","idempotency_key":"k1"}`,
				status: http.StatusCreated, contains: []string{`"key": "TEST-1"`, `"status": "nieuw"`}, headers: map[string]string{"Location": "/findings/"}, check: remember("fid", "id")},
			{name: "repeat returns the stored finding", as: "lead", method: "POST", url: f, body: `{"title":"Anders","idempotency_key":"k1"}`,
				status: http.StatusOK, contains: []string{`"key": "TEST-1"`, `"title": "Token verloopt"`}},
			{name: "key in header", as: "participant", method: "POST", url: f, body: `{"title":"Via header","organisation_ids":[{org}]}`,
				header: map[string]string{"Idempotency-Key": "h1"}, status: http.StatusCreated, contains: []string{`"key": "TEST-2"`}},
			{name: "list", as: "lead", method: "GET", url: f + "?q=token", status: http.StatusOK, contains: []string{"TEST-1"}, absent: []string{"TEST-2"}},
			{name: "participant sees only its own organisation's", as: "participant", method: "GET", url: f, status: http.StatusOK, contains: []string{"TEST-2"}, absent: []string{"TEST-1"}},
			{name: "hidden finding is 404", as: "observer", method: "GET", url: f + "/{fid}", status: http.StatusNotFound},
			{name: "get", as: "tech", method: "GET", url: f + "/{fid}", status: http.StatusOK, contains: []string{`"visibility": "involved"`}},
			{name: "workflow violation", as: "admin", method: "POST", url: f + "/{fid}/status", body: `{"status":"geverifieerd"}`,
				status: http.StatusConflict, contains: []string{`"allowed":["in_triage"`}},
			{name: "workflow step", as: "admin", method: "POST", url: f + "/{fid}/status", body: `{"status":"in_triage"}`,
				status: http.StatusOK, contains: []string{`"status": "in_triage"`}},
			{name: "triage needs a triage role", as: "lead", method: "POST", url: f + "/{fid}/triage", body: `{"severity":"laag"}`, status: http.StatusForbidden},
			{name: "triage", as: "admin", method: "POST", url: f + "/{fid}/triage", body: `{"severity":"blokkerend","actor_organisation_id":{org}}`,
				status: http.StatusOK, contains: []string{`"status": "toegewezen"`, `"actor": "Vendor BV"`, `"severity": "blokkerend"`}},
			{name: "bad severity", as: "admin", method: "POST", url: f + "/{fid}/triage", body: `{"severity":"ramp"}`, status: http.StatusBadRequest},
		}, doc)
	})
}

// addSubject gives the env a user with role in the hackathon for Vendor BV, with an API token.
func addSubject(t *testing.T, e *env, db *store.DB, name string, role blueprint.Role) {
	t.Helper()
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := acc.Create(ctx, account.NewUser{Email: name + "@example.org", Name: "User " + name, Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := acc.CreateToken(ctx, u.ID, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	e.tokens[name] = secret
	hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
	org, _ := strconv.ParseInt(e.vars["org"], 10, 64)
	if err := hackathon.NewService(db).AddMember(ctx, hid, u.ID, string(role), org, e.users["lead"].ID); err != nil {
		t.Fatal(err)
	}
}

const boundary = "ktboundary"

func multipartFile(name, content string) string {
	return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
		content + "\r\n--" + boundary + "--\r\n"
}

// TestFindingsAPIFollowUp covers the rest of a finding's life by API:
// comments, follow-up, verification, merge, visibility, attachments, bulk
// triage and the overview.
func TestFindingsAPIFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Attachments go to a temporary data directory.
		e.ts.Close()
		e.ts = httptest.NewServer(web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler())
		t.Cleanup(e.ts.Close)
		addSubject(t, e, db, "triage", blueprint.RoleTriageteam)
		addSubject(t, e, db, "actor", blueprint.RoleActor)
		addSubject(t, e, db, "issue", blueprint.RoleIssuecoordinator)
		doc := loadDoc(t)
		const f = "/api/v1/hackathons/{hid}/findings"
		// A finding links only to traffic of the hackathon's own clients.
		hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		e.vars["xid"] = fmt.Sprint(recordTraffic(t, db, hid))
		mp := map[string]string{"Content-Type": "multipart/form-data; boundary=" + boundary}
		e.run(t, []scenario{
			{name: "log one", as: "lead", method: "POST", url: f, body: `{"title":"Eerste","exchange_id":{xid}}`, status: 201, contains: []string{`"exchange_id": {xid}`}, check: remember("a", "id")},
			{name: "log two", as: "lead", method: "POST", url: f, body: `{"title":"Tweede"}`, status: 201, check: remember("b", "id")},
			{name: "log three", as: "lead", method: "POST", url: f, body: `{"title":"Derde"}`, status: 201, check: remember("c", "id")},

			{name: "bulk needs triage", as: "lead", method: "POST", url: f + "/bulk", body: `{"ids":[{a},{b}],"severity":"hoog"}`, status: 403},
			{name: "bulk without selection", as: "triage", method: "POST", url: f + "/bulk", body: `{"ids":[],"severity":"hoog"}`, status: 400, contains: []string{`"field":"ids"`}},
			{name: "bulk without action", as: "triage", method: "POST", url: f + "/bulk", body: `{"ids":[{a}]}`, status: 400, contains: []string{`"field":"action"`}},
			{name: "bulk classify and assign", as: "triage", method: "POST", url: f + "/bulk", body: `{"ids":[{a},{b}],"severity":"hoog","category":"Autorisatie","actor_organisation_id":{org}}`,
				status: 200, contains: []string{`"changed": 2`}},
			{name: "bulk refused as a whole", as: "triage", method: "POST", url: f + "/bulk", body: `{"ids":[{a},{c}],"severity":"laag","status":"in_analyse"}`,
				status: 409, contains: []string{"TEST-3", `"allowed"`}},
			{name: "nothing of the refused bulk stuck", as: "triage", method: "GET", url: f + "/{a}", status: 200, contains: []string{`"severity": "hoog"`, `"status": "toegewezen"`, `"category": "Autorisatie"`}},

			{name: "comment", as: "actor", method: "POST", url: f + "/{a}/comments", body: `{"body":"We kijken ernaar."}`, status: 201, contains: []string{"We kijken ernaar.", `"user_name": "User actor"`}},
			{name: "empty comment", as: "actor", method: "POST", url: f + "/{a}/comments", body: `{"body":"  "}`, status: 400, contains: []string{`"field":"body"`}},
			{name: "comments", as: "lead", method: "GET", url: f + "/{a}/comments", status: 200, contains: []string{"We kijken ernaar."}},

			{name: "follow-up by the actor", as: "actor", method: "PUT", url: f + "/{a}/followup",
				body:   `{"resolution_due":"2020-01-31","tracker_key":"VND-9","tracker_url":"https://vendor.example/VND-9","root_cause":"Te korte tokenduur","root_chain_link":"dva"}`,
				status: 200, contains: []string{`"resolution_due": "2020-01-31"`, `"tracker_key": "VND-9"`, `"root_chain_link": "dva"`}},
			{name: "follow-up javascript link", as: "actor", method: "PUT", url: f + "/{a}/followup", body: `{"tracker_url":"javascript:alert(1)"}`, status: 400, contains: []string{`"field":"tracker_url"`}},
			{name: "follow-up not by an observer", as: "observer", method: "PUT", url: f + "/{a}/followup", body: `{}`, status: 403},
			{name: "follow-up by the actor organisation's participant (no Actor role)", as: "participant", method: "PUT", url: f + "/{a}/followup",
				body:   `{"resolution_due":"2020-01-31","tracker_key":"VND-9","tracker_url":"https://vendor.example/VND-9","root_cause":"Te korte tokenduur","root_chain_link":"dva"}`,
				status: 200, contains: []string{`"tracker_key": "VND-9"`}},
			{name: "overview flags the overdue term", as: "triage", method: "GET", url: f + "/overview", status: 200,
				contains: []string{`"total": 3`, `"overdue": 1`, `"actor": "Vendor BV"`, `"toegewezen": 2`}},
			{name: "actor solves", as: "actor", method: "POST", url: f + "/{a}/status", body: `{"status":"opgelost"}`, status: 200, contains: []string{`"status": "opgelost"`}},
			{name: "actor cannot verify", as: "actor", method: "POST", url: f + "/{a}/status", body: `{"status":"geverifieerd"}`, status: 409},
			{name: "triage verifies", as: "triage", method: "POST", url: f + "/{a}/status", body: `{"status":"geverifieerd"}`, status: 200, contains: []string{`"status": "geverifieerd"`}},
			{name: "overview after verification", as: "triage", method: "GET", url: f + "/overview?actor={org}", status: 200,
				contains: []string{`"total": 2`, `"solved": 1`, `"overdue": 0`}},

			{name: "merge needs triage", as: "actor", method: "POST", url: f + "/{c}/merge", body: `{"into":{b}}`, status: 403},
			{name: "merge into unknown", as: "triage", method: "POST", url: f + "/{c}/merge", body: `{"into":999999}`, status: 400, contains: []string{`"field":"into"`}},
			{name: "merge", as: "triage", method: "POST", url: f + "/{c}/merge", body: `{"into":{b}}`, status: 200, contains: []string{`"status": "duplicaat"`, `"duplicate_of": {b}`}},
			{name: "merge a duplicate again", as: "triage", method: "POST", url: f + "/{c}/merge", body: `{"into":{a}}`, status: 409},

			{name: "visibility needs config", as: "triage", method: "PUT", url: f + "/{a}/visibility", body: `{"visibility":"all"}`, status: 403},
			{name: "bad visibility", as: "issue", method: "PUT", url: f + "/{a}/visibility", body: `{"visibility":"world"}`, status: 400},
			{name: "hidden from observer", as: "observer", method: "GET", url: f + "/{c}", status: 404},
			{name: "make public", as: "issue", method: "PUT", url: f + "/{c}/visibility", body: `{"visibility":"all"}`, status: 200, contains: []string{`"visibility": "all"`}},
			{name: "public to observer", as: "observer", method: "GET", url: f + "/{c}", status: 200},

			{name: "upload not multipart", as: "actor", method: "POST", url: f + "/{a}/attachments", body: `{}`, status: 400, contains: []string{"multipart/form-data"}},
			{name: "upload refused type", as: "actor", method: "POST", url: f + "/{a}/attachments", body: multipartFile("evil.exe", "MZ"), header: mp, status: 400, contains: []string{".png"}},
			{name: "upload empty", as: "actor", method: "POST", url: f + "/{a}/attachments", body: multipartFile("leeg.txt", ""), header: mp, status: 400, contains: []string{"empty"}},
			{name: "upload", as: "actor", method: "POST", url: f + "/{a}/attachments", body: multipartFile("log.txt", "regel 1\nregel 2\n"), header: mp, status: 201,
				contains: []string{`"name": "log.txt"`, `"content_type": "text/plain"`, `"size": 16`}, headers: map[string]string{"Location": "/attachments/"}, check: remember("att", "id")},
			{name: "attachments", as: "lead", method: "GET", url: f + "/{a}/attachments", status: 200, contains: []string{"log.txt"}},
			{name: "unknown attachment", as: "lead", method: "GET", url: f + "/{a}/attachments/999999", status: 404},
			{name: "attachment of another finding", as: "lead", method: "GET", url: f + "/{b}/attachments/{att}", status: 404},
		}, doc)

		// Downloads are not JSON: their bodies are checked here.
		e.run(t, []scenario{
			{name: "download", as: "lead", method: "GET", url: f + "/{a}/attachments/{att}", status: 200, contains: []string{"regel 1\nregel 2\n"},
				headers: map[string]string{"Content-Type": "text/plain", "Content-Disposition": `attachment; filename=log.txt`}},
			{name: "handover csv per actor", as: "issue", method: "GET", url: f + "/handover.csv?actor={org}", status: 200,
				contains: []string{"Nummer,Titel,Beschrijving,Status,Ernst,Soort,Schakel in de keten", "TEST-1,Eerste,", ",Geverifieerd,Hoog,",
					",Overig,,Vendor BV,2020-01-31,VND-9,https://vendor.example/VND-9,Te korte tokenduur,DVA,", "/hackathons/"}, absent: []string{"Derde", "geverifieerd"},
				headers: map[string]string{"Content-Type": "text/csv", "Content-Disposition": "handover.csv"}},
			{name: "jira csv", as: "issue", method: "GET", url: f + "/jira.csv", status: 200,
				contains: []string{"Summary,Description,Issue Type,Priority,Status,Resolution,Reporter,Created,External ID", "TEST-1 Eerste", "High,Done,Done"},
				check: func(t *testing.T, _ *env, r response) {
					recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
					if err != nil || len(recs) != 4 {
						t.Fatalf("jira.csv: %d records, %v", len(recs), err)
					}
				}},
			{name: "overview csv", as: "issue", method: "GET", url: f + "/overview.csv", status: 200, contains: []string{"actor,total,open,unsolved,solved,overdue", "Vendor BV,2,1,0,1,0"}},
			{name: "handover xlsx", as: "issue", method: "GET", url: f + "/handover.xlsx", status: 200,
				headers: map[string]string{"Content-Type": finding.ContentTypeXLSX},
				check: func(t *testing.T, _ *env, r response) {
					x, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
					if err != nil {
						t.Fatal(err)
					}
					defer x.Close()
					rows, _ := x.GetRows(finding.SheetHandover)
					if len(rows) != 4 || rows[3][0] != "TEST-1" {
						t.Errorf("handover sheet: %q", rows)
					}
				}},
			{name: "exports need a role", as: "nobody", method: "GET", url: f + "/jira.csv", status: 403},
		}, nil)
		// The exports' content types are the documented ones.
		for _, p := range []string{"/handover.csv", "/jira.csv", "/overview.csv", "/handover.xlsx"} {
			_, op := doc.operation("GET", "/api/v1/hackathons/1/findings"+p)
			content := obj(obj(obj(op["responses"])["200"])["content"])
			want := "text/csv"
			if strings.HasSuffix(p, ".xlsx") {
				want = finding.ContentTypeXLSX
			}
			if content[want] == nil {
				t.Errorf("%s: 200 does not document %s", p, want)
			}
		}
	})
}

// recordTraffic records one exchange of a sandbox client of the hackathon and returns its id.
func recordTraffic(t *testing.T, db *store.DB, hid int64) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	if _, err := db.Exec(ctx, `INSERT INTO sandbox_clients (client_id, redirect_uris, hackathon_id, created_at) VALUES (?, 'https://pgo.example/cb', ?, ?)`,
		fmt.Sprintf("client-%d", hid), hid, now); err != nil {
		t.Fatal(err)
	}
	id, err := db.Insert(ctx, `INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us) VALUES (?, ?, 'GET', '/48/fhir/Patient', 200, 1)`,
		now, fmt.Sprintf("client-%d", hid))
	if err != nil {
		t.Fatal(err)
	}
	return id
}
