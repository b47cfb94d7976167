package testday_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testday"
)

type fixture struct {
	db                    *store.DB
	svc                   *testday.Service
	h                     *hackathon.Hackathon
	lead, tech, test, rel int64
	users                 map[string]int64
	orgs                  map[string]int64
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, users: map[string]int64{}, orgs: map[string]int64{}}
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	for _, n := range []string{"lead", "tech", "test", "rel", "pgo", "dva", "zorg"} {
		u, err := accounts.Create(ctx, account.NewUser{Email: n + "@example.org", Name: "User " + n, Password: "long enough pw", CanCreateHackathon: n == "lead"})
		if err != nil {
			t.Fatal(err)
		}
		f.users[n] = u.ID
	}
	f.lead, f.tech, f.test, f.rel = f.users["lead"], f.users["tech"], f.users["test"], f.users["rel"]
	outbox := comms.NewOutbox(db, jobs.NewQueue(db), "Ketentest <noreply@ketentest.example>")
	f.svc = testday.NewService(db, outbox, &pgoclient.Policy{})
	h, err := f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}, {ServiceID: "63", Name: "Vaccinaties", FHIRVersion: "R4"}}}, f.lead)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	for role, n := range map[string]string{"technisch": "tech", "test": "test", "relatiemanager": "rel"} {
		if err := f.svc.Hackathons.AddMember(ctx, h.ID, f.users[n], role, 0, f.lead); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Hackathons.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, f.lead); err != nil {
		t.Fatal(err)
	}
	return f
}

// org adds an organisation with one confirmed registration and, when user
// is set, that user as a participant member of it.
func (f *fixture) org(t testing.TB, name, role, email, user string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := f.svc.Hackathons.CreateOrganisation(ctx, name, role)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := f.db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, ?, ?, ?, ?, 'nl', 'confirmed', ?, ?, ?)`, f.h.ID, id, role, "Contact "+name, email, "hash-"+email, now, now); err != nil {
		t.Fatal(err)
	}
	if user != "" {
		if err := f.svc.Hackathons.AddMember(ctx, f.h.ID, f.users[user], "deelnemer", id, f.lead); err != nil {
			t.Fatal(err)
		}
	}
	f.orgs[name] = id
	return id
}

func (f *fixture) milestone(t testing.TB, code string) hackathon.Status {
	t.Helper()
	ms, err := f.svc.Hackathons.Milestones(context.Background(), f.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Code == code {
			return m.Status
		}
	}
	t.Fatalf("no milestone %s", code)
	return ""
}
