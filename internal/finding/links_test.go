package finding_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// A finding can only link evidence its author may see: a reference PGO
// exchange of someone else's run, or DVA traffic of another party's client,
// is refused (issue #9 item 11), as is evidence of another hackathon.
func TestCreateRefusesLinksTheAuthorCannotSee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		acc := account.NewService(db)
		acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		hs := hackathon.NewService(db)
		user := func(name, role string, org int64) int64 {
			u, err := acc.Create(ctx, account.NewUser{Email: name + "@example.org", Name: name, Password: "long enough pw"})
			if err != nil {
				t.Fatal(err)
			}
			if err := hs.AddMember(ctx, fx.hid, u.ID, role, org, fx.user); err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		alice := user("alice", "deelnemer", fx.orgA)
		bob := user("bob", "deelnemer", fx.orgB)
		logger := user("logger", "loggingteam", 0)
		other, err := hs.Create(ctx, hackathon.Input{Code: "OTHER", Name: "Other", Variant: "technisch"}, fx.user)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		pgoExchange := func(hid, by int64, state string) int64 {
			run, err := db.Insert(ctx, `INSERT INTO pgo_runs (hackathon_id, created_by, target, service_id, authorize_url, token_url, fhir_base,
				client_id, redirect_uri, scope, state_hash, binding_hash, correlation_id, status, created_at)
				VALUES (?, ?, 'sandbox', '48', 'a', 't', 'f', 'c', 'r', 's', ?, 'b', 'corr', 'done', ?)`, hid, by, state, now)
			if err != nil {
				t.Fatal(err)
			}
			x, err := db.Insert(ctx, `INSERT INTO pgo_exchanges (run_id, seq, step, at, method, url) VALUES (?, 1, 'search', ?, 'GET', 'http://dva/fhir/Patient')`, run, now)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		alicesRun := pgoExchange(fx.hid, alice, "s1")
		otherRun := pgoExchange(other.ID, fx.user, "s2")
		traffic := func(hid, by, org int64, client string) int64 {
			if _, err := db.Exec(ctx, `INSERT INTO sandbox_clients (client_id, redirect_uris, hackathon_id, registered_by, organisation_id, created_at)
				VALUES (?, 'https://pgo.example/cb', ?, ?, ?, ?)`, client, hid, store.NullID(by), store.NullID(org), now); err != nil {
				t.Fatal(err)
			}
			x, err := db.Insert(ctx, `INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us) VALUES (?, ?, 'GET', '/48/fhir/Patient', 200, 1)`, now, client)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		alicesTraffic := traffic(fx.hid, alice, fx.orgA, "alice.pgo")
		otherTraffic := traffic(other.ID, fx.user, 0, "other.pgo")

		for _, tc := range []struct {
			name  string
			by    int64
			in    finding.Input
			field string // "" = accepted
		}{
			{"own PGO run", alice, finding.Input{PGOExchangeID: alicesRun}, ""},
			{"another participant's PGO run", bob, finding.Input{PGOExchangeID: alicesRun}, "pgo_exchange_id"},
			{"logging team sees every run", logger, finding.Input{PGOExchangeID: alicesRun}, ""},
			{"PGO run of another hackathon", fx.user, finding.Input{PGOExchangeID: otherRun}, "pgo_exchange_id"},
			{"unknown PGO exchange", logger, finding.Input{PGOExchangeID: 999999}, "pgo_exchange_id"},
			{"own client's traffic", alice, finding.Input{ExchangeID: alicesTraffic}, ""},
			{"another party's client traffic", bob, finding.Input{ExchangeID: alicesTraffic}, "exchange_id"},
			{"logging team sees all traffic", logger, finding.Input{ExchangeID: alicesTraffic}, ""},
			{"traffic of another hackathon", fx.user, finding.Input{ExchangeID: otherTraffic}, "exchange_id"},
			{"unknown exchange", logger, finding.Input{ExchangeID: 999999}, "exchange_id"},
			{"negative exchange", logger, finding.Input{ExchangeID: -1}, "exchange_id"},
		} {
			tc.in.Title = tc.name
			f, _, err := fx.svc.Create(ctx, fx.hid, tc.in, tc.by)
			if tc.field == "" {
				if err != nil {
					t.Errorf("%s: refused: %v", tc.name, err)
				} else if f.PGOExchangeID != tc.in.PGOExchangeID || f.ExchangeID != tc.in.ExchangeID {
					t.Errorf("%s: links not kept: %+v", tc.name, f)
				}
				continue
			}
			fs := apperr.Fields(err)
			if len(fs) == 0 || fs[0].Field != tc.field {
				t.Errorf("%s: got %v, want a refusal at %s", tc.name, err, tc.field)
			}
		}
	})
}
