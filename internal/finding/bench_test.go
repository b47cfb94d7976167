package finding_test

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// BenchmarkCreateFinding logs findings from many goroutines at once (200 on
// two cores, like the logging team under load), each with its own
// idempotency key, on each store:
//
//	go test -run '^$' -bench CreateFinding -benchtime 5000x ./internal/finding/
func BenchmarkCreateFinding(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchCreate(b, storetest.SQLite(b)) })
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) { benchCreate(b, storetest.Postgres(b)) })
	}
}

func benchCreate(b *testing.B, db *store.DB) {
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := acc.Create(ctx, account.NewUser{Email: "bench@example.org", Name: "Bench", Password: "long enough pw"})
	if err != nil {
		b.Fatal(err)
	}
	h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "BENCH", Name: "Bench", Variant: "technisch"}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	svc := finding.NewService(db)
	var n atomic.Int64
	b.SetParallelism(100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			_, created, err := svc.Create(ctx, h.ID, finding.Input{Title: "Bench " + strconv.FormatInt(i, 10), Severity: "midden",
				ChainLink: "dva", IdempotencyKey: "bench-" + strconv.FormatInt(i, 10)}, u.ID)
			if err != nil || !created {
				b.Errorf("create %d: created %v, %v", i, created, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "findings/s")
}
