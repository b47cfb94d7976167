package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// actorPeople follow up the findings of the organisations that have no
// demo person in demo.go (Gezondapp BV has Daan Peters, Zorgdata Connect
// Anouk Hendriks).
var actorPeople = []person{
	{"actor-mijndossier", "Mark Jacobs", blueprint.RoleActor, orgMijnDossier},
	{"actor-epd", "Erik Veenstra", blueprint.RoleActor, orgEPD},
	{"actor-rivierenland", "Yusuf Demir", blueprint.RoleActor, orgRivierenland},
}

// ensureActorAccounts creates the accounts of actorPeople and returns them to print.
func ensureActorAccounts(ctx context.Context, acc *account.Service) ([]Account, error) {
	var out []Account
	for _, p := range actorPeople {
		u, err := ensureUser(ctx, acc, p.local+"@demo.ketentest.nl", p.name, false)
		if err != nil {
			return nil, err
		}
		out = append(out, Account{Email: u.Email, Name: u.Name, Role: p.role.Label().NL + ", " + p.org})
	}
	return out, nil
}

// demoUsers resolves the demo accounts by the local part of their e-mail address.
func demoUsers(ctx context.Context, acc *account.Service) (map[string]*account.User, error) {
	out := map[string]*account.User{}
	for _, p := range append(append([]person{}, people...), actorPeople...) {
		u, err := acc.ByEmail(ctx, p.local+"@demo.ketentest.nl")
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", p.local, err)
		}
		out[p.local] = u
	}
	return out, nil
}

// loadLife adds what a hackathon in full swing has and the demo lacks:
// findings with their follow-up, and traffic in the test environment.
// Every part checks what exists first, so it adds nothing the second time.
func loadLife(ctx context.Context, db *store.DB, now time.Time, o Options) error {
	hs := hackathon.NewService(db)
	var hid int64
	if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", Code).Scan(&hid); err != nil {
		return fmt.Errorf("demo hackathon: %w", err)
	}
	users, err := demoUsers(ctx, account.NewService(db))
	if err != nil {
		return err
	}
	if err := loadFindings(ctx, db, hs, hid, users, now); err != nil {
		return fmt.Errorf("demo findings: %w", err)
	}
	if err := loadSandbox(ctx, db, hid, users, now, o); err != nil {
		return fmt.Errorf("demo sandbox: %w", err)
	}
	if err := loadCommsLife(ctx, db, hid, users, now, o); err != nil {
		return fmt.Errorf("demo communication: %w", err)
	}
	if err := loadTestday(ctx, db, hid, users, o); err != nil {
		return fmt.Errorf("demo test day: %w", err)
	}
	if err := loadEvaluationDraft(ctx, db, hid, users); err != nil {
		return fmt.Errorf("demo evaluation: %w", err)
	}
	if err := loadEarlier(ctx, db, now, o); err != nil {
		return fmt.Errorf("demo earlier hackathon: %w", err)
	}
	if err := loadProviders(ctx, db, hid); err != nil {
		return fmt.Errorf("demo care providers: %w", err)
	}
	return nil
}

// clock is the demo's time while it replays the weeks of the pre-test:
// working hours (09:00–17:30 in the Netherlands) on working days, and
// never past the real now.
type clock struct {
	t, end time.Time
	loc    *time.Location
}

func newClock(start, end time.Time) *clock {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		loc = time.UTC // no time zone database: office hours in UTC
	}
	c := &clock{t: start, end: end, loc: loc}
	c.step(0)
	return c
}

func (c *clock) now() time.Time { return c.t }

// at moves the clock to day days after start at hh:mm local time.
func (c *clock) at(start time.Time, days, hh, mm int) {
	l := start.In(c.loc)
	c.t = time.Date(l.Year(), l.Month(), l.Day()+days, hh, mm, 0, 0, c.loc)
	c.step(0)
}

// step moves the clock on by d, skipping evenings, nights and weekends.
func (c *clock) step(d time.Duration) {
	t := c.t.Add(d).In(c.loc)
	for {
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.loc)
		switch {
		case t.Weekday() == time.Saturday || t.Weekday() == time.Sunday:
			t = day.AddDate(0, 0, 1).Add(9 * time.Hour)
			continue
		case t.Before(day.Add(9 * time.Hour)):
			t = day.Add(9 * time.Hour)
		case t.After(day.Add(17*time.Hour + 30*time.Minute)):
			t = day.AddDate(0, 0, 1).Add(9*time.Hour + time.Duration(t.Minute())*time.Minute)
			continue
		}
		break
	}
	if c.t = t; c.t.After(c.end) {
		c.t = c.end
	}
}

func loadFindings(ctx context.Context, db *store.DB, hs *hackathon.Service, hid int64, users map[string]*account.User, now time.Time) error {
	svc := finding.NewService(db)
	staff := finding.Viewer{Staff: true}
	if have, err := svc.List(ctx, hid, finding.Filter{}, staff); err != nil || len(have) > 0 {
		return err
	}
	lead := users["projectleider"].ID
	orgs := map[string]int64{}
	for _, o := range organisations {
		id, err := hs.CreateOrganisation(ctx, o.name, o.chain)
		if err != nil {
			return err
		}
		orgs[o.name] = id
	}
	for _, o := range []struct{ name, chain string }{{orgMedMij, "afsprakenstelsel"}, {orgNictiz, "informatiestandaard"}} {
		id, err := hs.CreateOrganisation(ctx, o.name, o.chain)
		if err != nil {
			return err
		}
		orgs[o.name] = id
	}
	members, err := hs.Members(ctx, hid)
	if err != nil {
		return err
	}
	isMember := map[int64]bool{}
	for _, m := range members {
		isMember[m.UserID] = true
	}
	for _, p := range actorPeople {
		if u := users[p.local]; !isMember[u.ID] {
			if err := hs.AddMember(ctx, hid, u.ID, string(p.role), orgs[p.org], lead); err != nil {
				return fmt.Errorf("demo actor %s: %w", p.local, err)
			}
		}
	}
	issue := users["issue"].ID
	for _, kv := range []struct {
		kind   string
		values []string
	}{{finding.OptLabel, demoLabels}, {finding.OptCategory, demoCategories}, {finding.OptTheme, demoThemes}} {
		if err := svc.SetOptions(ctx, hid, kv.kind, kv.values, issue); err != nil {
			return err
		}
	}
	for org, who := range map[string]string{orgGezondapp: "deelnemer", orgZorgdata: "actor", orgMijnDossier: "actor-mijndossier",
		orgEPD: "actor-epd", orgRivierenland: "actor-rivierenland", orgMedMij: "opdrachtgever", orgNictiz: "techniek"} {
		if err := svc.SetActor(ctx, hid, orgs[org], users[who].ID, issue); err != nil {
			return fmt.Errorf("demo actor %s: %w", org, err)
		}
	}
	// The demo's history should not flood the outbox with e-mail to
	// invented addresses: mail is off while it is replayed, and on again after.
	for _, u := range users {
		if err := svc.SetEmailNotifications(ctx, hid, u.ID, false); err != nil {
			return err
		}
	}
	start := now.AddDate(0, 0, -24)
	clk := newClock(start, now.Add(-time.Minute))
	svc.Now = clk.now
	today := date.Of(now)
	created := make([]*finding.Finding, len(demoFindings))
	for i, d := range demoFindings {
		// Two or three findings a working day, each followed up over the
		// next hours and days.
		clk.at(start, i*4/7, 9+i%3*2, 10+i*13%45)
		f, err := playFinding(ctx, svc, hid, d, orgs, users, created, clk, today)
		if err != nil {
			return fmt.Errorf("finding %d (%s): %w", i+1, d.title, err)
		}
		created[i] = f
	}
	for _, u := range users {
		if err := svc.SetEmailNotifications(ctx, hid, u.ID, true); err != nil {
			return err
		}
		if err := readOldNotifications(ctx, svc, hid, u.ID, now.AddDate(0, 0, -7)); err != nil {
			return err
		}
	}
	return finishMilestone(ctx, hs, hid, "2N", issue)
}

// readOldNotifications marks what a user was told before the last week as
// read, as someone who keeps up would have done.
func readOldNotifications(ctx context.Context, svc *finding.Service, hid, userID int64, before time.Time) error {
	v, _, err := finding.ViewerOf(ctx, svc.DB, hid, userID)
	if err != nil {
		return err
	}
	ns, err := svc.Notifications(ctx, hid, v, 1000)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if !n.Read && n.At.Before(before) {
			if err := svc.MarkRead(ctx, hid, userID, n.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// finishMilestone marks a milestone of the first iteration done: with the
// pick lists configured and the teams in place, 2N is.
func finishMilestone(ctx context.Context, hs *hackathon.Service, hid int64, code string, by int64) error {
	ms, err := hs.Milestones(ctx, hid)
	if err != nil {
		return err
	}
	done := "gereed"
	for _, m := range ms {
		if m.Code == code && m.Iteration == 1 && string(m.Status) != done {
			_, err := hs.UpdateMilestone(ctx, hid, m.ID, hackathon.MilestoneChange{Status: &done, OwnerID: &by}, by)
			return err
		}
	}
	return nil
}

// playFinding logs one finding and takes it through triage and follow-up
// to its final state, each step by the person who would take it.
func playFinding(ctx context.Context, svc *finding.Service, hid int64, d demoFinding, orgs map[string]int64,
	users map[string]*account.User, created []*finding.Finding, clk *clock, today date.Date) (*finding.Finding, error) {
	staff := finding.Viewer{Staff: true}
	in := finding.Input{Title: d.title, Description: d.desc, ReportedBy: d.reporter, ChainLink: d.chain, DataService: d.service,
		Kind: d.kind, Severity: d.severity}
	for _, o := range d.orgs {
		in.OrgIDs = append(in.OrgIDs, orgs[o])
	}
	f, _, err := svc.Create(ctx, hid, in, users[d.loggedBy].ID)
	if err != nil {
		return nil, err
	}
	reload := func() error {
		clk.step(time.Duration(50+f.ID*17%70) * time.Minute)
		f, err = svc.Get(ctx, hid, f.ID, staff)
		return err
	}
	triage, issue := users["triage"].ID, users["issue"].ID
	actorUser := triage
	if d.actor != "" {
		for org, who := range map[string]string{orgGezondapp: "deelnemer", orgZorgdata: "actor", orgMijnDossier: "actor-mijndossier",
			orgEPD: "actor-epd", orgRivierenland: "actor-rivierenland", orgMedMij: "opdrachtgever", orgNictiz: "techniek"} {
			if org == d.actor {
				actorUser = users[who].ID
			}
		}
	}
	steps := []func() error{}
	add := func(fn func() error) { steps = append(steps, fn) }
	if d.status != finding.StatusNieuw {
		add(func() error { return svc.SetStatus(ctx, f, finding.StatusInTriage, triage) })
	}
	if d.public {
		add(func() error { return svc.SetVisibility(ctx, f, finding.VisibleAll, triage) })
	}
	if d.category != "" || d.theme != "" || d.labels != nil || d.actor != "" {
		add(func() error {
			return svc.SetTriage(ctx, f, finding.Triage{Category: d.category, Theme: d.theme, Severity: d.severity,
				ActorOrgID: orgs[d.actor], Labels: d.labels}, triage)
		})
	}
	commentAt := len(steps) // comments follow the triage
	if d.actor != "" && (d.due != 0 || d.tracker != "") {
		add(func() error {
			u := finding.FollowUp{TrackerKey: d.tracker}
			if d.tracker != "" {
				u.TrackerURL = trackerURL(d.actor, d.tracker)
			}
			if d.due != 0 {
				// A term is set when the finding is assigned; that it has
				// passed (or not) is measured from today.
				u.Due = today.AddDays(d.due)
			}
			return svc.SetFollowUp(ctx, f, u, issue)
		})
	}
	switch d.status {
	case finding.StatusInAnalyse, finding.StatusOpgelost, finding.StatusGeverifieerd:
		add(func() error { return svc.SetStatus(ctx, f, finding.StatusInAnalyse, actorUser) })
	}
	switch d.status {
	case finding.StatusOpgelost, finding.StatusGeverifieerd:
		add(func() error {
			u := finding.FollowUp{Due: f.Due, TrackerKey: f.TrackerKey, TrackerURL: f.TrackerURL, RootCause: d.rootCause, RootChainLink: d.rootLink,
				RootEvidence: "Zie het verkeer in de testomgeving en de tracker van de actor."}
			return svc.SetFollowUp(ctx, f, u, actorUser)
		})
		add(func() error { return svc.SetStatus(ctx, f, finding.StatusOpgelost, actorUser) })
	}
	if d.status == finding.StatusGeverifieerd {
		add(func() error { return svc.SetStatus(ctx, f, finding.StatusGeverifieerd, triage) })
	}
	if d.status == finding.StatusNietOplossen {
		add(func() error { return svc.SetStatus(ctx, f, finding.StatusNietOplossen, triage) })
	}
	// Comments go where they belong in the story: the first after the
	// triage, the others spread over the follow-up.
	var commentSteps []func() error
	for _, c := range d.comments {
		c := c
		commentSteps = append(commentSteps, func() error { return svc.AddComment(ctx, f, c.body, users[c.who].ID) })
	}
	steps = interleave(steps, commentAt, commentSteps)
	if d.status == finding.StatusDuplicaat {
		steps = append(steps, func() error { return svc.Merge(ctx, f, created[d.dupOf-1], triage) })
	}
	for _, st := range steps {
		if err := reload(); err != nil {
			return nil, err
		}
		if err := st(); err != nil {
			return nil, err
		}
	}
	for _, c := range d.late {
		// The day after the term passed (or yesterday, whichever is earlier).
		when := clk.end.AddDate(0, 0, -1)
		if d.due < -1 {
			when = today.AddDays(d.due + 1).Time().Add(8 * time.Hour)
		}
		if when.After(clk.t) {
			clk.t = when
		}
		if err := reload(); err != nil {
			return nil, err
		}
		if err := svc.AddComment(ctx, f, c.body, users[c.who].ID); err != nil {
			return nil, err
		}
	}
	return f, reload()
}

// interleave puts extra after position at in steps, one after each step
// from there on; what remains goes at the end.
func interleave(steps []func() error, at int, extra []func() error) []func() error {
	if at > len(steps) {
		at = len(steps)
	}
	out := append([]func() error{}, steps[:at]...)
	rest := steps[at:]
	for len(extra) > 0 || len(rest) > 0 {
		if len(extra) > 0 {
			out, extra = append(out, extra[0]), extra[1:]
		}
		if len(rest) > 0 {
			out, rest = append(out, rest[0]), rest[1:]
		}
	}
	return out
}

// trackerURL is the actor's own issue tracker (invented hosts).
func trackerURL(actor, key string) string {
	host := map[string]string{orgGezondapp: "gezondapp.example", orgZorgdata: "jira.zorgdata.example", orgMijnDossier: "mijndossier.example",
		orgEPD: "support.epd-systemen.example", orgRivierenland: "rivierenland.example", orgMedMij: "medmij.example", orgNictiz: "nictiz.example"}[actor]
	return "https://" + host + "/browse/" + key
}
