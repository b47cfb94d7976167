package finding_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

type fixture struct {
	svc        *finding.Service
	hid        int64
	user       int64
	triage     int64 // triage team member: follows up every finding
	vendorB    int64 // participant account of Vendor B (no Actor role): follows up B's findings
	orgA, orgB int64
}

func setup(t testing.TB, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := acc.Create(ctx, account.NewUser{Email: "log@example.org", Name: "Logger", Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	hs := hackathon.NewService(db)
	h, err := hs.Create(ctx, hackathon.Input{Code: "PZP", Name: "PZP", Variant: "technisch"}, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := hs.CreateOrganisation(ctx, "Vendor A", "pgo")
	b, _ := hs.CreateOrganisation(ctx, "Vendor B", "xis")
	member := func(email, role string, org int64) int64 {
		m, err := acc.Create(ctx, account.NewUser{Email: email, Name: email, Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if err := hs.AddMember(ctx, h.ID, m.ID, role, org, u.ID); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	return fixture{svc: finding.NewService(db), hid: h.ID, user: u.ID, orgA: a, orgB: b,
		triage: member("fx-triage@example.org", "triageteam", 0), vendorB: member("fx-vendor-b@example.org", "deelnemer", b)}
}

var staff = finding.Viewer{Staff: true}

func TestCreateValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			in    finding.Input
			field string
		}{
			{"missing title", finding.Input{Title: "  "}, "title"},
			{"bad chain link", finding.Input{Title: "x", ChainLink: "moon"}, "chain_link"},
			{"bad severity", finding.Input{Title: "x", Severity: "catastrophic"}, "severity"},
			{"bad kind", finding.Input{Title: "x", Kind: "vibes"}, "kind"},
			{"unknown org", finding.Input{Title: "x", OrgIDs: []int64{999999}}, "organisation_ids"},
		} {
			_, _, err := fx.svc.Create(ctx, fx.hid, tc.in, fx.user)
			fs := apperr.Fields(err)
			if len(fs) == 0 || fs[0].Field != tc.field {
				t.Errorf("%s: got %v, want error at %s", tc.name, err, tc.field)
			}
		}
	})
}

func TestNumberingAndIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		f1, created, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Eerste", IdempotencyKey: "k-1", OrgIDs: []int64{fx.orgA, fx.orgA}}, fx.user)
		if err != nil || !created || f1.Key != "PZP-1" || len(f1.Orgs) != 1 {
			t.Fatalf("first: %+v %v %v", f1, created, err)
		}
		again, created, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Eerste (herhaald)", IdempotencyKey: "k-1"}, fx.user)
		if err != nil || created || again.ID != f1.ID || again.Title != "Eerste" {
			t.Fatalf("repeat: %+v %v %v", again, created, err)
		}
		f2, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Tweede"}, fx.user)
		if err != nil || f2.Key != "PZP-2" {
			t.Fatalf("second: %+v %v", f2, err)
		}
		all, _ := fx.svc.List(ctx, fx.hid, finding.Filter{}, staff)
		if len(all) != 2 {
			t.Fatalf("%d findings stored, want 2", len(all))
		}
		trail, _ := audit.For(ctx, db, "finding", strconv.FormatInt(f1.ID, 10))
		if len(trail) != 1 || trail[0].Action != "logged" {
			t.Error("no audit entry for the logged finding")
		}
	})
}

func TestWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		f, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Flow"}, fx.user)
		reload := func() *finding.Finding {
			g, err := fx.svc.Get(ctx, fx.hid, f.ID, staff)
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
		// Nobody outside triage and the actor's organisation follows up:
		// the service decides that itself from the user's roles.
		if err := fx.svc.SetStatus(ctx, f, finding.StatusInTriage, fx.user); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("project lead changing status: %v, want forbidden", err)
		}
		if err := fx.svc.SetFollowUp(ctx, f, finding.FollowUp{TrackerKey: "X-1"}, fx.vendorB); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("vendor B following up an unassigned finding: %v, want forbidden", err)
		}
		// nieuw → geverifieerd is not allowed: 409 naming the allowed ones.
		err := fx.svc.SetStatus(ctx, f, finding.StatusGeverifieerd, fx.triage)
		var c *apperr.Conflict
		if !errors.As(err, &c) || len(c.Allowed) == 0 || !strings.Contains(strings.Join(c.Allowed, ","), "in_triage") {
			t.Fatalf("want conflict listing in_triage, got %v", err)
		}
		if err := fx.svc.SetStatus(ctx, reload(), finding.StatusToegewezen, fx.triage); len(apperr.Fields(err)) == 0 {
			t.Fatalf("toegewezen without actor: %v", err)
		}
		if err := fx.svc.SetTriage(ctx, reload(), finding.Triage{Severity: "hoog", ActorOrgID: fx.orgB}, fx.user); err != nil {
			t.Fatal(err)
		}
		g := reload()
		if g.Status != finding.StatusToegewezen || g.ActorName != "Vendor B" || g.Severity != "hoog" {
			t.Fatalf("after triage: %+v", g)
		}
		// Vendor B's participant account holds no Actor role, yet being
		// responsible for the actor organisation is enough to follow up.
		vw, err := fx.svc.ViewerOf(ctx, fx.hid, fx.vendorB, false, []blueprint.Role{blueprint.RoleDeelnemer})
		if err != nil || !finding.CanFollowUp(vw, g) || vw.Triage {
			t.Fatalf("vendor B viewer %+v may not follow up its finding (%v)", vw, err)
		}
		if err := fx.svc.SetFollowUp(ctx, g, finding.FollowUp{TrackerKey: "VB-7"}, fx.vendorB); err != nil {
			t.Fatal(err)
		}
		if err := fx.svc.SetStatus(ctx, reload(), finding.StatusInAnalyse, fx.vendorB); err != nil {
			t.Fatal(err)
		}
		if err := fx.svc.SetStatus(ctx, reload(), finding.StatusOpgelost, fx.vendorB); err != nil {
			t.Fatal(err)
		}
		// An actor may not verify.
		if err := fx.svc.SetStatus(ctx, reload(), finding.StatusGeverifieerd, fx.vendorB); !errors.As(err, &c) {
			t.Fatalf("actor verifying: %v", err)
		}
		if err := fx.svc.SetStatus(ctx, reload(), finding.StatusGeverifieerd, fx.triage); err != nil {
			t.Fatal(err)
		}
		trail, err := audit.For(ctx, db, "finding", strconv.FormatInt(f.ID, 10))
		if err != nil || len(trail) < 5 {
			t.Fatalf("audit trail: %d entries, %v", len(trail), err)
		}
	})
}

func TestFollowUpAndMerge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		f, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "A"}, fx.user)
		err := fx.svc.SetFollowUp(ctx, f, finding.FollowUp{TrackerURL: "javascript:alert(1)"}, fx.triage)
		if fs := apperr.Fields(err); len(fs) == 0 || fs[0].Field != "tracker_url" {
			t.Fatalf("javascript: tracker url accepted: %v", err)
		}
		due := date.New(2020, 1, 1)
		if err := fx.svc.SetFollowUp(ctx, f, finding.FollowUp{Due: due, TrackerKey: "JIRA-1", TrackerURL: "https://jira.example/JIRA-1", RootCause: "oorzaak", RootChainLink: "dva"}, fx.triage); err != nil {
			t.Fatal(err)
		}
		g, _ := fx.svc.Get(ctx, fx.hid, f.ID, staff)
		if g.Due != due || g.TrackerKey != "JIRA-1" || g.RootChainLink != "dva" || !g.Overdue(date.New(2021, 1, 1)) {
			t.Fatalf("follow-up not stored: %+v", g)
		}
		d, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "A again", OrgIDs: []int64{fx.orgA}}, fx.user)
		if err := fx.svc.AddComment(ctx, d, "eigen historie", fx.user); err != nil {
			t.Fatal(err)
		}
		if err := fx.svc.Merge(ctx, d, g, fx.user); err != nil {
			t.Fatal(err)
		}
		d2, _ := fx.svc.Get(ctx, fx.hid, d.ID, staff)
		g2, _ := fx.svc.Get(ctx, fx.hid, g.ID, staff)
		cs, _ := fx.svc.Comments(ctx, d.ID)
		if d2.Status != finding.StatusDuplicaat || d2.DuplicateOf != g.ID || len(cs) != 1 || !g2.InvolvesOrg(fx.orgA) {
			t.Fatalf("merge: dup %+v, target %+v, comments %d", d2, g2, len(cs))
		}
	})
}

func TestVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		f, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Alleen A", OrgIDs: []int64{fx.orgA}}, fx.user)
		a := finding.Viewer{UserID: 999, Orgs: []int64{fx.orgA}}
		b := finding.Viewer{UserID: 998, Orgs: []int64{fx.orgB}}
		if _, err := fx.svc.Get(ctx, fx.hid, f.ID, a); err != nil {
			t.Errorf("involved org cannot see: %v", err)
		}
		if _, err := fx.svc.Get(ctx, fx.hid, f.ID, b); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("other org sees a finding not made public: %v", err)
		}
		if l, _ := fx.svc.List(ctx, fx.hid, finding.Filter{}, b); len(l) != 0 {
			t.Errorf("other org lists %d findings", len(l))
		}
		if err := fx.svc.SetVisibility(ctx, f, finding.VisibleAll, fx.user); err != nil {
			t.Fatal(err)
		}
		if l, _ := fx.svc.List(ctx, fx.hid, finding.Filter{}, b); len(l) != 1 {
			t.Errorf("public finding not listed for other org")
		}
	})
}

func TestListFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Token verloopt te vroeg", Severity: "blokkerend", ChainLink: "dva"}, fx.user)
		fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Label 100% onjuist", Severity: "laag"}, fx.user)
		for _, tc := range []struct {
			query string
			want  int
		}{
			{"", 2}, {"q=token", 1}, {"q=100%25", 1}, {"q=_", 0}, {"severity=blokkerend", 1}, {"chain_link=dva", 1},
			{"status=nieuw", 2}, {"status=opgelost", 0}, {"unassigned=1", 2}, {"status=bogus", 2},
		} {
			q, _ := url.ParseQuery(tc.query)
			l, err := fx.svc.List(ctx, fx.hid, finding.ParseFilter(q), staff)
			if err != nil || len(l) != tc.want {
				t.Errorf("%q: %d findings (%v), want %d", tc.query, len(l), err, tc.want)
			}
		}
	})
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "status=nieuw,in_triage&q=x", "actor=-1", "severity=hoog&unassigned=1", "q=%00%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt := finding.ParseFilter(q)
		if len(flt.Q) > 200 || flt.ActorOrgID < 0 || len(flt.Status) > len(finding.Statuses) {
			t.Fatalf("filter out of bounds: %+v", flt)
		}
	})
}
