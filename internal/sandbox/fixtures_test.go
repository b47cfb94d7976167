package sandbox

import (
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// newUsers makes n accounts (a@example.org, b@example.org, …) that may
// create hackathons, hashed cheaply, and returns their ids.
func newUsers(t testing.TB, db *store.DB, n int) []int64 {
	t.Helper()
	accts := account.NewService(db)
	accts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	ids := make([]int64, n)
	for i := range ids {
		u, err := accts.Create(t.Context(), account.NewUser{Email: string(rune('a'+i)) + "@example.org", Name: "U", Password: "long enough pw", CanCreateHackathon: true})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = u.ID
	}
	return ids
}

// newHackathon makes a technical hackathon with the given code, led by lead.
func newHackathon(t testing.TB, db *store.DB, code, name string, lead int64) *hackathon.Hackathon {
	t.Helper()
	h, err := hackathon.NewService(db).Create(t.Context(), hackathon.Input{Code: code, Name: name, Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
