package finding

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestKeptTallyFollowsEveryChange: the counts the database keeps (the
// staff board's and list's Tally) equal counting the findings themselves
// after creations, status, severity, chain-link and actor changes, an
// actor organisation's removal (its findings lose their actor), a
// finding's deletion, overdue terms, and on PostgreSQL before and after
// the deltas are folded, including a fold that runs while another
// hackathon's creations go on.
func TestKeptTallyFollowsEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, hid, uid := numberingFixture(t, db)
		ctx := context.Background()
		today := date.Of(svc.Now())
		staff := Viewer{Staff: true}
		// Counting the findings: a filter on every status takes the
		// aggregate query over the findings.
		counted := func() Counts {
			t.Helper()
			c, err := svc.Tally(ctx, hid, Filter{Status: Statuses}, staff, today)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		check := func(step string) {
			t.Helper()
			kept, err := svc.Tally(ctx, hid, Filter{}, staff, today)
			if err != nil {
				t.Fatal(err)
			}
			if want := counted(); !reflect.DeepEqual(kept, want) {
				t.Fatalf("%s: kept counts %+v, counted %+v", step, kept, want)
			}
			if kept.Total == 0 && step != "empty" {
				t.Fatalf("%s: nothing counted", step)
			}
		}
		check("empty")
		var orgs []int64
		for i := range 2 {
			id, err := db.Insert(ctx, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", fmt.Sprintf("Org %d", i), svc.Now())
			if err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, id)
		}
		var fs []*Finding
		for i := range 12 {
			f, _, err := svc.Create(ctx, hid, Input{Title: fmt.Sprintf("f%d", i), Severity: Severities[i%len(Severities)], ChainLink: ChainLinks[i%len(ChainLinks)]}, uid)
			if err != nil {
				t.Fatal(err)
			}
			fs = append(fs, f)
		}
		check("created")
		for i, f := range fs[:8] {
			if _, err := db.Exec(ctx, "UPDATE findings SET status = ?, actor_org_id = ?, due_date = ? WHERE id = ?",
				Statuses[i%len(Statuses)], orgs[i%2], today.AddDays(2-i), f.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(ctx, "UPDATE findings SET severity = 'laag', chain_link = 'xis' WHERE id = ?", fs[9].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, "UPDATE findings SET title = 'renamed' WHERE id = ?", fs[10].ID); err != nil {
			t.Fatal(err)
		}
		check("changed")
		if _, err := db.Exec(ctx, "DELETE FROM organisations WHERE id = ?", orgs[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, "DELETE FROM findings WHERE id = ?", fs[11].ID); err != nil {
			t.Fatal(err)
		}
		check("organisation and finding removed")
		if db.Dialect != store.Postgres {
			return
		}
		if err := svc.foldTally(ctx, hid); err != nil {
			t.Fatal(err)
		}
		var deltas int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_tally_delta WHERE hackathon_id = ?", hid).Scan(&deltas)
		if deltas != 0 {
			t.Fatalf("%d deltas left after the fold", deltas)
		}
		check("folded")
		// Enough deltas that a Tally folds them, in one statement (the
		// trigger adds a delta per row however the rows come).
		if _, err := db.Exec(ctx, `INSERT INTO findings (hackathon_id, number, title, logged_by, created_at, updated_at)
			SELECT ?, 1000 + g, 'g' || g, ?, now(), now() FROM generate_series(1, ?) g`, hid, uid, tallyFoldAt+10); err != nil {
			t.Fatal(err)
		}
		check("many deltas") // folds
		db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_tally_delta WHERE hackathon_id = ?", hid).Scan(&deltas)
		if deltas != 0 {
			t.Fatalf("a Tally over %d deltas left %d unfolded", tallyFoldAt+10, deltas)
		}
		check("after the fold")
	})
}
