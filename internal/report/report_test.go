package report_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/report/pdf/pdftest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

type fixture struct {
	db   *store.DB
	svc  *report.Service
	h    *hackathon.Hackathon
	lead int64
}

var today = time.Date(2027, 4, 1, 10, 0, 0, 0, time.UTC)

// newFixture makes a hackathon whose days are before or after today.
func newFixture(t testing.TB, db *store.DB, days []date.Date) *fixture {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	lead, err := accounts.Create(ctx, account.NewUser{Email: "lead@example.org", Name: "Lea Leider", Password: "long enough pw", CanCreateHackathon: true})
	if err != nil {
		t.Fatal(err)
	}
	outbox := comms.NewOutbox(db, jobs.NewQueue(db), "Ketentest <noreply@ketentest.example>")
	td := testday.NewService(db, outbox, &pgoclient.Policy{})
	ev := evaluation.NewService(db, outbox)
	f := &fixture{db: db, svc: report.NewService(db, td, ev, time.UTC), lead: lead.ID}
	f.svc.Now = func() time.Time { return today }
	f.h, err = f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 10), Days: days, Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, lead.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Hackathons.RecordDecision(ctx, f.h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, lead.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Hackathons.SaveCanvas(ctx, f.h.ID, hackathon.Canvas{"aanleiding_achtergrond": "Patiënten willen hun BgZ in één PGO zien."}, lead.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// populate adds orgs organisations with a confirmed registration and the
// snelcheck applied, and n findings spread over statuses, actors and days.
func (f *fixture) populate(t testing.TB, orgs, n int) {
	t.Helper()
	ctx := context.Background()
	roles := []string{"pgo", "dva", "zorgaanbieder"}
	var ids []int64
	for i := 0; i < orgs; i++ {
		role := roles[i%3]
		id, err := f.svc.Hackathons.CreateOrganisation(ctx, fmt.Sprintf("Organisatie %02d ëé", i), role)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if _, err := f.db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, attend_days, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, ?, ?, ?, ?, '1', 'nl', 'confirmed', ?, ?, ?)`, f.h.ID, id, role, fmt.Sprint("Contact ", i), fmt.Sprintf("c%d@example.org", i), fmt.Sprint("h", i), today, today); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Testday.DrawUp(ctx, f.h.ID, f.lead); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Testday.ApplyAll(ctx, f.h.ID, f.lead); err != nil {
		t.Fatal(err)
	}
	statuses := []string{"nieuw", "getriageerd", "toegewezen", "opgelost", "geverifieerd", "niet_oplossen"}
	sev := []string{"blokkerend", "hoog", "midden", "laag"}
	chain := []string{"pgo", "dva", "xis", "overig"}
	for i := 0; i < n; i++ {
		at := f.h.Days[i%len(f.h.Days)].Time().Add(11 * time.Hour)
		var due any
		if i%4 != 0 {
			due = date.New(2027, 3, 1+i%28)
		}
		root := ""
		if i%10 == 0 {
			root = "Mapping van de zib naar het FHIR-profiel mist één codering"
		}
		if _, err := f.db.Exec(ctx, `INSERT INTO findings (hackathon_id, number, title, description, chain_link, severity, status, category, actor_org_id, due_date, root_cause, root_chain_link, created_at, updated_at)
			VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.h.ID, i+1, fmt.Sprintf("Medicatie-overzicht niet volledig getoond (%d)", i),
			chain[i%4], sev[i%4], statuses[i%6], fmt.Sprint("categorie ", i%7), ids[i%len(ids)], due, root, chain[(i+1)%4], at, at); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReportBeforeTestDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, []date.Date{date.New(2027, 6, 1)})
		if _, err := f.svc.Build(context.Background(), f.h.ID, "nl"); !errors.Is(err, report.ErrBeforeTestDay) {
			t.Fatalf("report before the first day: %v, want ErrBeforeTestDay", err)
		}
		if _, err := f.svc.Advance(context.Background(), f.h.ID, report.StatusConcept, "", f.lead); !errors.Is(err, report.ErrBeforeTestDay) {
			t.Errorf("concept before the first day: %v", err)
		}
	})
}

// TestReportPDFHasEverySection generates the report with findings, an
// evaluation and texts, goes concept → review (comment) → delivered →
// accepted (9D done), and reads the PDF back: every section is there.
func TestReportPDFHasEverySection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10)})
		f.populate(t, 6, 60)
		e, err := f.svc.Evaluation.Create(ctx, f.h, 1, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		token, _, _ := f.svc.Evaluation.AddInvite(ctx, db, e.ID, evaluation.Recipient{Role: evaluation.RoleDVA, Name: "Dirk", Email: "d@example.org"})
		form, _ := f.svc.Evaluation.FormFor(ctx, token)
		ans := map[string]string{}
		for _, q := range form.Questions {
			if q.Kind == evaluation.KindScale {
				ans[evaluation.Field(q.ID)] = "4"
			} else {
				ans[evaluation.Field(q.ID)] = "De testdossiers waren naïef opgezet"
			}
		}
		if err := f.svc.Evaluation.Submit(ctx, token, ans); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveTexts(ctx, f.h.ID, map[string]string{"summary": "De keten werkt grotendeels.", "rec_nictiz": "Verduidelijk de zib-mapping."}, f.lead); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveTexts(ctx, f.h.ID, map[string]string{"nope": "x"}, f.lead); err == nil {
			t.Error("an unknown text key was accepted")
		}
		if _, err := f.svc.Advance(ctx, f.h.ID, report.StatusReview, "MedMij, Nictiz", f.lead); err == nil {
			t.Error("review without a concept was accepted")
		}
		for _, step := range []struct{ to, note string }{{report.StatusConcept, ""}, {report.StatusReview, "MedMij, Nictiz, VZVZ"}} {
			if _, err := f.svc.Advance(ctx, f.h.ID, step.to, step.note, f.lead); err != nil {
				t.Fatalf("to %s: %v", step.to, err)
			}
		}
		if err := f.svc.Comment(ctx, f.h.ID, "Noem ook de PGO-kant.", f.lead, "Nina Nictiz"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Advance(ctx, f.h.ID, report.StatusConcept, "revisie na review", f.lead); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.svc.Advance(ctx, f.h.ID, report.StatusDelivered, "", f.lead); v == nil || v.Version != 2 || v.Status != report.StatusDelivered {
			t.Fatalf("delivered: %+v", v)
		}
		if err := f.svc.Accept(ctx, f.h.ID, f.lead); err != nil {
			t.Fatal(err)
		}
		ms, _ := f.svc.Hackathons.Milestones(ctx, f.h.ID)
		for _, m := range ms {
			if m.Code == "9D" && m.Status != hackathon.StatusKlaar {
				t.Errorf("9D is %s after acceptance", m.Status)
			}
		}
		r, err := f.svc.Build(ctx, f.h.ID, "nl")
		if err != nil {
			t.Fatal(err)
		}
		if r.Findings.Total != 60 || len(r.Participants) != 6 || r.Days[0].Findings != 30 {
			t.Errorf("findings %d, participants %d, day 1 findings %d", r.Findings.Total, len(r.Participants), r.Days[0].Findings)
		}
		b, err := r.PDF()
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("KETENTEST_SCREENSHOT_DIR"); dir != "" {
			os.WriteFile(filepath.Join(dir, "report-test.pdf"), b, 0o644)
		}
		text := pdftest.MustText(t, b)
		flat := strings.Join(strings.Fields(text), " ")
		for _, k := range report.Sections() {
			if title := i18n.T("nl", "report.s."+k); !strings.Contains(flat, title) {
				t.Errorf("PDF lacks section %q", title)
			}
		}
		for _, want := range []string{"Patiënten willen hun BgZ in één PGO zien.", "De keten werkt grotendeels.", "Verduidelijk de zib-mapping.",
			"naïef", "Organisatie 00 ëé", "BGZ-2", "Mapping van de zib", "Versie 2, opgeleverd", "Geaccepteerd door Lea Leider", "Respons: 1 van 1 (100%)"} {
			if !strings.Contains(flat, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	})
}

// BenchmarkReportPDF: 30 organisations, 2,000 findings, 3 test days,
// gathered and rendered to PDF.
func BenchmarkReportPDF(b *testing.B) {
	run := func(b *testing.B, db *store.DB) {
		f := newFixture(b, db, []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10), date.New(2027, 3, 24)})
		f.populate(b, 30, 2000)
		b.ResetTimer()
		for b.Loop() {
			r, err := f.svc.Build(context.Background(), f.h.ID, "nl")
			if err != nil {
				b.Fatal(err)
			}
			pdfBytes, err := r.PDF()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(pdfBytes))/1024, "KiB")
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, storetest.SQLite(b)) })
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) { run(b, storetest.Postgres(b)) })
	}
}
