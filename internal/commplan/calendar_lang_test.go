package commplan_test

import (
	"context"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestProposalTitlesInTheUsersLanguage: the calendar proposes its items
// with the moment's title in the proposer's language, Dutch or English.
func TestProposalTitlesInTheUsersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := db.Exec(ctx, "UPDATE users SET language = 'en' WHERE id = ?", f.comm); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		items, err := f.svc.Calendar(ctx, f.h.ID)
		if err != nil || len(items) != plannable() {
			t.Fatalf("%d items, %v", len(items), err)
		}
		for _, it := range items {
			m, _ := blueprint.CommMomentByKey(it.Moment)
			if it.Title != m.Title.EN || m.Title.EN == m.Title.NL {
				t.Errorf("%s: title %q, want %q", it.Moment, it.Title, m.Title.EN)
			}
		}
		// The page's language wins over the account's.
		other, err := f.svc.Hackathons.Create(ctx, hackathonInput("NL2"), f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ProposeCalendarIn(ctx, other.ID, "nl", f.comm); err != nil {
			t.Fatal(err)
		}
		items, _ = f.svc.Calendar(ctx, other.ID)
		for _, it := range items {
			if m, _ := blueprint.CommMomentByKey(it.Moment); it.Title != m.Title.NL {
				t.Errorf("%s: title %q, want %q", it.Moment, it.Title, m.Title.NL)
			}
		}
		if len(items) != plannable() {
			t.Fatalf("%d Dutch items", len(items))
		}
	})
}

func hackathonInput(code string) hackathon.Input {
	return hackathon.Input{Code: code, Name: "Hackathon " + code, Variant: "functioneel", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}
}
