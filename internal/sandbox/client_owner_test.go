package sandbox

import (
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRegisterOwnedClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		accts := account.NewService(db)
		accts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		var users [4]int64
		for i := range users {
			u, err := accts.Create(ctx, account.NewUser{Email: string(rune('a'+i)) + "@example.org", Name: "U", Password: "long enough pw", CanCreateHackathon: true})
			if err != nil {
				t.Fatal(err)
			}
			users[i] = u.ID
		}
		hs := hackathon.NewService(db)
		h1, err := hs.Create(ctx, hackathon.Input{Code: "ONE", Name: "Een", Variant: "technisch", Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, users[0])
		if err != nil {
			t.Fatal(err)
		}
		h2, err := hs.Create(ctx, hackathon.Input{Code: "TWO", Name: "Twee", Variant: "technisch", Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, users[0])
		if err != nil {
			t.Fatal(err)
		}
		orgA, _ := hs.CreateOrganisation(ctx, "PGO A", "pgo")
		orgB, _ := hs.CreateOrganisation(ctx, "PGO B", "pgo")
		c := Client{ClientID: "pgo-a.example", Name: "A", RedirectURIs: []string{"https://pgo-a.example/cb"}, HackathonID: h1.ID}
		if err := RegisterOwnedClient(ctx, db, c, Owner{UserID: users[1], OrganisationID: orgA}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			c    Client
			o    Owner
			ok   bool
		}{
			{"the registrant", c, Owner{UserID: users[1]}, true},
			{"a colleague", c, Owner{UserID: users[2], OrganisationID: orgA}, true},
			{"another organisation", c, Owner{UserID: users[3], OrganisationID: orgB}, false},
			{"a manager", c, Owner{UserID: users[3], Manager: true}, true},
			{"another hackathon", Client{ClientID: c.ClientID, RedirectURIs: c.RedirectURIs, HackathonID: h2.ID}, Owner{UserID: users[1], OrganisationID: orgA, Manager: true}, false},
		} {
			err := RegisterOwnedClient(ctx, db, tc.c, tc.o)
			if tc.ok && err != nil || !tc.ok && !errors.Is(err, ErrClientTaken) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		list, err := HackathonClientList(ctx, db, h1.ID)
		if err != nil || len(list) != 1 || list[0].Organisation != "PGO A" || list[0].RedirectURIs[0] != "https://pgo-a.example/cb" {
			t.Errorf("list %+v %v", list, err)
		}
		if err := RegisterOwnedClient(ctx, db, Client{ClientID: "x" + ReservedClientSuffix, RedirectURIs: c.RedirectURIs, HackathonID: h1.ID}, Owner{UserID: users[1], Manager: true}); err == nil {
			t.Error("a reserved client id was accepted")
		}
	})
}
