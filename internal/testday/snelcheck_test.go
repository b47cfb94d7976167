package testday_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// fakeDVA answers like a DVA: a CapabilityStatement at /metadata and OAuth
// endpoints; broken answers 404 on /metadata.
func fakeDVA(broken bool) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/fhir/metadata", func(w http.ResponseWriter, r *http.Request) {
		if broken {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/fhir+json")
		w.Write([]byte(`{"resourceType":"CapabilityStatement","fhirVersion":"3.0.2"}`))
	})
	mux.HandleFunc("/fhir", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("/oauth/authorize", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadRequest) })
	mux.HandleFunc("/oauth/token", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadRequest) })
	return httptest.NewTLSServer(mux)
}

func checkOf(t *testing.T, cs []testday.Check, auto string) testday.Check {
	t.Helper()
	for _, c := range cs {
		if c.Item.AutoCheck == auto {
			return c
		}
	}
	t.Fatalf("no check %s", auto)
	return testday.Check{}
}

// TestSnelcheckFlow takes three participants through the snelcheck: the
// lists are drawn up from the blueprint (2G done when established); a
// disallowed file is refused naming the field and saves nothing; the
// automated checks run through the SSRF guard against two loopback DVAs
// (one answers no CapabilityStatement and fails); the decisions complete
// 5A only once everyone has one; each participant is told its own result
// (5B only when the last is told), and a generic send of the result
// template is refused and leaves 5B alone.
func TestSnelcheckFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		good, bad := fakeDVA(false), fakeDVA(true)
		defer good.Close()
		defer bad.Close()
		pgo := f.org(t, "GezondApp", "pgo", "pgo@gezondapp.example", "pgo")
		dva := f.org(t, "Ziekenhuis Oost DVA", "dva", "dva@oost.example", "dva")
		broken := f.org(t, "Wankel DVA", "dva", "dva@wankel.example", "")

		if _, err := f.svc.Apply(ctx, f.h.ID, dva, testday.ParticipantInput{}, f.tech); !hasField(err, "checklist") {
			t.Fatalf("apply before drawing up: %v", err)
		}
		if n, err := f.svc.DrawUp(ctx, f.h.ID, f.tech); err != nil || n != 3 {
			t.Fatalf("draw up: %d %v", n, err)
		}
		if n, _ := f.svc.DrawUp(ctx, f.h.ID, f.tech); n != 0 {
			t.Fatal("drawing up twice added lists")
		}
		if f.milestone(t, "2G") == hackathon.StatusKlaar {
			t.Fatal("2G done before the lists were established")
		}
		mark, err := f.svc.Establish(ctx, f.h.ID, f.tech)
		if err != nil || !mark.Done || f.milestone(t, "2G") != hackathon.StatusKlaar {
			t.Fatalf("establish: %+v %v", mark, err)
		}

		if _, err := f.svc.Apply(ctx, f.h.ID, dva, testday.ParticipantInput{Endpoint: good.URL + "/fhir", Services: []string{"48@R4"}}, f.tech); !hasField(err, "services") {
			t.Fatalf("service across FHIR versions: %v", err)
		}
		if _, err := f.svc.Apply(ctx, f.h.ID, dva, testday.ParticipantInput{Endpoint: good.URL + "/fhir", Services: []string{"48@STU3"}}, f.tech); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Apply(ctx, f.h.ID, broken, testday.ParticipantInput{Endpoint: bad.URL + "/fhir", Services: []string{"48@STU3"}}, f.tech); err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.ApplyAll(ctx, f.h.ID, f.tech); err != nil || n != 1 {
			t.Fatalf("apply all: %d %v", n, err)
		}

		// Without the closed test network opened, the guard refuses loopback.
		res, err := f.svc.RunAutomated(ctx, f.h.ID, []int64{dva}, f.tech)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Check == testday.AutoMetadata && (r.Pass || !strings.Contains(r.Detail, "not allowed")) {
				t.Fatalf("loopback called without the policy allowing it: %+v", r)
			}
		}
		f.svc.Policy.AllowURL(good.URL)
		f.svc.Policy.AllowURL(bad.URL)
		f.svc.Policy.RootCAs = good.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
		if _, err := f.svc.RunAutomated(ctx, f.h.ID, nil, f.tech); err != nil {
			t.Fatal(err)
		}
		cs, _ := f.svc.Checks(ctx, f.h.ID, dva)
		for _, auto := range []string{testday.AutoReachable, testday.AutoTLS, testday.AutoMetadata, testday.AutoOAuth} {
			if c := checkOf(t, cs, auto); c.Status != testday.StatusVerified {
				t.Errorf("good DVA %s: %s %s", auto, c.Status, c.Detail)
			}
		}
		if c := checkOf(t, cs, testday.AutoReferenceRun); c.Status != testday.StatusFailed || !strings.Contains(c.Detail, "no reference PGO run") {
			t.Errorf("reference run without a run: %+v", c)
		}
		cs, _ = f.svc.Checks(ctx, f.h.ID, broken)
		if c := checkOf(t, cs, testday.AutoMetadata); c.Status != testday.StatusFailed || !strings.Contains(c.Detail, "404") {
			t.Errorf("broken DVA metadata: %s %s", c.Status, c.Detail)
		}

		// A self-declaration with a disallowed file is refused; nothing is saved.
		cs, _ = f.svc.Checks(ctx, f.h.ID, pgo)
		var self testday.Check
		for _, c := range cs {
			if c.Item.Kind == testday.KindSelf {
				self = c
			}
		}
		for _, d := range []testday.Declaration{
			{FileName: "verklaring.exe", File: []byte("MZ\x90\x00"), EvidenceURL: "https://ok.example/v"},
			{FileName: "verklaring.pdf", File: []byte("<html><script>x</script>")},
		} {
			if _, err := f.svc.Declare(ctx, f.h.ID, pgo, self.ID, d, f.users["pgo"]); !hasField(err, "file") {
				t.Fatalf("disallowed file %s: %v", d.FileName, err)
			}
		}
		if _, err := f.svc.Declare(ctx, f.h.ID, pgo, self.ID, testday.Declaration{EvidenceURL: "javascript:alert(1)"}, f.users["pgo"]); !hasField(err, "evidence_url") {
			t.Fatalf("script link: %v", err)
		}
		if c, _ := f.svc.CheckByID(ctx, f.h.ID, self.ID); c.Status != testday.StatusOpen || c.EvidenceURL != "" {
			t.Fatalf("half saved: %+v", c)
		}
		if _, err := f.svc.Declare(ctx, f.h.ID, dva, self.ID, testday.Declaration{Note: "klaar"}, f.users["dva"]); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("declaring another organisation's item: %v", err)
		}
		c, err := f.svc.Declare(ctx, f.h.ID, pgo, self.ID, testday.Declaration{FileName: "verklaring.pdf", File: []byte("%PDF-1.4 verklaring"), Note: "getekend"}, f.users["pgo"])
		if err != nil || c.Status != testday.StatusClaimed || c.ClaimedBy != "User pgo" || c.ClaimedAt.IsZero() {
			t.Fatalf("declare: %+v %v", c, err)
		}

		// Decisions: 5A only when everyone has one.
		if _, err := f.svc.Decide(ctx, f.h.ID, dva, "go", " ", f.test); !hasField(err, "reason") {
			t.Fatalf("decision without reason: %v", err)
		}
		if _, err := f.svc.Decide(ctx, f.h.ID, dva, "go", "alle controles groen", f.test); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(ctx, f.h.ID, broken, "no_go", "metadata faalt", f.test); err != nil {
			t.Fatal(err)
		}
		if f.milestone(t, "5A") == hackathon.StatusKlaar {
			t.Fatal("5A done with a participant undecided")
		}
		r, err := f.svc.Decide(ctx, f.h.ID, pgo, "eigen_risico", "whitelisting nog niet rond", f.test)
		if err != nil || r.Milestone == nil || !r.Milestone.Done || f.milestone(t, "5A") != hackathon.StatusKlaar {
			t.Fatalf("last decision: %+v %v", r.Milestone, err)
		}
		ws, _ := f.svc.Warnings(ctx, f.h.ID)
		if !hasWarning(ws, "few_go", "pgo") {
			t.Errorf("no warning for the PGO role without a go: %+v", ws)
		}

		// The generic send of the result template is refused and leaves 5B.
		if _, err := f.svc.Comm.EnsureDefaultTemplates(ctx, f.h.ID, f.rel); err != nil {
			t.Fatal(err)
		}
		tpls, _ := f.svc.Comm.Templates(ctx, f.h.ID)
		for _, tp := range tpls {
			if tp.Moment == commplan.MomentSnelcheckResult {
				var conflict *apperr.Conflict
				if _, err := f.svc.Comm.SendTemplate(ctx, f.h.ID, tp.ID, commplan.Audience{}, false, "https://k.example", f.rel); !errors.As(err, &conflict) {
					t.Fatalf("generic send: %v", err)
				}
			}
		}
		if f.milestone(t, "5B") == hackathon.StatusKlaar {
			t.Fatal("5B done by a generic send")
		}

		// Each is told its own result; 5B only after the last.
		nr, err := f.svc.Notify(ctx, f.h.ID, []int64{pgo}, "https://k.example", f.rel)
		if err != nil || nr.Told != 1 || nr.Messages != 1 || f.milestone(t, "5B") == hackathon.StatusKlaar {
			t.Fatalf("notify one: %+v %v", nr, err)
		}
		var subject, body string
		if err := db.QueryRow(ctx, "SELECT subject, body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1", "pgo@gezondapp.example").Scan(&subject, &body); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(subject, "eigen risico") || !strings.Contains(body, "Aansluiten op de MedMij-zandbak") || !strings.Contains(body, "/snelcheck/mine") {
			t.Fatalf("message: %s\n%s", subject, body)
		}
		nr, err = f.svc.Notify(ctx, f.h.ID, nil, "https://k.example", f.rel)
		if err != nil || nr.Told != 2 || nr.Milestone == nil || !nr.Milestone.Done || f.milestone(t, "5B") != hackathon.StatusKlaar {
			t.Fatalf("notify rest: %+v %+v %v", nr, nr.Milestone, err)
		}
		m, _ := f.svc.Matrix(ctx, f.h.ID)
		if m.Total != 3 || m.Decided != 3 || m.Told != 3 {
			t.Fatalf("matrix: %+v", m)
		}
	})
}

// TestRerunBounded: a participant re-runs its automated items as often as
// it likes, up to RerunsPerMinute a minute; the bound is kept in the
// database, so a second service on the same database (another process or
// app instance) is refused too, and the next minute allows runs again.
func TestRerunBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pgo := f.org(t, "GezondApp", "pgo", "pgo@gezondapp.example", "pgo")
		f.svc.DrawUp(ctx, f.h.ID, f.tech)
		if _, err := f.svc.Apply(ctx, f.h.ID, pgo, testday.ParticipantInput{}, f.tech); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		clock := func() time.Time { return now }
		f.svc.RerunsPerMinute, f.svc.Now = 2, clock
		other := testday.NewService(db, nil, &pgoclient.Policy{})
		other.RerunsPerMinute, other.Now = 2, clock
		for i := 0; i < 2; i++ {
			if _, err := f.svc.Rerun(ctx, f.h.ID, pgo, f.users["pgo"]); err != nil {
				t.Fatal(err)
			}
		}
		var conflict *apperr.Conflict
		if _, err := f.svc.Rerun(ctx, f.h.ID, pgo, f.users["pgo"]); !errors.As(err, &conflict) {
			t.Fatalf("third run within a minute: %v", err)
		}
		if _, err := other.Rerun(ctx, f.h.ID, pgo, f.users["pgo"]); !errors.As(err, &conflict) {
			t.Fatalf("third run through another service on the same database: %v", err)
		}
		now = now.Add(61 * time.Second)
		if _, err := other.Rerun(ctx, f.h.ID, pgo, f.users["pgo"]); err != nil {
			t.Fatalf("run in the next minute: %v", err)
		}
	})
}

func hasField(err error, field string) bool {
	for _, fe := range apperr.Fields(err) {
		if fe.Field == field {
			return true
		}
	}
	return false
}

func hasWarning(ws []testday.Warning, code, role string) bool {
	for _, w := range ws {
		if w.Code == code && w.Role == role {
			return true
		}
	}
	return false
}
