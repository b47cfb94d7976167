package evaluation_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

type fixture struct {
	db   *store.DB
	svc  *evaluation.Service
	h    *hackathon.Hackathon
	lead int64
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	lead, err := accounts.Create(ctx, account.NewUser{Email: "lead@example.org", Name: "Lea Leider", Password: "long enough pw", CanCreateHackathon: true})
	if err != nil {
		t.Fatal(err)
	}
	test, err := accounts.Create(ctx, account.NewUser{Email: "test@example.org", Name: "Tom Test", Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	outbox := comms.NewOutbox(db, jobs.NewQueue(db), "Ketentest <noreply@ketentest.example>")
	f := &fixture{db: db, svc: evaluation.NewService(db, outbox), lead: lead.ID}
	f.h, err = f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "technisch", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 3, 10)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "BgZ", FHIRVersion: "STU3"}}}, lead.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Hackathons.AddMember(ctx, f.h.ID, test.ID, "test", 0, lead.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Hackathons.RecordDecision(ctx, f.h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "akkoord", DecidedOn: date.New(2026, 11, 20)}, lead.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// register adds a confirmed registration for day 1.
func (f *fixture) register(t testing.TB, name, role, email, days string) {
	t.Helper()
	now := time.Now()
	if _, err := f.db.Exec(context.Background(), `INSERT INTO registrations (hackathon_id, chain_role, name, email, attend_days, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, ?, ?, ?, ?, 'nl', 'confirmed', ?, ?, ?)`, f.h.ID, role, name, email, days, "hash-"+email, now, now); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) milestone(t testing.TB, code string) hackathon.Status {
	t.Helper()
	ms, err := f.svc.Hackathons.Milestones(context.Background(), f.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Code == code {
			return m.Status
		}
	}
	t.Fatalf("no milestone %s", code)
	return ""
}

var linkRe = regexp.MustCompile(`/evaluation/([0-9a-f]{48})`)

// tokensFromOutbox reads the personal links back from the queued mails
// (with their secrets put back, as the mail worker does).
func tokensFromOutbox(t testing.TB, db *store.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(context.Background(), "SELECT o.recipient, s.value FROM outbox o JOIN outbox_secrets s ON s.outbox_id = o.id ORDER BY o.id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var to, v string
		if err := rows.Scan(&to, &v); err != nil {
			t.Fatal(err)
		}
		out[to] = v
	}
	return out
}

// TestEvaluationFlow: a questionnaire is drawn up from the blueprint's
// defaults per role, sent through the outbox (2L done), answered once per
// personal link, summarised, and closed with a summary (6A done).
func TestEvaluationFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.register(t, "Piet PGO", "pgo", "piet@pgo.example", "1")
		f.register(t, "Dana DVA", "dva", "dana@dva.example", "")
		f.register(t, "Alleen Dag Twee", "dva", "twee@dva.example", "2")
		e, err := f.svc.Create(ctx, f.h, 1, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Create(ctx, f.h, 3, f.lead); len(apperr.Fields(err)) == 0 {
			t.Errorf("day 3 of a two-day hackathon: %v, want a field error", err)
		}
		qs, err := f.svc.Questions(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		perRole := map[evaluation.Role]int{}
		for _, q := range qs {
			perRole[q.Role]++
		}
		for _, r := range evaluation.Roles() {
			if perRole[r] < 5 {
				t.Errorf("role %s has %d default questions", r, perRole[r])
			}
		}
		// An organiser adds a choice question for DVPs.
		qid, err := f.svc.AddQuestion(ctx, f.h.ID, e.ID, evaluation.QuestionInput{Role: "dvp", Kind: "choice", Text: "Welke ronde was het nuttigst?", Choices: "Ronde 1\nRonde 2"}, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddQuestion(ctx, f.h.ID, e.ID, evaluation.QuestionInput{Role: "dvp", Kind: "choice", Text: "x", Choices: "alleen één"}, f.lead); len(apperr.Fields(err)) == 0 {
			t.Errorf("choice question with one option: %v", err)
		}

		res, err := f.svc.Send(ctx, f.h, e.ID, "https://ketentest.example", f.lead)
		if err != nil {
			t.Fatal(err)
		}
		// Piet (day 1), Dana (no days named) and the test coordinator; not the day-2 registration; the lead is a projectleider too.
		if res.Sent != 4 {
			t.Errorf("sent %d invitations, want 4 (two registrations, two project-team members)", res.Sent)
		}
		if f.milestone(t, "2L") != hackathon.StatusKlaar {
			t.Error("sending the questionnaire did not complete 2L")
		}
		again, err := f.svc.Send(ctx, f.h, e.ID, "https://ketentest.example", f.lead)
		if err != nil || again.Sent != 0 || again.Skipped != 4 {
			t.Errorf("second send: %+v %v, want nothing new", again, err)
		}
		var stored int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%/evaluation/%' AND body NOT LIKE '%[secret-%'").Scan(&stored)
		if stored != 0 {
			t.Errorf("%d outbox bodies keep the token itself", stored)
		}
		tokens := tokensFromOutbox(t, db)
		piet := tokens["piet@pgo.example"]
		if len(piet) != 48 {
			t.Fatalf("no personal link for Piet: %v", tokens)
		}

		form, err := f.svc.FormFor(ctx, piet)
		if err != nil {
			t.Fatal(err)
		}
		var scaleQ evaluation.Question
		for _, q := range form.Questions {
			if q.Role != evaluation.RoleDVP {
				t.Fatalf("Piet's form has a %s question", q.Role)
			}
			if q.Kind == evaluation.KindScale && scaleQ.ID == 0 {
				scaleQ = q
			}
		}
		// Out of scale: a Dutch-worded field error names the question, nothing is stored.
		err = f.svc.Submit(ctx, piet, map[string]string{evaluation.Field(scaleQ.ID): "7", evaluation.Field(qid): "Ronde 2"})
		fes := apperr.Fields(err)
		if len(fes) != 1 || fes[0].Field != evaluation.Field(scaleQ.ID) || fes[0].Code != "eval_scale" || fes[0].Args[0] != scaleQ.Text {
			t.Fatalf("answer 7: %v, want a field error naming the question", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM evaluation_responses").Scan(&n)
		if n != 0 {
			t.Fatalf("a refused answer left %d responses", n)
		}
		if err := f.svc.Submit(ctx, piet, map[string]string{evaluation.Field(scaleQ.ID): "4", evaluation.Field(qid): "Ronde 2", "q999999": "ignored"}); err != nil {
			t.Fatal(err)
		}
		// The link is spent: a second use changes nothing.
		if err := f.svc.Submit(ctx, piet, map[string]string{evaluation.Field(scaleQ.ID): "1"}); !errors.Is(err, evaluation.ErrAnswered) {
			t.Errorf("second use: %v, want ErrAnswered", err)
		}
		if _, err := f.svc.FormFor(ctx, strings.Repeat("0", 48)); !errors.Is(err, evaluation.ErrNotFound) {
			t.Errorf("unknown token: %v", err)
		}

		// A reminder reaches the three who did not answer, with fresh links.
		rem, err := f.svc.Remind(ctx, f.h, e.ID, "https://ketentest.example", f.lead)
		if err != nil || rem.Sent != 3 || rem.Skipped != 1 {
			t.Errorf("remind: %+v %v, want 3 sent, 1 skipped", rem, err)
		}
		dana := tokensFromOutbox(t, db)["dana@dva.example"]
		if err := f.svc.Submit(ctx, dana, map[string]string{}); len(apperr.Fields(err)) == 0 {
			t.Errorf("empty response: %v, want a field error", err)
		}

		r, err := f.svc.Summarise(ctx, f.h.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Invited != 4 || r.Responded != 1 || r.RatePct() != 25 {
			t.Errorf("rate %d/%d = %d%%, want 1/4 = 25%%", r.Responded, r.Invited, r.RatePct())
		}
		for _, q := range r.Questions {
			if q.ID == scaleQ.ID && (q.Dist[3] != 1 || q.Mean != 4) {
				t.Errorf("scale question: dist %v mean %v", q.Dist, q.Mean)
			}
			if q.ID == qid && (q.Choices[1].N != 1 || q.Chart() == nil) {
				t.Errorf("choice question: %+v", q.Choices)
			}
		}
		if !strings.Contains(string(r.RoleChart().SVG()), "<svg") {
			t.Error("no SVG role chart")
		}
		var csv bytes.Buffer
		if err := f.svc.WriteCSV(ctx, &csv, f.h.ID, e.ID, time.UTC); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(csv.String(), "Ronde 2") || strings.Count(csv.String(), "\n") != 3 {
			t.Errorf("CSV:\n%s", csv.String())
		}

		if _, err := f.svc.Close(ctx, f.h.ID, e.ID, "  ", f.lead); len(apperr.Fields(err)) == 0 {
			t.Errorf("closing without summary: %v", err)
		}
		mark, err := f.svc.Close(ctx, f.h.ID, e.ID, "Goed georganiseerd; aansluiten kan sneller.", f.lead)
		if err != nil || !mark.Done {
			t.Fatalf("close: %+v %v", mark, err)
		}
		if f.milestone(t, "6A") != hackathon.StatusKlaar {
			t.Error("closing with a summary did not complete 6A")
		}
		if err := f.svc.Submit(ctx, dana, map[string]string{evaluation.Field(scaleQ.ID): "3"}); !errors.Is(err, evaluation.ErrClosed) {
			t.Errorf("answer after closing: %v, want ErrClosed", err)
		}
	})
}

// TestNamedResponses: a questionnaire that is not anonymous keeps the
// respondent's name with the open answers.
func TestNamedResponses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		e, err := f.svc.Create(ctx, f.h, 1, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetAnonymous(ctx, f.h.ID, e.ID, false, f.lead); err != nil {
			t.Fatal(err)
		}
		token, _, err := f.svc.AddInvite(ctx, db, e.ID, evaluation.Recipient{Role: evaluation.RoleOverig, Name: "Olga Overig", Email: "olga@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		form, err := f.svc.FormFor(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		var open evaluation.Question
		for _, q := range form.Questions {
			if q.Kind == evaluation.KindOpen {
				open = q
			}
		}
		if err := f.svc.Submit(ctx, token, map[string]string{evaluation.Field(open.ID): "Meer koffie"}); err != nil {
			t.Fatal(err)
		}
		r, _ := f.svc.Summarise(ctx, f.h.ID, e.ID)
		found := false
		for _, q := range r.Questions {
			for _, o := range q.Open {
				found = found || (o.Text == "Meer koffie" && o.Respondent == "Olga Overig")
			}
		}
		if !found {
			t.Error("named open answer not in the results")
		}
	})
}

// BenchmarkSummarise300 summarises a questionnaire with 300 responses.
func BenchmarkSummarise300(b *testing.B) {
	run := func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		f := newFixture(b, db)
		e, err := f.svc.Create(ctx, f.h, 1, f.lead)
		if err != nil {
			b.Fatal(err)
		}
		qs, _ := f.svc.Questions(ctx, e.ID)
		for i := 0; i < 300; i++ {
			role := evaluation.Roles()[i%5]
			token, _, err := f.svc.AddInvite(ctx, db, e.ID, evaluation.Recipient{Role: role, Name: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.org", i)})
			if err != nil {
				b.Fatal(err)
			}
			ans := map[string]string{}
			for _, q := range qs {
				if q.Role != role {
					continue
				}
				if q.Kind == evaluation.KindScale {
					ans[evaluation.Field(q.ID)] = fmt.Sprint(1 + i%5)
				} else {
					ans[evaluation.Field(q.ID)] = fmt.Sprintf("Antwoord %d over de dag", i)
				}
			}
			if err := f.svc.Submit(ctx, token, ans); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for b.Loop() {
			r, err := f.svc.Summarise(ctx, f.h.ID, e.ID)
			if err != nil || r.Responded != 300 {
				b.Fatal(r, err)
			}
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, storetest.SQLite(b)) })
	if os.Getenv(storetest.EnvPostgres) != "" {
		b.Run("postgres", func(b *testing.B) { run(b, storetest.Postgres(b)) })
	}
}
