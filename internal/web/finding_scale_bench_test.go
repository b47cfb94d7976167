package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// BenchmarkFindingsAtScale serves the findings of one hackathon holding
// 1k, 10k and 50k findings, on SQLite (and PostgreSQL with
// KETENTEST_TEST_POSTGRES), through the real handler (session or token,
// guard, visibility, template or JSON), and beside each a "limit": plain
// SQL doing the same database work in the same run. Each reports p50/p99
// latency and the response size; the export also its peak heap growth.
//
//	go test ./internal/web/ -run '^$' -bench FindingsAtScale -benchtime 30x -timeout 60m
//
// A page, a count or a search must not grow with the number of findings;
// only the export (all findings) does.
func BenchmarkFindingsAtScale(b *testing.B) {
	stores := []string{"sqlite"}
	if os.Getenv(storetest.EnvPostgres) != "" {
		stores = append(stores, "postgres")
	}
	for _, st := range stores {
		for _, n := range []int{1000, 10000, 50000} {
			b.Run(fmt.Sprintf("%s/%dk", st, n/1000), func(b *testing.B) {
				var db *store.DB
				if st == "sqlite" {
					db = storetest.SQLite(b)
				} else {
					db = storetest.Postgres(b)
				}
				benchAtScale(b, db, n)
			})
		}
	}
}

// searchWord occurs in the description of one finding in 100, rareWord in
// one in 10,000 (the oldest of them numbered 1), "bundel" in every one.
const (
	searchWord = "zoekwoordje"
	rareWord   = "zeldzaamheid"
)

func benchAtScale(b *testing.B, db *store.DB, n int) {
	ctx := context.Background()
	srv := web.New(app.New(db, app.Options{DataDir: b.TempDir(), BaseURL: "https://ketentest.example.nl"}), web.Options{Version: "bench"})
	srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := srv.Accounts.Create(ctx, account.NewUser{Email: "bench@example.org", Name: "Bench", Password: "long enough pw", IsAdmin: true})
	if err != nil {
		b.Fatal(err)
	}
	_, token, _ := srv.Accounts.CreateToken(ctx, u.ID, "bench", 0)
	session, err := srv.Accounts.CreateSession(ctx, u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	h, err := srv.Hackathons.Create(ctx, hackathon.Input{Code: "SCALE", Name: "Scale", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	seedFindings(b, db, h.ID, u.ID, n)
	b.Logf("seeded %d findings in %s", n, time.Since(t0).Round(time.Millisecond))
	handler := srv.Handler()
	base := fmt.Sprintf("/hackathons/%d/findings", h.ID)
	api := fmt.Sprintf("/api/v1/hackathons/%d/findings", h.ID)
	get := func(path string, page bool) func(b *testing.B) int {
		return func(b *testing.B) int {
			req := httptest.NewRequest("GET", path, nil)
			if page {
				req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
			} else {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			rec := &countingRecorder{header: http.Header{}}
			handler.ServeHTTP(rec, req)
			if rec.code != 0 && rec.code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, rec.code)
			}
			return int(rec.n)
		}
	}
	sqlRows := func(query string, args ...any) func(b *testing.B) int {
		return func(b *testing.B) int {
			rows, err := db.Query(ctx, query, args...)
			if err != nil {
				b.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(sql.RawBytes)
			}
			size := 0
			for rows.Next() {
				if err := rows.Scan(vals...); err != nil {
					b.Fatal(err)
				}
				for _, v := range vals {
					size += len(*v.(*sql.RawBytes))
				}
			}
			return size
		}
	}
	// The limit of a search is the plain SQL of the service's search: on
	// SQLite the FTS5 ids of the newest matches; on PostgreSQL the same two
	// steps as finding.Service.Page (the newest 2,000 numbers walked on
	// the stored vector, then the GIN index further back when the page is
	// short).
	searchLimit := func(word string) func(b *testing.B) int {
		if db.Dialect != store.Postgres {
			return sqlRows("SELECT rowid FROM finding_search WHERE finding_search MATCH ? ORDER BY rowid DESC LIMIT 51", `"`+word+`"*`)
		}
		return func(b *testing.B) int {
			var top int
			if err := db.QueryRow(ctx, "SELECT COALESCE(MAX(number), 0) FROM findings WHERE hackathon_id = ?", h.ID).Scan(&top); err != nil {
				b.Fatal(err)
			}
			q := word + ":*"
			ids := func(query string, args ...any) int {
				rows, err := db.Query(ctx, query, args...)
				if err != nil {
					b.Fatal(err)
				}
				defer rows.Close()
				k := 0
				for rows.Next() {
					k++
				}
				return k
			}
			k := ids(`SELECT f.id FROM findings f WHERE f.hackathon_id = ? AND f.number <= ? AND f.number > ? AND (f.search @@ to_tsquery('dutch', ?)
				OR f.id IN (SELECT c.finding_id FROM finding_comments c WHERE c.search @@ to_tsquery('dutch', ?))) ORDER BY f.number DESC LIMIT 51`, h.ID, top, top-2000, q, q)
			if k < 51 && top > 2000 {
				k += ids(`SELECT f.id FROM findings f WHERE f.hackathon_id = ? AND f.number <= ? AND f.id IN (SELECT m.id FROM findings m WHERE m.search @@ to_tsquery('dutch', ?)
					UNION ALL SELECT c.finding_id FROM finding_comments c WHERE c.search @@ to_tsquery('dutch', ?)) ORDER BY f.number DESC LIMIT ?`, h.ID, top-2000, q, q, 51-k)
			}
			return k
		}
	}
	// The limit of the board: its queries as plain SQL, one after the
	// other: the kept counts (and on PostgreSQL their deltas), the overdue
	// findings through their index, and the newest 15.
	tallyLimit := sqlRows("SELECT status, severity, chain_link, actor_org_id, n FROM finding_tally WHERE hackathon_id = ?", h.ID)
	if db.Dialect == store.Postgres {
		tallyLimit = sqlRows(`SELECT status, severity, chain_link, actor_org_id, SUM(n) FROM (SELECT status, severity, chain_link, actor_org_id, n FROM finding_tally WHERE hackathon_id = ?
			UNION ALL SELECT status, severity, chain_link, actor_org_id, d FROM finding_tally_delta WHERE hackathon_id = ?) a GROUP BY status, severity, chain_link, actor_org_id`, h.ID, h.ID)
	}
	overdueLimit := sqlRows(`SELECT actor_org_id, COUNT(*) FROM findings WHERE hackathon_id = ? AND due_date IS NOT NULL AND due_date < ?
		AND status NOT IN ('opgelost', 'geverifieerd', 'niet_oplossen', 'duplicaat') GROUP BY actor_org_id`, h.ID, date.Of(time.Now()))
	newestLimit := sqlRows("SELECT f.id, f.number, f.title, f.status, f.severity, f.chain_link FROM findings f WHERE f.hackathon_id = ? ORDER BY f.number DESC LIMIT 16", h.ID)
	boardLimit := func(b *testing.B) int { return tallyLimit(b) + overdueLimit(b) + newestLimit(b) }
	for _, c := range []struct {
		name string
		op   func(b *testing.B) int
		mem  bool
	}{
		{"list-page", get(base, true), false},
		{"list-older", get(base+"?before="+fmt.Sprint(n-100), true), false},
		{"limit-sql-page", sqlRows(`SELECT f.id, f.number, f.title, f.status, f.severity, f.chain_link, f.due_date FROM findings f
			WHERE f.hackathon_id = ? ORDER BY f.number DESC LIMIT 51`, h.ID), false},
		{"board", get(base+"/board", true), false},
		{"board.json", get(base+"/board.json", true), false},
		{"limit-sql-count", sqlRows("SELECT status, severity, chain_link, actor_org_id, COUNT(*) FROM findings WHERE hackathon_id = ? GROUP BY status, severity, chain_link, actor_org_id", h.ID), false},
		{"limit-sql-board", boardLimit, false},
		{"api-list", get(api, false), false},
		{"search", get(api+"?q="+searchWord, false), false},
		{"limit-sql-search", searchLimit(searchWord), false},
		{"search-rare", get(api+"?q="+rareWord, false), false},
		{"limit-sql-search-rare", searchLimit(rareWord), false},
		{"search-common", get(api+"?q=bundel", false), false},
		{"limit-sql-search-common", searchLimit("bundel"), false},
		{"handover.xlsx", get(base+"/handover.xlsx", true), true},
		{"limit-sql-export", sqlRows("SELECT f.*, (SELECT COUNT(*) FROM finding_comments c WHERE c.finding_id = f.id) FROM findings f WHERE f.hackathon_id = ? ORDER BY f.number DESC", h.ID), true},
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak atomic.Int64
			stop := make(chan struct{})
			if c.mem {
				runtime.GC()
				base := heapBytes()
				go func() {
					for {
						select {
						case <-stop:
							return
						case <-time.After(5 * time.Millisecond):
							if d := heapBytes() - base; d > peak.Load() {
								peak.Store(d)
							}
						}
					}
				}()
			}
			lat := make([]time.Duration, 0, b.N)
			size := 0
			cpu0 := cpuTime()
			b.ResetTimer()
			for range b.N {
				t := time.Now()
				size = c.op(b)
				lat = append(lat, time.Since(t))
			}
			b.StopTimer()
			cpu := cpuTime() - cpu0
			close(stop)
			slices.Sort(lat)
			ms := func(q float64) float64 {
				return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
			b.ReportMetric(float64(size)/1024, "KiB/resp")
			// CPU of the whole process (handler, database driver; the
			// PostgreSQL server's own CPU is not in it) per operation: on a
			// machine shared with other work this says more than latency.
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			if c.mem {
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			}
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapBytes() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// countingRecorder is a ResponseWriter that counts the body instead of
// keeping it (a 50k export would otherwise be held by the benchmark).
type countingRecorder struct {
	header http.Header
	code   int
	n      int64
}

func (r *countingRecorder) Header() http.Header { return r.header }
func (r *countingRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}
func (r *countingRecorder) Write(p []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	r.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingRecorder)(nil)

// seedFindings stores n findings numbered 1..n in one hackathon with plain
// multi-row INSERTs (creating 50k through the service would take minutes):
// statuses, severities and chain links spread, one in ten with an actor and
// a comment, one in a hundred with searchWord and one in ten thousand with
// rareWord in its description.
func seedFindings(b *testing.B, db *store.DB, hid, uid int64, n int) {
	ctx := context.Background()
	var orgs []int64
	for i := range 5 {
		id, err := db.Insert(ctx, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", fmt.Sprintf("Leverancier %d", i), time.Now().UTC())
		if err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, id)
	}
	statuses := []string{"nieuw", "in_triage", "toegewezen", "in_analyse", "opgelost", "geverifieerd", "niet_oplossen"}
	severities := []string{"blokkerend", "hoog", "midden", "laag"}
	chain := []string{"pgo", "dva", "xis", "overig"}
	now := time.Now().UTC()
	const batch = 500
	for lo := 1; lo <= n; lo += batch {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var q strings.Builder
			q.WriteString(`INSERT INTO findings (hackathon_id, number, title, description, logged_by, reported_by, chain_link, data_service, kind, severity, status,
				visibility, actor_org_id, created_at, updated_at) VALUES `)
			var args []any
			for i := lo; i < lo+batch && i <= n; i++ {
				if i > lo {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				desc := fmt.Sprintf("Bij stap %d van het scenario geeft de DVA een lege bundel terug; verwacht werd een MedicationStatement.", i)
				if i%100 == 0 {
					desc += " " + searchWord
				}
				if i%10000 == 1 {
					desc += " " + rareWord
				}
				var actor any
				if i%10 == 0 {
					actor = orgs[i%len(orgs)]
				}
				args = append(args, hid, i, fmt.Sprintf("Bevinding %d: token verloopt te vroeg", i), desc, uid, "Tester", chain[i%len(chain)], "48", "technisch",
					severities[i%len(severities)], statuses[i%len(statuses)], "all", actor, now, now)
			}
			if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO finding_comments (finding_id, user_id, body, created_at)
				SELECT id, ?, 'Leverancier kijkt ernaar.', ? FROM findings WHERE hackathon_id = ? AND number >= ? AND number < ? AND number % 10 = 0`,
				uid, now, hid, lo, lo+batch)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, "INSERT INTO finding_counters (hackathon_id, last_number) VALUES (?, ?)", hid, n); err != nil {
		b.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		// The bulk INSERTs left a +1 row per finding in
		// finding_tally_delta; the service folds them every 500, so fold
		// them as it would have, and vacuum the folded rows away as
		// autovacuum would.
		if _, err := db.Exec(ctx, `WITH moved AS (DELETE FROM finding_tally_delta WHERE hackathon_id = ?
			RETURNING hackathon_id, status, severity, chain_link, actor_org_id, d)
			INSERT INTO finding_tally (hackathon_id, status, severity, chain_link, actor_org_id, n)
			SELECT hackathon_id, status, severity, chain_link, actor_org_id, SUM(d) FROM moved GROUP BY hackathon_id, status, severity, chain_link, actor_org_id
			ON CONFLICT (hackathon_id, status, severity, chain_link, actor_org_id) DO UPDATE SET n = finding_tally.n + excluded.n`, hid); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(ctx, "VACUUM finding_tally_delta"); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
}
