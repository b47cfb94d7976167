package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestNewHackathonIsNotLate (#11 item 9): a hackathon created today with
// its kick-off two weeks away shows no milestone "te laat"; its early
// milestones are planned forward from today (none before today, the
// blueprint's order kept within an anchor) and the page says why. A
// hackathon created in time keeps the blueprint's dates and has no note.
func TestNewHackathonIsNotLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		lead := e.users[string(blueprint.RoleProjectleider)]
		today := date.Of(time.Now())
		soon, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "SNEL", Name: "Snelle hackathon", Variant: "technisch",
			Kickoff: today.AddDays(14), Days: []date.Date{today.AddDays(30)}}, lead.ID)
		if err != nil {
			t.Fatal(err)
		}
		status, body, _ := e.do(string(blueprint.RoleProjectleider), "GET", fmt.Sprintf("/hackathons/%d", soon.ID), "", "")
		if status != http.StatusOK {
			t.Fatalf("hackathon page: %d", status)
		}
		if strings.Contains(body, "te laat") {
			t.Error("a hackathon created today shows milestones te laat")
		}
		if !strings.Contains(body, `id="planned-forward"`) || !strings.Contains(body, "vooruit gepland") {
			t.Error("the page does not say the planning was moved forward")
		}
		ms, err := e.srv.Hackathons.Milestones(ctx, soon.ID)
		if err != nil {
			t.Fatal(err)
		}
		due := map[string]date.Date{}
		for _, m := range ms {
			if m.Iteration == 1 {
				due[m.Code] = m.Due
			}
			if !m.Due.IsZero() && m.Due.Before(today) {
				t.Errorf("%s is due %s, before today %s", m.Code, m.Due, today)
			}
		}
		// within the kick-off's window the blueprint's order holds
		var prev blueprint.Milestone
		for _, m := range blueprint.Milestones() {
			if m.DueRelativeTo != blueprint.DueKickoff {
				continue
			}
			if prev.ID != "" && prev.DueOffsetDays < m.DueOffsetDays && due[m.ID].Before(due[prev.ID]) {
				t.Errorf("%s (%d) is due %s before %s (%d) at %s", m.ID, m.DueOffsetDays, due[m.ID], prev.ID, prev.DueOffsetDays, due[prev.ID])
			}
			if m.DueOffsetDays <= 0 && today.AddDays(14).Before(due[m.ID]) {
				t.Errorf("%s is due %s, after the kick-off it precedes", m.ID, due[m.ID])
			}
			prev = m
		}

		// Created in time: the blueprint's own dates, no note.
		kick := today.AddDays(200)
		later, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "OPTIJD", Name: "Op tijd", Variant: "technisch",
			Kickoff: kick, Days: []date.Date{kick.AddDays(40)}}, lead.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ = e.do(string(blueprint.RoleProjectleider), "GET", fmt.Sprintf("/hackathons/%d", later.ID), "", "")
		if strings.Contains(body, `id="planned-forward"`) {
			t.Error("a hackathon created in time says its planning was moved")
		}
		ms, _ = e.srv.Hackathons.Milestones(ctx, later.ID)
		for _, m := range ms {
			bp, _ := blueprint.MilestoneByID(m.Code)
			if m.Iteration == 1 && bp.DueRelativeTo == blueprint.DueKickoff && m.Due != kick.AddDays(bp.DueOffsetDays) {
				t.Errorf("%s due %s, the blueprint says %s", m.Code, m.Due, kick.AddDays(bp.DueOffsetDays))
			}
		}
	})
}
