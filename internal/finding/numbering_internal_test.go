package finding

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func numberingFixture(t *testing.T, db *store.DB) (*Service, int64, int64) {
	t.Helper()
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := acc.Create(ctx, account.NewUser{Email: "num@example.org", Name: "Num", Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "NUM", Name: "Num", Variant: "technisch"}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return NewService(db), h.ID, u.ID
}

// TestCreateAbortedLeavesNothing: a creation that fails after its number
// was taken stores no finding, audit row or live-board event, and its
// number goes to the next creation, so numbers stay contiguous.
func TestCreateAbortedLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, hid, uid := numberingFixture(t, db)
		ctx := context.Background()
		f1, _, err := svc.Create(ctx, hid, Input{Title: "one"}, uid)
		if err != nil || f1.Number != 1 {
			t.Fatalf("first: %v, %v", f1, err)
		}
		boom := errors.New("boom")
		svc.beforeCommit = func(context.Context) error { return boom }
		if _, _, err := svc.Create(ctx, hid, Input{Title: "aborted"}, uid); !errors.Is(err, boom) {
			t.Fatalf("aborted create: %v", err)
		}
		svc.beforeCommit = nil
		var findings, audits, events int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM findings WHERE hackathon_id = ?", hid).Scan(&findings)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE hackathon_id = ? AND entity = 'finding'", hid).Scan(&audits)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_events WHERE hackathon_id = ?", hid).Scan(&events)
		wantEvents := 0
		if db.Dialect == store.Postgres {
			wantEvents = 1 // the event of the first finding, written in its transaction
		}
		if findings != 1 || audits != 1 || events != wantEvents {
			t.Errorf("after an aborted create: %d findings, %d audit rows, %d events; want 1, 1, %d", findings, audits, events, wantEvents)
		}
		f2, _, err := svc.Create(ctx, hid, Input{Title: "two"}, uid)
		if err != nil || f2.Number != 2 {
			t.Fatalf("after the aborted create: %+v, %v; want number 2", f2, err)
		}
	})
}

// TestCreateDoesNotWaitForOtherWriters (PostgreSQL, where writers run in
// parallel): while one creation's transaction is open, another creation in
// the same hackathon commits; the open one then commits with its own number.
func TestCreateDoesNotWaitForOtherWriters(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip(storetest.EnvPostgres + " is not set")
	}
	db := storetest.Postgres(t)
	svc, hid, uid := numberingFixture(t, db)
	ctx := context.Background()
	held, release := make(chan struct{}), make(chan struct{})
	slow := *svc
	slow.beforeCommit = func(context.Context) error { close(held); <-release; return nil }
	type result struct {
		f   *Finding
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, _, err := slow.Create(ctx, hid, Input{Title: "slow"}, uid)
		done <- result{f, err}
	}()
	<-held
	// Were creations serialised on a row lock, this would wait until the
	// context ends; the bound only turns a hang into a failure.
	qctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	fast, _, err := svc.Create(qctx, hid, Input{Title: "fast"}, uid)
	cancel()
	close(release)
	r := <-done
	if err != nil {
		t.Fatalf("a creation waited for another's open transaction: %v", err)
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := []int{r.f.Number, fast.Number}; got[0]+got[1] != 3 || got[0] == got[1] {
		t.Errorf("numbers %v; want 1 and 2", got)
	}
	var events int
	db.QueryRow(ctx, "SELECT COUNT(*) FROM finding_events WHERE hackathon_id = ? AND change = 'created'", hid).Scan(&events)
	if events != 2 {
		t.Errorf("%d creation events; want 2", events)
	}
}
