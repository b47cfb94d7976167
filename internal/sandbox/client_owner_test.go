package sandbox

import (
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRegisterOwnedClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		users := newUsers(t, db, 4)
		h1 := newHackathon(t, db, "ONE", "Een", users[0])
		h2 := newHackathon(t, db, "TWO", "Twee", users[0])
		hs := hackathon.NewService(db)
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
