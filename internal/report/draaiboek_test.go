package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/report/pdf/pdftest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestDraaiboek: the draaiboek of a day is generated with every section
// of annex 1 (a day without rounds says "nog niet ingedeeld"), the day
// programme refuses a slot that ends before it starts, and publishing
// makes it final (2E, 4A done). Its PDF holds every section and the
// logging link.
func TestDraaiboek(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, []date.Date{date.New(2027, 6, 10)})
		f.populate(t, 3, 0)
		if err := f.svc.AddSlot(ctx, f.h.ID, 1, "10:00", "09:30", "Ontvangst", f.lead); len(apperr.Fields(err)) != 1 || apperr.Fields(err)[0].Field != "end" {
			t.Fatalf("slot ending before it starts: %v", err)
		}
		if err := f.svc.AddSlot(ctx, f.h.ID, 2, "09:00", "09:30", "Ontvangst", f.lead); !errorsIsNotFound(err) {
			t.Errorf("slot on day 2 of a one-day hackathon: %v", err)
		}
		for _, s := range [][3]string{{"09:00", "09:30", "Ontvangst met koffie"}, {"09:30", "10:00", "Opening en uitleg loggen"}} {
			if err := f.svc.AddSlot(ctx, f.h.ID, 1, s[0], s[1], s[2], f.lead); err != nil {
				t.Fatal(err)
			}
		}
		d, err := f.svc.BuildDraaiboek(ctx, f.h.ID, 1, "nl", "https://ketentest.example")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Sections) != len(blueprint.DraaiboekSections()) {
			t.Fatalf("%d sections, want the %d of annex 1", len(d.Sections), len(blueprint.DraaiboekSections()))
		}
		for _, s := range d.Sections {
			if s.Key == "groepsindeling" && (len(s.Rows) != 0 || s.Empty != "Nog niet ingedeeld.") {
				t.Errorf("group layout without rounds: %+v", s)
			}
			if s.Key == "bevindingen" && len(s.QR) < 21 {
				t.Error("no QR code of the logging link")
			}
		}
		if err := f.svc.Publish(ctx, f.h.ID, 1, f.lead); err != nil {
			t.Fatal(err)
		}
		ms, _ := f.svc.Hackathons.Milestones(ctx, f.h.ID)
		for _, m := range ms {
			if (m.Code == "2E" || m.Code == "4A") && m.Status != hackathon.StatusKlaar {
				t.Errorf("%s is %s after publishing", m.Code, m.Status)
			}
		}
		d, _ = f.svc.BuildDraaiboek(ctx, f.h.ID, 1, "nl", "https://ketentest.example")
		if d.Status != "final" || d.Version != 1 {
			t.Errorf("after publishing: %s v%d", d.Status, d.Version)
		}
		b, err := d.PDF()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdftest.MustText(t, b)), " ")
		for _, s := range blueprint.DraaiboekSections() {
			if !strings.Contains(text, s.Title.NL) {
				t.Errorf("PDF lacks section %q", s.Title.NL)
			}
		}
		for _, want := range []string{"https://ketentest.example/hackathons/", "Ontvangst met koffie", "Nog niet ingedeeld.", "Utrecht", "Patiënten willen hun BgZ"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
		// With rounds and pairs the layout lists them.
		td := f.svc.Testday
		if _, err := td.AddRound(ctx, f.h.ID, testday.RoundInput{Day: 1, Start: "10:00", End: "11:30", Label: "Ronde 1"}, f.lead); err != nil {
			t.Fatal(err)
		}
		if _, err := td.Generate(ctx, f.h.ID, 2, f.lead); err != nil {
			t.Fatal(err)
		}
		d, _ = f.svc.BuildDraaiboek(ctx, f.h.ID, 1, "nl", "https://ketentest.example")
		for _, s := range d.Sections {
			if s.Key == "testrondes" && (len(s.Rows) != 1 || s.Rows[0][0] != "Ronde 1") {
				t.Errorf("test rounds: %+v", s.Rows)
			}
		}
	})
}

func errorsIsNotFound(err error) bool {
	return err != nil && strings.Contains(err.Error(), "not found")
}
