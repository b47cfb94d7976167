package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// BenchmarkListNewest50 is what a viewer polling the findings does on the
// day: GET the newest 50 through the API, with token check, guard,
// visibility and JSON, over 2,000 findings on SQLite.
//
//	go test ./internal/web/ -run '^$' -bench BenchmarkListNewest50 -benchtime 2000x
func BenchmarkListNewest50(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	srv := web.New(app.New(db, app.Options{DataDir: b.TempDir()}), web.Options{Version: "bench"})
	srv.Accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := srv.Accounts.Create(ctx, account.NewUser{Email: "bench@example.org", Name: "Bench", Password: "long enough pw", IsAdmin: true})
	if err != nil {
		b.Fatal(err)
	}
	_, token, _ := srv.Accounts.CreateToken(ctx, u.ID, "bench", 0)
	h, err := srv.Hackathons.Create(ctx, hackathon.Input{Code: "LIST", Name: "List", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	svc := srv.App.Findings
	for i := range 2000 {
		if _, _, err := svc.Create(ctx, h.ID, finding.Input{Title: fmt.Sprintf("Bevinding %d", i), Severity: "hoog", ChainLink: "dva",
			Description: "Het token verloopt te vroeg."}, u.ID); err != nil {
			b.Fatal(err)
		}
	}
	handler := srv.Handler()
	url := fmt.Sprintf("/api/v1/hackathons/%d/findings?limit=50", h.ID)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", url, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}
