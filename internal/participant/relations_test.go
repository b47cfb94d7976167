package participant_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRelations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "REL", Name: "Rel", Variant: "technisch"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		ps := participant.NewService(db, nil)
		if _, err := ps.SetCommitment(ctx, h.ID, participant.CommitmentInput{Organisation: "X", ChainRole: "pgo", Status: "misschien"}, 0); len(apperr.Fields(err)) != 1 {
			t.Fatalf("bad status: %v", err)
		}
		a, err := ps.SetCommitment(ctx, h.ID, participant.CommitmentInput{Organisation: "Alpha PGO", ChainRole: "pgo", Status: "benaderd", Product: "MijnApp", ProductVersion: "2.1", IssueContact: "Els"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := ps.SetCommitment(ctx, h.ID, participant.CommitmentInput{Organisation: "Beta XIS", ChainRole: "xis", Status: "informeel_toegezegd", Compensation: "reiskosten"}, 0)
		if _, err := ps.SetCommitment(ctx, h.ID, participant.CommitmentInput{Organisation: "alpha pgo", ChainRole: "pgo", Status: "aangemeld"}, 0); err != nil {
			t.Fatal(err)
		}
		today := date.New(2027, 3, 1)
		if err := ps.LogContact(ctx, h.ID, a, participant.Contact{On: today.AddDays(-2), Channel: "telefoon", Summary: "Gebeld",
			NextAction: "Offerte sturen", NextActionDue: today.AddDays(-1)}, 0); err != nil {
			t.Fatal(err)
		}
		if err := ps.LogContact(ctx, h.ID, b, participant.Contact{On: today.AddDays(-30), Channel: "email", Summary: "Mail"}, 0); err != nil {
			t.Fatal(err)
		}
		if err := ps.LogContact(ctx, h.ID, a, participant.Contact{Channel: "email", Summary: "x", NextAction: "y"}, 0); len(apperr.Fields(err)) != 1 {
			t.Fatalf("next action without date: %v", err)
		}
		if err := ps.LogContact(ctx, h.ID, 999999, participant.Contact{Channel: "email", Summary: "x"}, 0); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown org: %v", err)
		}
		rels, err := ps.Relations(ctx, h.ID, today)
		if err != nil || len(rels) != 2 {
			t.Fatalf("relations: %v %v", rels, err)
		}
		if rels[0].Name != "Alpha PGO" || rels[0].Status != "aangemeld" || !rels[0].Overdue || rels[0].Stale || rels[0].Product != "MijnApp" || rels[0].IssueContact != "Els" {
			t.Errorf("alpha: %+v", rels[0])
		}
		if rels[1].Overdue || !rels[1].Stale || rels[1].Compensation != "reiskosten" {
			t.Errorf("beta: %+v", rels[1])
		}
	})
}
