package commplan_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func milestoneOf(t *testing.T, f *fixture, code string) *hackathon.Milestone {
	t.Helper()
	ms, err := f.svc.Hackathons.Milestones(context.Background(), f.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Code == code {
			return m
		}
	}
	t.Fatalf("no milestone %s", code)
	return nil
}

// TestSendMarksTheMilestoneDone: sending the kick-off invitation to every
// recipient sets milestone 2F to gereed through the hackathon service (so
// its audit trail names who did it); before the client's go it is told,
// not done. Publishing the look-back news item completes 6C, and marking a
// message on another channel as sent completes its milestone too.
func TestSendMarksTheMilestoneDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.register(t, "Jan Jansen", "jan@zorg-oost.example", "Zorg Oost", "zorgaanbieder", "confirmed", "nl")
		if _, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		byMoment := map[string]commplan.Item{}
		items, _ := f.svc.Calendar(ctx, f.h.ID)
		for _, it := range items {
			byMoment[it.Moment] = it
		}
		kickoff := byMoment["kickoff_invitation"]
		res, err := f.svc.Send(ctx, f.h.ID, kickoff.ID, "https://ketentest.example", f.comm)
		if err != nil || res.Queued != 1 {
			t.Fatalf("send: %+v %v", res, err)
		}
		if res.Milestone == nil || res.Milestone.Done || res.Milestone.Milestone != "2F" || res.Milestone.Reason == "" {
			t.Fatalf("before the go: %+v", res.Milestone)
		}
		if m := milestoneOf(t, f, "2F"); m.Status == hackathon.StatusKlaar {
			t.Fatal("2F done before the client's go")
		}
		if _, err := f.svc.Hackathons.RecordDecision(ctx, f.h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "Startnotitie akkoord", DecidedOn: date.New(2026, 11, 20)}, f.lead); err != nil {
			t.Fatal(err)
		}
		// Sending again reaches nobody new, and everyone has it: 2F is done.
		res, err = f.svc.Send(ctx, f.h.ID, kickoff.ID, "https://ketentest.example", f.comm)
		if err != nil || res.Queued != 0 || res.Skipped != 1 || res.Milestone == nil || !res.Milestone.Done {
			t.Fatalf("send after the go: %+v %+v %v", res, res.Milestone, err)
		}
		m := milestoneOf(t, f, "2F")
		if m.Status != hackathon.StatusKlaar {
			t.Fatalf("2F status %s", m.Status)
		}
		trail, err := audit.For(ctx, db, "milestone", strconv.FormatInt(m.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range trail {
			found = found || (e.To == string(hackathon.StatusKlaar) && e.UserID == f.comm)
		}
		if !found {
			t.Fatalf("audit trail of 2F lacks the change by the sender: %+v", trail)
		}
		// Already done: nothing more to tell.
		if res, _ := f.svc.Send(ctx, f.h.ID, kickoff.ID, "https://ketentest.example", f.comm); res.Milestone != nil {
			t.Fatalf("done twice: %+v", res.Milestone)
		}

		// A news item published for 6C completes it.
		n, err := f.svc.CreateNews(ctx, f.h.ID, commplan.NewsInput{Milestone: "6C", Title: "Terugblik", Body: "Het was goed."}, f.comm)
		if err != nil || n.MilestoneMarked != nil {
			t.Fatalf("concept news: %+v %v", n, err)
		}
		n, err = f.svc.UpdateNews(ctx, f.h.ID, n.ID, commplan.NewsInput{Milestone: "6C", Title: n.Title, Body: n.Body, Status: commplan.NewsGepubliceerd, PublishedOn: date.New(2027, 2, 17)}, f.comm)
		if err != nil || n.MilestoneMarked == nil || !n.MilestoneMarked.Done || milestoneOf(t, f, "6C").Status != hackathon.StatusKlaar {
			t.Fatalf("published news: %+v %v", n, err)
		}

		// The invitation to register goes by newsletter: marking it sent completes 2C.
		inv := byMoment["invitation"]
		in := commplan.ItemInput{Moment: inv.Moment, Title: inv.Title, PlannedOn: inv.PlannedOn, Channel: inv.Channel, Audience: inv.Audience,
			OwnerID: inv.OwnerID, Status: commplan.StatusVerzonden, TemplateID: inv.TemplateID}
		it, err := f.svc.UpdateItem(ctx, f.h.ID, inv.ID, in, f.comm)
		if err != nil || it.MilestoneMarked == nil || !it.MilestoneMarked.Done || milestoneOf(t, f, "2C").Status != hackathon.StatusKlaar {
			t.Fatalf("newsletter marked sent: %+v %v", it, err)
		}
	})
}
