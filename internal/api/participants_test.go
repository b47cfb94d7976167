package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestParticipantsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		doc := loadDoc(t)
		const hk = "/api/v1/hackathons/{hid}"
		e.run(t, []scenario{
			{name: "participant may not list organisations", as: "participant", method: "GET", url: hk + "/organisations", status: http.StatusForbidden},
			{name: "view role may not add", as: "tech", method: "POST", url: hk + "/organisations", body: `{"name":"X","chain_role":"pgo"}`, status: http.StatusForbidden},
			{name: "bad chain role", as: "lead", method: "POST", url: hk + "/organisations", body: `{"name":"PGO Zuid BV","chain_role":"astronaut"}`,
				status: http.StatusBadRequest, contains: []string{`"field":"chain_roles"`}},
			{name: "add organisation", as: "lead", method: "POST", url: hk + "/organisations", body: `{"name":"PGO Zuid BV","chain_role":"pgo"}`,
				status: http.StatusCreated, contains: []string{`"name": "PGO Zuid BV"`, `"commitment": "benaderd"`}, headers: map[string]string{"Location": "/organisations/"},
				check: remember("oid", "id")},
			{name: "choice needs options", as: "lead", method: "POST", url: hk + "/questions", body: `{"label":"Versie?","kind":"choice","options":["R4"]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"options"`}},
			{name: "add question", as: "lead", method: "POST", url: hk + "/questions", body: `{"label":"Welke FHIR-versie?","kind":"choice","options":["STU3","R4"],"required":true}`,
				status: http.StatusCreated, contains: []string{`"position": 1`, `"R4"`}, check: remember("qid", "id")},
			{name: "list questions", as: "tech", method: "GET", url: hk + "/questions", status: http.StatusOK, contains: []string{"Welke FHIR-versie?"}},
			{name: "change question", as: "lead", method: "PUT", url: hk + "/questions/{qid}", body: `{"label":"Laptop mee?","kind":"yesno"}`,
				status: http.StatusOK, contains: []string{`"kind": "yesno"`, `"options": []`}},
			{name: "unknown day", as: "lead", method: "POST", url: hk + "/organisations/{oid}/people", body: `{"name":"Vera","email":"vera@pgo.example","attend_days":[5]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"attend_days"`}},
			{name: "add person", as: "lead", method: "POST", url: hk + "/organisations/{oid}/people",
				body:   `{"name":"Vera Visser","email":"Vera@pgo.example","job_title":"Architect","dietary":"vegetarisch","attend_kickoff":true,"attend_days":[1],"is_issue_owner":true}`,
				status: http.StatusCreated, contains: []string{`"status": "confirmed"`, `"email": "vera@pgo.example"`, `"is_issue_owner": true`}, check: remember("pid", "id")},
			{name: "same address twice", as: "lead", method: "POST", url: hk + "/organisations/{oid}/people", body: `{"name":"Vera 2","email":"vera@pgo.example"}`,
				status: http.StatusBadRequest, contains: []string{`"field":"email"`}},
			{name: "second issue owner takes over", as: "lead", method: "POST", url: hk + "/organisations/{oid}/people",
				body: `{"name":"Wim","email":"wim@pgo.example","is_issue_owner":true,"is_contact":true}`, status: http.StatusCreated, check: remember("wim", "id")},
			{name: "organisation shows one issue owner", as: "tech", method: "GET", url: hk + "/organisations/{oid}", status: http.StatusOK,
				contains: []string{`"contact_ids": [`, `"confirmed": 2`}, check: func(t *testing.T, e *env, r response) {
					owner, _ := r.json(t)["issue_owner"].(map[string]any)
					if owner["name"] != "Wim" {
						t.Fatalf("issue owner %v, want Wim", owner["name"])
					}
				}},
			{name: "update organisation", as: "lead", method: "PUT", url: hk + "/organisations/{oid}", body: `{"name":"PGO Zuid BV","chain_roles":["pgo","dva"],"product":"MijnDossier","product_version":"4.2"}`,
				status: http.StatusOK, contains: []string{`"chain_roles": [`, `"dva"`, `"product_version": "4.2"`}},
			{name: "organisation needs a role", as: "lead", method: "PUT", url: hk + "/organisations/{oid}", body: `{"name":"PGO Zuid BV","chain_roles":[]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"chain_roles"`}},
			{name: "list organisations", as: "tech", method: "GET", url: hk + "/organisations", status: http.StatusOK, contains: []string{"MijnDossier", "Vera Visser"}},
			{name: "update person", as: "lead", method: "PUT", url: hk + "/organisations/{oid}/people/{pid}", body: `{"name":"Vera Visser","email":"vera@pgo.example","dietary":"Vegetarisch","attend_days":[1],"answers":{"{qid}":"Ja"}}`,
				status: http.StatusOK, contains: []string{`"attend_kickoff": false`, `"{qid}": "ja"`}},
			{name: "answer checked", as: "lead", method: "PUT", url: hk + "/organisations/{oid}/people/{pid}", body: `{"name":"Vera Visser","email":"vera@pgo.example","answers":{"{qid}":"misschien"}}`,
				status: http.StatusBadRequest, contains: []string{`"field":"q_{qid}"`}},
			{name: "list registrations", as: "tech", method: "GET", url: hk + "/registrations?status=confirmed", status: http.StatusOK, contains: []string{"Vera Visser", "Wim"}},
			{name: "get registration", as: "tech", method: "GET", url: hk + "/registrations/{pid}", status: http.StatusOK, contains: []string{`"organisation": "PGO Zuid BV"`}},
			{name: "unknown registration", as: "tech", method: "GET", url: hk + "/registrations/999999", status: http.StatusNotFound},
			{name: "bad status", as: "lead", method: "POST", url: hk + "/registrations/{pid}/status", body: `{"status":"pending"}`, status: http.StatusBadRequest},
			{name: "cancel", as: "lead", method: "POST", url: hk + "/registrations/{wim}/status", body: `{"status":"cancelled"}`, status: http.StatusOK,
				contains: []string{`"status": "cancelled"`}},
			{name: "catering", as: "tech", method: "GET", url: hk + "/catering", status: http.StatusOK,
				contains: []string{`"day": 0`, `"day": 1`, `"diet": "Vegetarisch"`}},
			{name: "view role may not create accounts", as: "tech", method: "POST", url: hk + "/accounts", body: `{}`, status: http.StatusForbidden},
			{name: "create accounts", as: "lead", method: "POST", url: hk + "/accounts", body: `{}`, status: http.StatusOK,
				contains: []string{`"created": 1`, `"granted": 0`, `"skipped": 0`}},
			{name: "registration shows the invitation", as: "tech", method: "GET", url: hk + "/registrations/{pid}", status: http.StatusOK, contains: []string{`"account": "invited"`}},
			{name: "again creates nothing", as: "lead", method: "POST", url: hk + "/accounts", status: http.StatusOK,
				contains: []string{`"created": 0`, `"skipped": 1`}},
			{name: "delete question", as: "lead", method: "DELETE", url: hk + "/questions/{qid}", status: http.StatusNoContent},
			{name: "deleted question is gone", as: "lead", method: "DELETE", url: hk + "/questions/{qid}", status: http.StatusNotFound},
		}, doc)
		var invites, members int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Je account%'").Scan(&invites)
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'vera@pgo.example' AND m.role = 'deelnemer' AND m.organisation_id = ?", e.vars["oid"]).Scan(&members)
		if invites != 1 || members != 1 {
			t.Fatalf("%d invitations, %d deelnemer grants; want 1 and 1", invites, members)
		}
	})
}
