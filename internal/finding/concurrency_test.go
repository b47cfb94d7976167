package finding_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestConcurrentLogging: parallel logging never stores a key twice and
// never hands out a number twice.
func TestConcurrentLogging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		var wg sync.WaitGroup
		ids := make([]int64, 16)
		errs := make([]error, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key := "same"
				if i%2 == 1 {
					key = "k" + string(rune('a'+i))
				}
				f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "parallel", IdempotencyKey: key}, fx.user)
				if err == nil {
					ids[i] = f.ID
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
		}
		for i := 2; i < 16; i += 2 {
			if ids[i] != ids[0] {
				t.Errorf("same key stored twice: %d vs %d", ids[i], ids[0])
			}
		}
		all, _ := fx.svc.List(ctx, fx.hid, finding.Filter{}, staff)
		seen := map[string]bool{}
		for _, f := range all {
			if seen[f.Key] {
				t.Errorf("number %s used twice", f.Key)
			}
			seen[f.Key] = true
		}
		if len(all) != 9 {
			t.Errorf("%d findings stored, want 9 (1 shared key + 8 own keys)", len(all))
		}
	})
}

func TestHandoverCSV(t *testing.T) {
	var buf bytes.Buffer
	fs := []*finding.Finding{{Key: "PZP-1", Title: `=HYPERLINK("http://evil")`, Status: finding.StatusToegewezen, ActorName: "Vendor, BV", TrackerKey: "+1"}}
	if err := finding.WriteHandoverCSV(&buf, finding.FindingsOf(fs), finding.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `"'=HYPERLINK(""http://evil"")"`) || !strings.Contains(out, `"Vendor, BV"`) || !strings.Contains(out, ",'+1,") {
		t.Fatalf("csv not escaped:\n%s", out)
	}
}
