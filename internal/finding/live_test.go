package finding_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func next(t *testing.T, sub *finding.Subscription) finding.LiveEvent {
	t.Helper()
	select {
	case ev, ok := <-sub.C:
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no live event within 5 s")
	}
	return finding.LiveEvent{}
}

func TestLiveBrokerPublishesAfterCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		live := finding.NewLive(db, finding.LiveOptions{})
		t.Cleanup(func() { live.Close() })
		fx.svc.Live = live
		ctx := context.Background()
		b := live.Broker
		sub, err := b.Subscribe(ctx, fx.hid, 0)
		if err != nil {
			t.Fatal(err)
		}
		other, err := b.Subscribe(ctx, fx.hid+1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Live", Severity: "hoog"}, fx.user)
		if err != nil {
			t.Fatal(err)
		}
		ev := next(t, sub)
		if ev.Change != finding.ChangeCreated || ev.FindingID != f.ID || ev.Finding == nil || ev.Finding.Key != "PZP-1" || ev.Finding.Severity != "hoog" {
			t.Fatalf("created event: %+v", ev)
		}
		// A failed change publishes nothing; a committed one publishes the new state.
		if err := fx.svc.SetStatus(ctx, f, finding.StatusGeverifieerd, fx.triage); err == nil {
			t.Fatal("workflow violation accepted")
		}
		if err := fx.svc.SetStatus(ctx, f, finding.StatusInTriage, fx.triage); err != nil {
			t.Fatal(err)
		}
		ev2 := next(t, sub)
		if ev2.Change != finding.ChangeUpdated || ev2.Finding.Status != finding.StatusInTriage || ev2.ID <= ev.ID {
			t.Fatalf("updated event: %+v after id %d", ev2, ev.ID)
		}
		select {
		case ev := <-other.C:
			t.Fatalf("subscriber of another hackathon got %+v", ev)
		default:
		}
		sub.Close()
		// Resuming after the first event replays the second.
		again, err := b.Subscribe(ctx, fx.hid, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Gap || len(again.Backlog) != 1 || again.Backlog[0].ID != ev2.ID {
			t.Fatalf("resume after %d: gap %v, backlog %+v", ev.ID, again.Gap, again.Backlog)
		}
		// Closing the broker ends every stream.
		live.Close()
		select {
		case _, ok := <-again.C:
			if ok {
				t.Fatal("event after close")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("subscription not closed with the broker")
		}
		// A new broker (a restarted instance) holds nothing: resuming is a gap
		// on SQLite, and replayed from the table on PostgreSQL.
		restarted := finding.NewLive(db, finding.LiveOptions{})
		t.Cleanup(restarted.Close)
		old, err := restarted.Broker.Subscribe(ctx, fx.hid, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect == store.SQLite && !old.Gap {
			t.Error("resume after a restart: no gap reported")
		}
		if db.Dialect == store.Postgres && (old.Gap || len(old.Backlog) != 1 || old.Backlog[0].ID != ev2.ID || old.Backlog[0].Finding.Status != finding.StatusInTriage) {
			t.Errorf("postgres replay from the table: gap %v, backlog %+v", old.Gap, old.Backlog)
		}
	})
}

// TestLiveAcrossInstances runs two instances (two database handles, two
// brokers) over one PostgreSQL schema: a finding created through instance A
// reaches a subscriber of instance B through LISTEN/NOTIFY.
func TestLiveAcrossInstances(t *testing.T) {
	base := os.Getenv(storetest.EnvPostgres)
	if base == "" {
		t.Skip(storetest.EnvPostgres + " is not set")
	}
	ctx := context.Background()
	dbA, u := storetest.PostgresURL(t, base)
	dbB, err := store.Open(ctx, u, "")
	if err != nil {
		t.Fatal(err)
	}
	liveA, liveB := finding.NewLive(dbA, finding.LiveOptions{}), finding.NewLive(dbB, finding.LiveOptions{})
	t.Cleanup(func() { liveA.Close(); liveB.Close(); dbB.Close() })
	fx := setup(t, dbA)
	fx.svc.Live = liveA
	svcB := finding.NewService(dbB)
	svcB.Live = liveB
	subB, err := liveB.Broker.Subscribe(ctx, fx.hid, 0)
	if err != nil {
		t.Fatal(err)
	}
	subA, err := liveA.Broker.Subscribe(ctx, fx.hid, 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Op instantie A"}, fx.user)
	if err != nil {
		t.Fatal(err)
	}
	evB := next(t, subB)
	t.Logf("delivered to instance B in %v", time.Since(start))
	evA := next(t, subA)
	if evB.FindingID != f.ID || evB.Finding == nil || evB.Finding.Title != "Op instantie A" || evB.ID != evA.ID {
		t.Fatalf("instance B got %+v, instance A %+v", evB, evA)
	}
	// Instance B's own change reaches A with the next id.
	if err := svcB.SetVisibility(ctx, f, finding.VisibleAll, fx.user); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, subA); ev.ID <= evA.ID || ev.Finding.Visibility != finding.VisibleAll {
		t.Fatalf("instance A got %+v", ev)
	}
	next(t, subB)
	// A viewer reconnecting to B with A's event id resumes there.
	sub, err := liveB.Broker.Subscribe(ctx, fx.hid, evA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Gap || len(sub.Backlog) != 1 {
		t.Fatalf("resume on B: gap %v backlog %d", sub.Gap, len(sub.Backlog))
	}
}

func TestViewerSeesOnlyVisibleLiveFindings(t *testing.T) {
	// The stream applies Viewer.CanSee to each event's finding.
	f := &finding.Finding{Visibility: finding.VisibleInvolved, ActorOrgID: 7, Orgs: []finding.Org{{ID: 8}}, LoggedBy: 3}
	for _, tc := range []struct {
		v    finding.Viewer
		want bool
	}{
		{finding.Viewer{Staff: true}, true},
		{finding.Viewer{UserID: 3}, true},
		{finding.Viewer{UserID: 4, Orgs: []int64{7}}, true},
		{finding.Viewer{UserID: 4, Orgs: []int64{8}}, true},
		{finding.Viewer{UserID: 4, Orgs: []int64{9}}, false},
		{finding.Viewer{}, false},
	} {
		if got := tc.v.CanSee(f); got != tc.want {
			t.Errorf("%+v sees %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestLiveListenerReconnects: when PostgreSQL drops the listening
// connection, the broker reconnects and delivers what was committed while
// it was away.
func TestLiveListenerReconnects(t *testing.T) {
	base := os.Getenv(storetest.EnvPostgres)
	if base == "" {
		t.Skip(storetest.EnvPostgres + " is not set")
	}
	ctx := context.Background()
	db := storetest.Postgres(t)
	fx := setup(t, db)
	live := finding.NewLive(db, finding.LiveOptions{})
	t.Cleanup(live.Close)
	fx.svc.Live = live
	sub, err := live.Broker.Subscribe(ctx, fx.hid, 0)
	if err != nil {
		t.Fatal(err)
	}
	var schema string
	db.QueryRow(ctx, "SELECT current_schema()").Scan(&schema)
	var killed int
	if err := db.QueryRow(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND query LIKE ?`,
		"%"+schema+"%").Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listening backends: %v", killed, err)
	}
	// Committed while the listener is gone.
	f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Tijdens de onderbreking"}, fx.user)
	if err != nil {
		t.Fatal(err)
	}
	if ev := next(t, sub); ev.FindingID != f.ID || ev.Change != finding.ChangeCreated {
		t.Fatalf("after reconnect: %+v", ev)
	}
	// And live again afterwards.
	f2, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Daarna"}, fx.user)
	if err != nil {
		t.Fatal(err)
	}
	if ev := next(t, sub); ev.FindingID != f2.ID {
		t.Fatalf("after reconnect, live: %+v", ev)
	}
}
