package orgsandbox

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/twiin"
)

// Exchanges live in the database: a second engine (a restart) lists
// them, filtered per organisation, newest first, and the oldest beyond
// MaxExchanges are dropped.
func TestExchangesArePersisted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
		hid := insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		for i := range 3 {
			ura := fmt.Sprintf("9000000%d", i+1)
			if err := saveExchange(ctx, db, hid, twiin.Exchange{Role: "holder", At: now.Add(time.Duration(i) * time.Minute), Method: "GET", Path: "/fhir/Condition",
				Status: 200, PeerSubject: "CN=TEST " + ura, PeerURA: ura}); err != nil {
				t.Fatal(err)
			}
		}
		eng, err := New(Options{DB: db, BaseURL: "https://sandbox.test"})
		if err != nil {
			t.Fatal(err)
		}
		xs, err := eng.Exchanges(ctx, "PZP", "", 10)
		if err != nil || len(xs) != 3 || xs[0].PeerURA != "90000003" || xs[0].PeerSubject != "CN=TEST 90000003" || !xs[0].At.Equal(now.Add(2*time.Minute)) {
			t.Fatalf("all: %v %+v", err, xs)
		}
		if xs, _ := eng.Exchanges(ctx, "PZP", "90000002", 10); len(xs) != 1 || xs[0].PeerURA != "90000002" {
			t.Fatalf("one organisation: %+v", xs)
		}
		if xs, _ := eng.Exchanges(ctx, "PZP", "90000009", 10); len(xs) != 0 {
			t.Fatalf("another organisation sees %+v", xs)
		}
	})
}
