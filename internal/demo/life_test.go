package demo

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// tally counts what the demo stored, to compare two loads.
func tally(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for name, q := range map[string]string{
		"findings": "SELECT COUNT(*) FROM findings", "comments": "SELECT COUNT(*) FROM finding_comments",
		"notifications": "SELECT COUNT(*) FROM finding_notifications", "audit": "SELECT COUNT(*) FROM audit_log",
		"traffic": "SELECT COUNT(*) FROM sandbox_traffic", "clients": "SELECT COUNT(*) FROM sandbox_clients",
		"runs": "SELECT COUNT(*) FROM pgo_runs", "users": "SELECT COUNT(*) FROM users", "members": "SELECT COUNT(*) FROM hackathon_members",
		"outbox": "SELECT COUNT(*) FROM outbox",
	} {
		var n int
		if err := db.QueryRow(context.Background(), q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = n
	}
	return out
}

// TestDemoLife: the demo hackathon has findings in every status with their
// follow-up, notifications, a sandbox client with traffic and reference
// PGO runs; a second load adds nothing; every printed account logs in.
func TestDemoLife(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		accounts, err := Load(ctx, db, now)
		if err != nil {
			t.Fatal(err)
		}
		first := tally(t, db)
		if _, err := Load(ctx, db, now.Add(time.Hour)); err != nil {
			t.Fatalf("second load: %v", err)
		}
		if second := tally(t, db); fmt.Sprint(second) != fmt.Sprint(first) {
			t.Errorf("second load changed the data:\n first %v\nsecond %v", first, second)
		}
		var hid int64
		if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", Code).Scan(&hid); err != nil {
			t.Fatal(err)
		}
		svc := finding.NewService(db)
		all, err := svc.List(ctx, hid, finding.Filter{}, finding.Viewer{Staff: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(demoFindings) || len(all) < 40 {
			t.Fatalf("%d findings, want %d (at least 40)", len(all), len(demoFindings))
		}
		want, got := map[finding.Status]int{}, map[finding.Status]int{}
		for _, d := range demoFindings {
			want[d.status]++
		}
		today := date.Of(now)
		var overdue, public, restricted, rooted, dups, keyed int
		for _, f := range all {
			got[f.Status]++
			if f.Overdue(today) {
				overdue++
			}
			if f.Visibility == finding.VisibleAll {
				public++
			} else {
				restricted++
			}
			if f.Status.Solved() && f.RootCause != "" && f.RootChainLink != "" {
				rooted++
			}
			if f.Status == finding.StatusDuplicaat && f.DuplicateOf != 0 {
				dups++
			}
			if f.TrackerKey != "" && strings.HasPrefix(f.TrackerURL, "https://") {
				keyed++
			}
			if f.ActorOrgID != 0 && f.ActorResponsible == "" {
				t.Errorf("%s: actor %s without a responsible person", f.Key, f.ActorName)
			}
		}
		for _, s := range finding.Statuses {
			if got[s] == 0 || got[s] != want[s] {
				t.Errorf("status %s: %d findings, want %d (and at least one)", s, got[s], want[s])
			}
		}
		if overdue < 3 {
			t.Errorf("%d overdue findings, want a few", overdue)
		}
		if public == 0 || restricted == 0 || rooted < 5 || dups != got[finding.StatusDuplicaat] || keyed < 20 {
			t.Errorf("public %d, restricted %d, solved with root cause %d, merged duplicates %d, tracker keys %d", public, restricted, rooted, dups, keyed)
		}
		var commenters int
		if err := db.QueryRow(ctx, "SELECT COUNT(DISTINCT user_id) FROM finding_comments").Scan(&commenters); err != nil || commenters < 5 {
			t.Errorf("comments by %d people (%v), want several roles", commenters, err)
		}
		for _, kind := range []string{finding.OptLabel, finding.OptCategory, finding.OptTheme} {
			if opts, _ := svc.Options(ctx, hid, kind); len(opts) < 5 {
				t.Errorf("%d %s options configured", len(opts), kind)
			}
		}
		acc := account.NewService(db)
		for _, who := range []string{"actor", "deelnemer", "actor-epd", "issue", "triage"} {
			u, err := acc.ByEmail(ctx, who+"@demo.ketentest.nl")
			if err != nil {
				t.Fatal(err)
			}
			v, _, err := finding.ViewerOf(ctx, db, hid, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ns, err := svc.Notifications(ctx, hid, v, 100); err != nil || len(ns) == 0 {
				t.Errorf("no notifications for %s (%v)", who, err)
			}
		}
		// Gezondapp's traffic as its hackathon sees it: with the refused
		// requests that only named its client_id (marked unproven).
		traffic, err := sandbox.HackathonTraffic(ctx, db, sandbox.TrafficFilter{HackathonID: hid, ClientID: GezondappClient, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var ok2xx, err4xx int
		for _, e := range traffic {
			switch {
			case e.Status < 300:
				ok2xx++
			case e.Status >= 400 && e.Status < 500:
				err4xx++
			}
		}
		if ok2xx < 10 || err4xx < 2 {
			t.Errorf("Gezondapp traffic: %d successful and %d refused requests", ok2xx, err4xx)
		}
		if cs, _ := sandbox.HackathonClientList(ctx, db, hid); !hasClient(cs, GezondappClient, "Gezondapp BV") {
			t.Errorf("Gezondapp's sandbox client not registered for its organisation: %+v", cs)
		}
		runs, err := pgoclient.NewStore(db).List(ctx, hid, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[string]int{}
		for _, r := range runs {
			statuses[r.Status]++
			xs, _ := pgoclient.NewStore(db).Exchanges(ctx, r.ID)
			if r.Status == pgoclient.StatusPassed && len(xs) < 28 {
				t.Errorf("passed run %d has %d exchanges", r.ID, len(xs))
			}
		}
		if len(runs) != 3 || statuses[pgoclient.StatusPassed] != 2 || statuses[pgoclient.StatusError] != 1 {
			t.Errorf("reference PGO runs: %v", statuses)
		}
		items, err := commplan.NewService(db, nil).Calendar(ctx, hid)
		if err != nil {
			t.Fatal(err)
		}
		var sent int
		for _, it := range items {
			if it.Status == commplan.StatusVerzonden {
				sent++
			}
			if it.IsOverdue(today) {
				t.Errorf("calendar item %s (%s) is overdue", it.Title, it.PlannedOn)
			}
		}
		if sent < 2 || first["outbox"] == 0 {
			t.Errorf("%d calendar messages sent, %d messages in the outbox", sent, first["outbox"])
		}
		checkLogins(t, db, hid, accounts)
	})
}

func hasClient(cs []sandbox.RegisteredClient, id, org string) bool {
	for _, c := range cs {
		if c.ClientID == id && c.Organisation == org && c.RegisteredBy != "" {
			return true
		}
	}
	return false
}

// checkLogins logs every printed account in through the web application
// with the printed password and opens the demo's findings.
func checkLogins(t *testing.T, db *store.DB, hid int64, accounts []Account) {
	t.Helper()
	h := web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{}).Handler()
	for _, a := range accounts {
		form := url.Values{"email": {a.Email}, "password": {Password}}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var session *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == web.SessionCookie && c.Value != "" {
				session = c
			}
		}
		if rec.Code != http.StatusSeeOther || session == nil {
			t.Errorf("login %s: HTTP %d, session %v", a.Email, rec.Code, session != nil)
			continue
		}
		req = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/hackathons/%d/findings", hid), nil)
		req.AddCookie(session)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if a.Role != "platformbeheerder" && rec.Code != http.StatusOK {
			t.Errorf("%s (%s) opens the findings: HTTP %d", a.Email, a.Role, rec.Code)
		}
	}
}
