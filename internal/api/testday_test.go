package api_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestTestdayAPI: the snelcheck matrix and decision, the schedule, the
// scenarios and the results over the API, each response checked against
// the OpenAPI document; a participant records only for its own pairs, a
// result for a pair that was not scheduled names the field.
func TestTestdayAPI(t *testing.T) {
	doc := loadDoc(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		lead := e.users["lead"].ID
		svc := testday.NewService(db, nil, nil)
		if _, err := db.Exec(ctx, "INSERT INTO hackathon_services (hackathon_id, service_id, name, fhir_version) VALUES (?, '48', 'BgZ', 'STU3')", hid); err != nil {
			t.Fatal(err)
		}
		pgo, _ := strconv.ParseInt(e.vars["org"], 10, 64)
		dva, _ := svc.Hackathons.CreateOrganisation(ctx, "Oost DVA", "dva")
		other, _ := svc.Hackathons.CreateOrganisation(ctx, "Ander PGO", "pgo")
		now := time.Now()
		for i, org := range []int64{pgo, dva, other} {
			if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
				VALUES (?, ?, 'pgo', 'P', ?, 'nl', 'confirmed', ?, ?, ?)`, hid, org, "p"+strconv.Itoa(i)+"@x.example", "h"+strconv.Itoa(i), now, now); err != nil {
				t.Fatal(err)
			}
		}
		svc.DrawUp(ctx, hid, lead)
		if _, err := svc.ApplyAll(ctx, hid, lead); err != nil {
			t.Fatal(err)
		}
		for _, org := range []int64{pgo, dva, other} {
			svc.Decide(ctx, hid, org, "go", "ok", lead)
		}
		r1, err := svc.AddRound(ctx, hid, testday.RoundInput{Day: 1, Start: "10:00", End: "11:00"}, lead)
		if err != nil {
			t.Fatal(err)
		}
		r2, _ := svc.AddRound(ctx, hid, testday.RoundInput{Day: 1, Start: "11:00", End: "12:00"}, lead)
		own, err := svc.AddPair(ctx, hid, testday.PairInput{RoundID: r1.ID, PGO: pgo, DVA: dva}, lead)
		if err != nil {
			t.Fatal(err)
		}
		foreign, _ := svc.AddPair(ctx, hid, testday.PairInput{RoundID: r2.ID, PGO: other, DVA: dva}, lead)
		sc, _ := svc.CreateFromTemplate(ctx, hid, "technical", "48@STU3", lead)
		svc.Advance(ctx, hid, sc.ID, testday.ScenarioReviewed, "Nictiz", lead)
		svc.Advance(ctx, hid, sc.ID, testday.ScenarioFinal, "", lead)
		e.vars["own"], e.vars["foreign"] = strconv.FormatInt(own, 10), strconv.FormatInt(foreign, 10)
		e.vars["step"], e.vars["dva"] = strconv.FormatInt(sc.Steps[0].ID, 10), strconv.FormatInt(dva, 10)
		e.vars["scenario"] = strconv.FormatInt(sc.ID, 10)
		e.run(t, []scenario{
			{name: "matrix", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/snelcheck", status: 200, contains: []string{`"participants": 3`, "Oost DVA"}},
			{name: "matrix as participant", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}/snelcheck", status: 403},
			{name: "decision without reason", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/snelcheck/participants/{dva}/decision", body: `{"outcome":"go"}`, status: 400, contains: []string{"reason"}},
			{name: "decision", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/snelcheck/participants/{dva}/decision", body: `{"outcome":"eigen_risico","reason":"TLS verloopt"}`, status: 200, contains: []string{"eigen_risico"}},
			{name: "rounds", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/rounds", status: 200, contains: []string{"Ander PGO", `"table": 1`}},
			{name: "scenarios for a participant", as: "participant", method: "GET", url: "/api/v1/hackathons/{hid}/scenarios", status: 200, contains: []string{`"status": "final"`}},
			{name: "result for another pair", as: "participant", method: "POST", url: "/api/v1/hackathons/{hid}/results", body: `{"pair_id":{foreign},"step_id":{step},"outcome":"geslaagd"}`, status: 404},
			{name: "result for an unscheduled pair", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/results", body: `{"pair_id":999999,"step_id":{step},"outcome":"geslaagd"}`, status: 400, contains: []string{"pair_id"}},
			{name: "result", as: "participant", method: "POST", url: "/api/v1/hackathons/{hid}/results", body: `{"pair_id":{own},"step_id":{step},"outcome":"gefaald","note":"token geweigerd"}`, status: 201, contains: []string{`"outcome": "gefaald"`, `"recorded_by": "User participant"`}},
			{name: "results", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/results", status: 200, contains: []string{"token geweigerd"}},
			{name: "results matrix", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/results/matrix", status: 200, contains: []string{`"recorded": 1`}},
			{name: "table with too few seats", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/rounds/tables", body: `{"table":1,"seats":1}`, status: 400, contains: []string{"seats"}},
			{name: "table", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/rounds/tables", body: `{"table":1,"seats":6,"power":false}`, status: 200, contains: []string{`"seats": 6`, `"power": false`}},
			{name: "tables", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/rounds/tables", status: 200, contains: []string{`"seats": 6`}},
			{name: "tables as participant", as: "participant", method: "POST", url: "/api/v1/hackathons/{hid}/rounds/tables", body: `{"table":1,"seats":9}`, status: 403},
			{name: "final list", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/snelcheck/final-list", body: `{}`, status: 200, contains: []string{`"organisations": 3`, `"milestone": "3B"`}},
			{name: "re-run for day 1", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/rounds/days/1/snelcheck", body: `{}`, status: 400, contains: []string{"day_number"}},
			{name: "scenario dossiers", as: "lead", method: "GET", url: "/api/v1/hackathons/{hid}/scenarios/{scenario}/dossiers", status: 200, contains: []string{"[]"}},
			{name: "link dossiers to a final scenario", as: "lead", method: "POST", url: "/api/v1/hackathons/{hid}/scenarios/{scenario}/dossiers", body: `{"dossier_version_ids":[]}`, status: 400, contains: []string{"status"}},
		}, doc)
	})
}
