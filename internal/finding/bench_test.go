package finding_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// BenchmarkCreateFinding logs findings from many goroutines at once (200 on
// two cores, like the logging team under load), each with its own
// idempotency key, on each store, through finding.Service.Create; on
// SQLite beside it, in the same run, its plain-SQL limit: the same
// statements in the same transaction shape through the same store (the
// idempotency look-up, one transaction taking the next number from the
// counter and storing the finding and its audit row, then reading the
// finding back with its organisations and labels). Each reports
// findings/s and p50/p99 latency:
//
//	go test -run '^$' -bench CreateFinding -benchtime 5000x ./internal/finding/
func BenchmarkCreateFinding(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		db := storetest.SQLite(b)
		b.Run("service", func(b *testing.B) { benchCreate(b, db, serviceCreate) })
		b.Run("limit-sql", func(b *testing.B) { benchCreate(b, db, limitCreate) })
	})
	if base := os.Getenv(storetest.EnvPostgres); base != "" {
		b.Run("postgres", func(b *testing.B) {
			// Commits wait for the disk here, as in production (test
			// schemas otherwise commit asynchronously).
			sep := "?"
			if strings.Contains(base, "?") {
				sep = "&"
			}
			db, _ := storetest.PostgresURL(b, base+sep+"synchronous_commit=on")
			b.Run("service", func(b *testing.B) { benchCreate(b, db, serviceCreate) })
		})
	}
}

// createFunc creates finding i in hackathon hid on behalf of uid.
type createFunc func(ctx context.Context, db *store.DB, svc *finding.Service, hid, uid, i int64) error

func serviceCreate(ctx context.Context, _ *store.DB, svc *finding.Service, hid, uid, i int64) error {
	_, created, err := svc.Create(ctx, hid, finding.Input{Title: "Bench " + strconv.FormatInt(i, 10), Severity: "midden",
		ChainLink: "dva", IdempotencyKey: "bench-" + strconv.FormatInt(i, 10)}, uid)
	if err == nil && !created {
		err = errors.New("not created")
	}
	return err
}

// limitCreate is serviceCreate's database work as plain SQL (SQLite).
func limitCreate(ctx context.Context, db *store.DB, _ *finding.Service, hid, uid, i int64) error {
	key := "limit-" + strconv.FormatInt(i, 10)
	title := "Bench " + strconv.FormatInt(i, 10)
	var id int64
	if err := db.QueryRow(ctx, "SELECT id FROM findings WHERE hackathon_id = ? AND idempotency_key = ?", hid, key).Scan(&id); !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("idempotency look-up: %v", err)
	}
	now := time.Now().UTC()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var num int
		if err := tx.QueryRow(ctx, `INSERT INTO finding_counters (hackathon_id, last_number) VALUES (?, 1)
			ON CONFLICT (hackathon_id) DO UPDATE SET last_number = finding_counters.last_number + 1 RETURNING last_number`, hid).Scan(&num); err != nil {
			return err
		}
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO findings (hackathon_id, number, title, description, logged_by, reported_by, chain_link, data_service,
			kind, severity, status, visibility, idempotency_key, created_at, updated_at) VALUES (?, ?, ?, '', ?, '', 'dva', '', 'technisch', 'midden', 'nieuw', 'involved', ?, ?, ?)`,
			hid, num, title, uid, key, now, now)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (hackathon_id, user_id, at, entity, entity_id, action, from_value, to_value)
			VALUES (?, ?, ?, 'finding', ?, 'logged', '', ?)`, hid, uid, now, strconv.FormatInt(id, 10), title)
		return err
	})
	if err != nil {
		return err
	}
	var code, got string
	if err := db.QueryRow(ctx, `SELECT h.code, f.title FROM findings f JOIN hackathons h ON h.id = f.hackathon_id
		LEFT JOIN users u ON u.id = f.logged_by LEFT JOIN organisations o ON o.id = f.actor_org_id
		WHERE f.hackathon_id = ? AND f.id = ?`, hid, id).Scan(&code, &got); err != nil {
		return err
	}
	for _, q := range []string{"SELECT organisation_id FROM finding_orgs WHERE finding_id = ?", "SELECT label FROM finding_labels WHERE finding_id = ?"} {
		rows, err := db.Query(ctx, q, id)
		if err != nil {
			return err
		}
		rows.Close()
	}
	return nil
}

var benchHackathons atomic.Int64

func benchCreate(b *testing.B, db *store.DB, create createFunc) {
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	k := benchHackathons.Add(1)
	u, err := acc.Create(ctx, account.NewUser{Email: fmt.Sprintf("bench%d@example.org", k), Name: "Bench", Password: "long enough pw"})
	if err != nil {
		b.Fatal(err)
	}
	h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: fmt.Sprintf("BENCH%d", k), Name: "Bench", Variant: "technisch"}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	svc := finding.NewService(db)
	var n atomic.Int64
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.SetParallelism(100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			t0 := time.Now()
			if err := create(ctx, db, svc, h.ID, u.ID, i); err != nil {
				b.Errorf("create %d: %v", i, err)
				return
			}
			d := time.Since(t0)
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "findings/s")
	slices.Sort(lat)
	if len(lat) > 0 {
		ms := func(q float64) float64 {
			return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
		}
		b.ReportMetric(ms(0.5), "p50-ms")
		b.ReportMetric(ms(0.99), "p99-ms")
	}
}
