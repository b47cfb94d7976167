package api_test

import (
	"net/http"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestFindingNotificationsAndFiltersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		doc := loadDoc(t)
		const h = "/api/v1/hackathons/{hid}"
		const f = h + "/findings"
		e.run(t, []scenario{
			{name: "log", as: "lead", method: "POST", url: f, body: `{"title":"Via API","organisation_ids":[{org}]}`, status: http.StatusCreated, check: remember("fid", "id")},
			{name: "assign the actor", as: "admin", method: "POST", url: f + "/{fid}/triage", body: `{"actor_organisation_id":{org}}`, status: http.StatusOK},
			{name: "the actor organisation's member is notified", as: "participant", method: "GET", url: h + "/notifications", status: http.StatusOK,
				contains: []string{`"unread": 1`, `"kind": "assigned"`, `"detail": "Vendor BV"`, `"finding_key": "TEST-1"`, `"by": "User admin"`}, absent: []string{`"kind": "status"`}},
			{name: "not the one who made the change", as: "admin", method: "GET", url: h + "/notifications", status: http.StatusOK, contains: []string{`"unread": 0`, `"items": []`}},
			{name: "unread only", as: "participant", method: "GET", url: h + "/notifications?unread=1", status: http.StatusOK, contains: []string{`"read": false`}, absent: []string{`"read": true`}},
			{name: "unknown field", as: "participant", method: "POST", url: h + "/notifications/read", body: `{"bogus":1}`, status: http.StatusBadRequest},
			{name: "unknown notification", as: "participant", method: "POST", url: h + "/notifications/read", body: `{"id":999999}`, status: http.StatusNotFound},
			{name: "mark all read", as: "participant", method: "POST", url: h + "/notifications/read", body: `{}`, status: http.StatusOK, contains: []string{`"unread": 0`}},
			{name: "e-mail off", as: "participant", method: "PUT", url: h + "/notifications/settings", body: `{"email":false}`, status: http.StatusOK, contains: []string{`"email": false`}},
			{name: "watching as a member of the actor", as: "participant", method: "PUT", url: f + "/{fid}/watch", body: `{"watching":true}`, status: http.StatusOK, contains: []string{`"watching": true`}},
			{name: "unwatch", as: "participant", method: "PUT", url: f + "/{fid}/watch", body: `{"watching":false}`, status: http.StatusOK, contains: []string{`"watching": false`}},
			{name: "watch an unknown finding", as: "participant", method: "PUT", url: f + "/999999/watch", body: `{"watching":true}`, status: http.StatusNotFound},
			{name: "no role, no notifications", as: "nobody", method: "GET", url: h + "/notifications", status: http.StatusForbidden},
			{name: "stream needs Accept", as: "participant", method: "GET", url: f + "/events", status: http.StatusNotAcceptable},

			{name: "save a filter", as: "lead", method: "POST", url: h + "/finding-filters", body: `{"name":"Hoog","query":"severity=hoog&x=1"}`,
				status: http.StatusCreated, contains: []string{`"query": "severity=hoog"`}, headers: map[string]string{"Location": "/findings?severity=hoog"}, check: remember("sfid", "id")},
			{name: "name missing", as: "lead", method: "POST", url: h + "/finding-filters", body: `{"name":" ","query":"severity=hoog"}`, status: http.StatusBadRequest, contains: []string{`"field":"name"`}},
			{name: "list", as: "lead", method: "GET", url: h + "/finding-filters", status: http.StatusOK, contains: []string{`"name": "Hoog"`}},
			{name: "not another user's", as: "participant", method: "GET", url: h + "/finding-filters", status: http.StatusOK, contains: []string{`"items": []`}},
			{name: "another user cannot delete", as: "participant", method: "DELETE", url: h + "/finding-filters/{sfid}", status: http.StatusNotFound},
			{name: "delete", as: "lead", method: "DELETE", url: h + "/finding-filters/{sfid}", status: http.StatusNoContent},
		}, doc)
	})
}
