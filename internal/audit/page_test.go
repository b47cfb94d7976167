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

func TestPageOfPagesNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		hid, err := db.Insert(ctx, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PG", "Paging", "v", now, now)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 25; i++ {
			entity := "milestone"
			if i%5 == 0 {
				entity = "finding"
			}
			if err := audit.Record(ctx, db, audit.Entry{HackathonID: hid, Entity: entity, EntityID: fmt.Sprint(i % 3), Action: "status", To: fmt.Sprint(i)}); err != nil {
				t.Fatal(err)
			}
		}
		p1, err := audit.PageOf(ctx, db, hid, audit.Query{Limit: 10})
		if err != nil || len(p1.Entries) != 10 || p1.Entries[0].To != "24" || p1.Entries[9].To != "15" || !p1.Older || p1.Newer {
			t.Fatalf("first page %+v, %v", p1, err)
		}
		p2, _ := audit.PageOf(ctx, db, hid, audit.Query{Limit: 10, Before: p1.Entries[9].ID})
		if len(p2.Entries) != 10 || p2.Entries[0].To != "14" || !p2.Older || !p2.Newer {
			t.Fatalf("second page %+v", p2)
		}
		p3, _ := audit.PageOf(ctx, db, hid, audit.Query{Limit: 10, Before: p2.Entries[9].ID})
		if len(p3.Entries) != 5 || p3.Entries[4].To != "0" || p3.Older || !p3.Newer {
			t.Fatalf("last page %+v", p3)
		}
		back, _ := audit.PageOf(ctx, db, hid, audit.Query{Limit: 10, After: p3.Entries[0].ID})
		if len(back.Entries) != 10 || back.Entries[0].To != "14" || back.Entries[9].To != "5" || !back.Newer || !back.Older {
			t.Fatalf("newer page %+v", back)
		}
		fs, _ := audit.PageOf(ctx, db, hid, audit.Query{Entity: "finding"})
		if len(fs.Entries) != 5 || fs.Older || fs.Newer {
			t.Fatalf("kind filter %+v", fs)
		}
		one, _ := audit.PageOf(ctx, db, hid, audit.Query{Entity: "milestone", EntityID: "1"})
		for _, e := range one.Entries {
			if e.Entity != "milestone" || e.EntityID != "1" {
				t.Fatalf("object filter let through %+v", e)
			}
		}
		if len(one.Entries) == 0 {
			t.Fatal("object filter found nothing")
		}
	})
}
