package finding_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestParticipantPickLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		hs := hackathon.NewService(db)
		c, _ := hs.CreateOrganisation(ctx, "Vendor C", "dva")
		d, _ := hs.CreateOrganisation(ctx, "Vendor D", "dva")
		now := time.Now().UTC()
		for i, r := range []struct {
			org                    int64
			name, status, approval string
		}{{fx.orgA, "Piet", "confirmed", "approved"}, {c, "Klaas", "cancelled", "approved"}, {fx.orgB, "Els", "waitlist", "approved"},
			// Self-registered for existing organisations, awaiting approval:
			// neither Mallory's claim to Vendor A nor Trudy's to Vendor D shows.
			{fx.orgA, "Mallory", "confirmed", "pending"}, {d, "Trudy", "confirmed", "pending"}} {
			if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, status, cancel_token_hash, consent_at, created_at, org_approval)
				VALUES (?, ?, 'pgo', ?, ?, ?, ?, ?, ?, ?)`, fx.hid, r.org, r.name, r.name+"@example.org", r.status, "h"+string(rune('a'+i)), now, now, r.approval); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := fx.svc.Participants(ctx, fx.hid)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].Name != "Vendor A" || ps[1].Name != "Vendor B" {
			t.Errorf("participants = %+v, want Vendor A and B (C cancelled, D only claimed)", ps)
		}
		if err := fx.svc.SetActor(ctx, fx.hid, c, 0, fx.user); err != nil {
			t.Fatal(err)
		}
		if ps, _ = fx.svc.Participants(ctx, fx.hid); len(ps) != 3 {
			t.Errorf("an actor is a participant too: %+v", ps)
		}
		rs, err := fx.svc.Reporters(ctx, fx.hid)
		if err != nil || len(rs) != 4 || rs[0] != "Els (Vendor B)" || rs[1] != "Mallory" || rs[2] != "Piet (Vendor A)" || rs[3] != "Trudy" {
			t.Errorf("reporters = %q, %v", rs, err)
		}
		for i := range 12 {
			if _, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "F" + string(rune('a'+i))}, fx.user); err != nil {
				t.Fatal(err)
			}
		}
		recent, err := fx.svc.RecentBy(ctx, fx.hid, fx.user, 10)
		if err != nil || len(recent) != 10 || recent[0].Key != "PZP-12" {
			t.Errorf("recent = %d, %v", len(recent), err)
		}
	})
}
