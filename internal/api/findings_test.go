package api_test

import (
	"net/http"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
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
