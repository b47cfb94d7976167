package hackathon_test

import (
	"context"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestCompleteCanvasMarks1A: milestone 1A ("canvas filled in") becomes
// gereed when the last canvas field gets an answer, not before.
func TestCompleteCanvasMarks1A(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hs := hackathon.NewService(db)
		h, err := hs.Create(ctx, hackathon.Input{Code: "CV", Name: "Canvas", Variant: "technisch"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		status1A := func() hackathon.Status {
			ms, err := hs.Milestones(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Code == "1A" {
					return m.Status
				}
			}
			t.Fatal("no 1A")
			return ""
		}
		fields := blueprint.CanvasFields()
		all := hackathon.Canvas{}
		for _, f := range fields[:len(fields)-1] {
			all[f.Key] = "antwoord"
		}
		if err := hs.SaveCanvas(ctx, h.ID, all, 0); err != nil {
			t.Fatal(err)
		}
		if s := status1A(); s == hackathon.StatusKlaar {
			t.Fatal("1A gereed with one canvas field empty")
		}
		if err := hs.SaveCanvas(ctx, h.ID, hackathon.Canvas{fields[len(fields)-1].Key: "laatste"}, 0); err != nil {
			t.Fatal(err)
		}
		if s := status1A(); s != hackathon.StatusKlaar {
			t.Fatalf("1A is %q after the canvas is complete, want gereed", s)
		}
	})
}
