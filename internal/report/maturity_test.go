package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestMaturity compares two hackathons on the same data service: the
// earlier one first, each with its own indicators; a hackathon on another
// service is left out.
func TestMaturity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10)})
		f.populate(t, 6, 60)
		earlier, err := f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BGZOUD", Name: "BgZ vorig jaar", Variant: "technisch",
			Kickoff: date.New(2026, 1, 10), Days: []date.Date{date.New(2026, 2, 10)}, Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "VACC", Name: "Vaccinaties", Variant: "technisch",
			Kickoff: date.New(2026, 1, 10), Days: []date.Date{date.New(2026, 2, 11)}, Services: []hackathon.DataService{{ServiceID: "63", Name: "Vaccinaties", FHIRVersion: "R4"}}}, f.lead); err != nil {
			t.Fatal(err)
		}
		ms, err := f.svc.Maturity(ctx, f.h.ID, f.lead, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 || ms[0].Hackathon.ID != earlier.ID || ms[1].Hackathon.ID != f.h.ID {
			t.Fatalf("maturity of %d hackathons, want the earlier BgZ one first and no vaccination one", len(ms))
		}
		cur := ms[1]
		if cur.Participants != 6 || cur.Blocking != 15 || cur.Solved != 20 || cur.GoPct != 0 || ms[0].Participants != 0 || ms[0].GoPct != -1 {
			t.Errorf("indicators: %+v / %+v", cur, ms[0])
		}
		if cur.InTermPct < 0 || cur.DaysToSolve < 0 {
			t.Errorf("resolution indicators missing: %+v", cur)
		}
		if charts := report.MaturityCharts(ms, map[string]string{"go": "go"}); len(charts) == 0 {
			t.Error("no charts")
		}
		var buf bytes.Buffer
		if err := report.WriteMaturityCSV(&buf, ms); err != nil || strings.Count(buf.String(), "\n") != 3 || !strings.Contains(buf.String(), "BgZ vorig jaar") {
			t.Errorf("csv: %v\n%s", err, buf.String())
		}
	})
}
