package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRecordAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ {
			if err := audit.Record(ctx, db, audit.Entry{At: base.Add(time.Duration(i) * time.Minute), Entity: "milestone",
				EntityID: fmt.Sprint(i % 2), Action: "status", From: "open", To: fmt.Sprint("step", i)}); err != nil {
				t.Fatal(err)
			}
		}
		one, err := audit.For(ctx, db, "milestone", "1")
		if err != nil || len(one) != 2 || one[0].To != "step1" || one[1].To != "step3" {
			t.Fatalf("For = %+v, %v", one, err)
		}
		if !one[0].At.Equal(base.Add(time.Minute)) {
			t.Fatalf("time not kept: %v", one[0].At)
		}
	})
}
