package api_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var apiConfirmRe = regexp.MustCompile(`/register/confirm/([0-9a-f]+)`)

// TestRegistrationApprovalAPI: self-registrations with the existing Vendor
// BV wait for approval; the API shows the state, approves one, rejects one
// in bulk, and create accounts then gives only the approved one the role.
func TestRegistrationApprovalAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		doc := loadDoc(t)
		ctx := context.Background()
		hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		h, err := hackathon.NewService(db).Get(ctx, hid)
		if err != nil {
			t.Fatal(err)
		}
		ps := participant.NewService(db, comms.NewOutbox(db, jobs.NewQueue(db), "hackathon@example.org"))
		if err := ps.SaveSettings(ctx, hid, participant.Settings{Open: true, PrivacyText: "Privacy."}, 0); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"mallory@gmail.com", "kees@elsewhere.example"} {
			res, err := ps.Register(ctx, h, participant.Input{Organisation: "Vendor BV", ChainRole: "pgo", Name: who, Email: who, Consent: true}, "http://x")
			if err != nil {
				t.Fatal(err)
			}
			var body string
			db.QueryRow(ctx, "SELECT body FROM outbox WHERE recipient = ?", who).Scan(&body)
			if _, err := ps.Confirm(ctx, h, apiConfirmRe.FindStringSubmatch(body)[1], "http://x"); err != nil {
				t.Fatal(err)
			}
			e.vars[who[:4]] = strconv.FormatInt(res.ID, 10)
		}
		const hk = "/api/v1/hackathons/{hid}"
		e.run(t, []scenario{
			{name: "state shown", as: "tech", method: "GET", url: hk + "/registrations/{mall}", status: http.StatusOK,
				contains: []string{`"approval": "pending"`, `"approval_basis": ""`, `"organisation": "Vendor BV"`}},
			{name: "accounts skip waiting registrations", as: "lead", method: "POST", url: hk + "/accounts", body: `{}`, status: http.StatusOK,
				contains: []string{`"created": 0`, `"awaiting_approval": 2`}},
			{name: "view role may not approve", as: "tech", method: "POST", url: hk + "/registrations/{kees}/approval", body: `{"decision":"approve"}`, status: http.StatusForbidden},
			{name: "participant may not approve", as: "participant", method: "POST", url: hk + "/registrations/{kees}/approval", body: `{"decision":"approve"}`, status: http.StatusForbidden},
			{name: "unknown decision", as: "lead", method: "POST", url: hk + "/registrations/{kees}/approval", body: `{"decision":"maybe"}`,
				status: http.StatusBadRequest, contains: []string{`"field":"decision"`}},
			{name: "reject needs a reason", as: "lead", method: "POST", url: hk + "/registrations/approval", body: `{"decision":"reject","ids":[{mall}]}`,
				status: http.StatusBadRequest, contains: []string{`"field":"reason"`}},
			{name: "unknown registration", as: "lead", method: "POST", url: hk + "/registrations/999999/approval", body: `{"decision":"approve"}`, status: http.StatusNotFound},
			{name: "approve", as: "lead", method: "POST", url: hk + "/registrations/{kees}/approval", body: `{"decision":"approve"}`, status: http.StatusOK,
				contains: []string{`"approval": "approved"`, `"approval_basis": "organiser"`}},
			{name: "approve twice is a conflict", as: "lead", method: "POST", url: hk + "/registrations/{kees}/approval", body: `{"decision":"approve"}`, status: http.StatusConflict},
			{name: "bulk reject", as: "lead", method: "POST", url: hk + "/registrations/approval", body: `{"decision":"reject","reason":"Niet bekend bij Vendor BV","ids":[{mall},{kees}]}`,
				status: http.StatusOK, contains: []string{`"changed": 1`, `"skipped": 1`}},
			{name: "rejected is cancelled", as: "tech", method: "GET", url: hk + "/registrations/{mall}", status: http.StatusOK,
				contains: []string{`"approval": "rejected"`, `"status": "cancelled"`, `"approval_reason": "Niet bekend bij Vendor BV"`}},
			{name: "second run creates the approved account", as: "lead", method: "POST", url: hk + "/accounts", body: `{}`, status: http.StatusOK,
				contains: []string{`"created": 1`, `"awaiting_approval": 0`}},
		}, doc)
		var attacker, kees int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'mallory@gmail.com'").Scan(&attacker)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'kees@elsewhere.example' AND m.organisation_id = ?", e.vars["org"]).Scan(&kees)
		if attacker != 0 || kees != 1 {
			t.Fatalf("attacker roles %d, approved roles %d", attacker, kees)
		}
	})
}
