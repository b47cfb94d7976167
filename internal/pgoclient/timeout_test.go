package pgoclient_test

import (
	"fmt"
	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// trouble makes the DVA slow on paths containing slow and drop the
// connection without an answer on paths containing drop.
func trouble(slow, drop string, delay time.Duration, drops *atomic.Int32) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case slow != "" && strings.Contains(r.URL.Path, slow):
				select {
				case <-time.After(delay):
				case <-r.Context().Done():
					return
				}
			case drop != "" && strings.Contains(r.URL.Path, drop):
				drops.Add(1)
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestSlowOrDownDVA: a search the DVA answers too late gets a timeout
// error, a search whose connection is dropped is retried once and then
// gets its error; the run goes on with the next search either way.
func TestSlowOrDownDVA(t *testing.T) {
	db := storetest.SQLite(t)
	var drops atomic.Int32
	base, id := serveStored(t, db, "pzp", fhir.R4, sandboxtest.PZPResources(t), trouble("/Goal", "/Procedure", 5*time.Second, &drops))
	c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
	c.RequestTimeout, c.RetryDelay = 300*time.Millisecond, 10*time.Millisecond
	hid, uid := newHackathon(t, db)
	start := time.Now()
	run, xs := runService(t, c, hid, uid, serviceTarget(base, "pzp"), fmt.Sprintf("%d:nl-core-Patient-01", id))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the run took %s", d)
	}
	if run.Status != pgoclient.StatusFailed || run.Searches != len(pgoclient.PZPSearches) {
		t.Fatalf("run: %s %q, %d searches", run.Status, run.Error, run.Searches)
	}
	// net/http itself resends a GET once when a reused connection drops,
	// so the DVA sees 2 to 4 attempts: at least the client's own retry.
	if n := drops.Load(); n < 2 || n > 4 {
		t.Errorf("the dropped search was sent %d times, want 2 to 4 (one retry)", n)
	}
	byName := map[string]*pgoclient.Exchange{}
	for _, x := range xs {
		byName[x.Name] = x
	}
	goal, proc := byName["AdvanceCarePlanning-Goal"], byName["AdvanceCarePlanning-Procedure"]
	if goal == nil || !strings.Contains(goal.Error, "timeout: the DVA did not answer within 300ms") || goal.Checks[0].Pass {
		t.Errorf("slow search: %+v", goal)
	}
	if proc == nil || !strings.Contains(proc.Error, "closed the connection without an answer") || !strings.Contains(proc.Error, "also on the retry") {
		t.Errorf("dropped search: %+v", proc)
	}
	if x := byName["AdvanceDirective"]; x == nil || x.Status != 200 || x.Error != "" {
		t.Errorf("the searches around them: %+v", x)
	}
}

// TestRunCap: a DVA slow on every search cannot keep a run beyond its
// cap: the searches left when the time is up are recorded as not sent and
// the run ends with an error that says so.
func TestRunCap(t *testing.T) {
	db := storetest.SQLite(t)
	base, id := serveStored(t, db, "pzp", fhir.R4, sandboxtest.PZPResources(t), trouble("/pzp/fhir/", "", 5*time.Second, nil))
	c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
	c.RequestTimeout, c.RunTimeout = 400*time.Millisecond, 700*time.Millisecond
	hid, uid := newHackathon(t, db)
	start := time.Now()
	run, xs := runService(t, c, hid, uid, serviceTarget(base, "pzp"), fmt.Sprintf("%d:nl-core-Patient-01", id))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the run took %s, cap 700ms", d)
	}
	if run.Status != pgoclient.StatusError || !strings.Contains(run.Error, "time limit of 700ms") || run.FinishedAt == nil {
		t.Fatalf("run: %s %q", run.Status, run.Error)
	}
	unsent := 0
	for _, x := range xs {
		if x.Step == "search" && strings.HasPrefix(x.Error, "not sent") {
			unsent++
		}
	}
	if unsent == 0 || unsent+run.Searches != len(pgoclient.PZPSearches) || !strings.Contains(run.Error, fmt.Sprintf("%d of %d searches not sent", unsent, len(pgoclient.PZPSearches))) {
		t.Errorf("%d sent, %d not sent; %q", run.Searches, unsent, run.Error)
	}
}

// TestReap: a run left running by a stopped ketentest is ended with an
// error once its time is long past; one that started recently is left
// alone, however long ago it was created (the user took time to consent).
func TestReap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hid, uid := newHackathon(t, db)
		st := pgoclient.NewStore(db)
		now := time.Now()
		var ids []int64
		for i, age := range []time.Duration{time.Hour, time.Minute} {
			r := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: serviceTarget("https://d.example", "63")}
			if err := st.Create(t.Context(), r, fmt.Sprint("state", i), "b", now.Add(-2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := st.Start(t.Context(), r.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(t.Context(), "UPDATE pgo_runs SET started_at = ? WHERE id = ?", now.Add(-age).UTC(), r.ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		n, err := st.Reap(t.Context(), hid, now.Add(-30*time.Minute), now)
		if err != nil || n != 1 {
			t.Fatalf("reaped %d (%v), want 1", n, err)
		}
		old, _ := st.Get(t.Context(), hid, ids[0])
		recent, _ := st.Get(t.Context(), hid, ids[1])
		if old.Status != pgoclient.StatusError || !strings.Contains(old.Error, "interrupted") || old.FinishedAt == nil || recent.Status != pgoclient.StatusRunning {
			t.Errorf("old %s %q, recent %s", old.Status, old.Error, recent.Status)
		}
	})
}
