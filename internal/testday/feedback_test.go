package testday_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestFeedbackPerOrganisation: the feedback of day 1 (6B) reaches each
// participating organisation with only its own findings of that day, its
// own results of that day and its own open actions; sending it completes
// 6B; a day that is not a hackathon day is refused naming the field.
func TestFeedbackPerOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pgo, dva, day1, day2 := scheduled(t, f, "")
		sc, _ := f.svc.CreateFromTemplate(ctx, f.h.ID, "two_hospitals", "48@STU3", f.test)
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		sc2, _ := f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test)
		steps := sc2.Scenario.Steps
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day1.ID, StepID: steps[2].ID, Outcome: "gefaald"}, f.users["pgo"]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordResult(ctx, f.h.ID, testday.ResultInput{PairID: day2.ID, StepID: steps[2].ID, Outcome: "geslaagd"}, f.users["pgo"]); err != nil {
			t.Fatal(err)
		}
		on := func(d, h int) time.Time { return time.Date(2027, 2, d, h, 0, 0, 0, f.svc.Zone) }
		for _, fd := range []struct {
			n      int
			title  string
			org    int64
			status string
			at     time.Time
		}{
			{1, "Token verloopt te snel", pgo, "nieuw", on(10, 11)},
			{2, "Bundel zonder Patient", dva, "toegewezen", on(10, 14)},
			{3, "Oude bevinding DVA", dva, "in_analyse", on(9, 9)},
			{4, "Opgeloste bevinding DVA", dva, "opgelost", on(10, 15)},
		} {
			if _, err := db.Exec(ctx, `INSERT INTO findings (hackathon_id, number, title, severity, status, actor_org_id, created_at, updated_at) VALUES (?, ?, ?, 'hoog', ?, ?, ?, ?)`,
				f.h.ID, fd.n, fd.title, fd.status, fd.org, fd.at, fd.at); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.SendFeedback(ctx, f.h.ID, 3, "https://k.example", f.rel); !hasField(err, "day") {
			t.Fatalf("day 3: %v", err)
		}
		if f.milestone(t, "6B") == hackathon.StatusKlaar {
			t.Fatal("6B done before any feedback")
		}
		res, err := f.svc.SendFeedback(ctx, f.h.ID, 1, "https://k.example", f.rel)
		if err != nil || res.Told != 2 || res.Messages != 2 || res.Milestone == nil || !res.Milestone.Done || f.milestone(t, "6B") != hackathon.StatusKlaar {
			t.Fatalf("feedback: %+v %v (6B %s)", res, err, f.milestone(t, "6B"))
		}
		body := func(to string) (string, string) {
			var subject, text, html string
			if err := db.QueryRow(ctx, "SELECT subject, body, html FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1", to).Scan(&subject, &text, &html); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(subject, "dag 1") {
				t.Errorf("subject %q", subject)
			}
			return text, html
		}
		p, pHTML := body("a@gezondapp.example")
		for _, want := range []string{"1 bevinding (status: nieuw 1; ernst: hoog 1)", "- #1 Token verloopt te snel (nieuw, hoog)", "0 stappen geslaagd, 1 gefaald, 0 overig"} {
			if !strings.Contains(p, want) {
				t.Errorf("PGO message lacks %q:\n%s", want, p)
			}
		}
		if strings.Contains(p, "Bundel") || strings.Contains(p, "#3") || !strings.Contains(pHTML, "Token verloopt te snel") {
			t.Errorf("PGO message has another organisation's findings:\n%s", p)
		}
		d, _ := body("a@oost.example")
		for _, want := range []string{"2 bevindingen", "- #2 Bundel zonder Patient (toegewezen, hoog)", "- #4 Opgeloste bevinding DVA", "0 stappen geslaagd, 1 gefaald, 0 overig", "- #3 Oude bevinding DVA (in_analyse, hoog)"} {
			if !strings.Contains(d, want) {
				t.Errorf("DVA message lacks %q:\n%s", want, d)
			}
		}
		if strings.Contains(d, "Token") {
			t.Errorf("DVA message has the PGO's finding:\n%s", d)
		}
		// #4 is solved: a finding of the day, but no action any more.
		if i := strings.Index(d, "Acties voor"); i < 0 || strings.Contains(d[i:], "#4") || !strings.Contains(d[i:], "#2") {
			t.Errorf("DVA actions wrong:\n%s", d)
		}
	})
}
