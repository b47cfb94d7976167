package finding_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// people are the users of the notification tests.
type people struct {
	triage, logger, responsible, member, commenter, outsider, reporter, watcher int64
}

func addPeople(t *testing.T, db *store.DB, fx fixture) people {
	t.Helper()
	ctx := context.Background()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	hs := hackathon.NewService(db)
	orgC, _ := hs.CreateOrganisation(ctx, "Vendor C", "dva")
	mk := func(name string, role blueprint.Role, org int64) int64 {
		u, err := acc.Create(ctx, account.NewUser{Email: name + "@example.org", Name: name, Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if err := hs.AddMember(ctx, fx.hid, u.ID, string(role), org, fx.user); err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	p := people{
		triage:      mk("triage", blueprint.RoleTriageteam, 0),
		logger:      mk("logger", blueprint.RoleDeelnemer, fx.orgB),
		responsible: mk("responsible", blueprint.RoleIssuecoordinator, 0),
		member:      mk("member", blueprint.RoleActor, fx.orgA),
		commenter:   mk("commenter", blueprint.RoleDeelnemer, fx.orgB),
		outsider:    mk("outsider", blueprint.RoleDeelnemer, orgC),
		reporter:    mk("reporter", blueprint.RoleDeelnemer, fx.orgB),
		watcher:     mk("watcher", blueprint.RoleTestcoordinator, 0),
	}
	if err := fx.svc.SetActor(ctx, fx.hid, fx.orgA, p.responsible, fx.user); err != nil {
		t.Fatal(err)
	}
	return p
}

func kinds(t *testing.T, svc *finding.Service, hid, user int64) []string {
	t.Helper()
	ns, err := svc.Notifications(context.Background(), hid, finding.Viewer{UserID: user, Staff: true}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	slices.Sort(out)
	return out
}

func TestNotificationsToAssigneesAndWatchers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		p := addPeople(t, db, fx)
		ctx := context.Background()
		svc := fx.svc
		f, _, err := svc.Create(ctx, fx.hid, finding.Input{Title: "Token\r\nverloopt", ReportedBy: "reporter@example.org", OrgIDs: []int64{fx.orgB}}, p.logger)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.AddComment(ctx, f, "Zie ook log", p.commenter); err != nil {
			t.Fatal(err)
		}
		if err := svc.Watch(ctx, f, p.watcher, true); err != nil {
			t.Fatal(err)
		}
		// The outsider's explicit watch does not let it see a finding of others.
		if err := svc.Watch(ctx, f, p.outsider, true); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetEmailNotifications(ctx, fx.hid, p.commenter, false); err != nil {
			t.Fatal(err)
		}
		if on, _ := svc.EmailNotifications(ctx, fx.hid, p.commenter); on {
			t.Fatal("e-mail still on after switching it off")
		}
		if on, _ := svc.EmailNotifications(ctx, fx.hid, p.member); !on {
			t.Fatal("e-mail off by default")
		}
		// The commenter already got a comment notification? No: nobody hears of their own change.
		for _, u := range []int64{p.commenter} {
			if got := kinds(t, svc, fx.hid, u); len(got) != 0 {
				t.Fatalf("own comment notified: %v", got)
			}
		}
		if got := kinds(t, svc, fx.hid, p.logger); !slices.Equal(got, []string{finding.NoteComment}) {
			t.Fatalf("logger after a comment: %v", got)
		}

		// Assignment (which also moves the status to toegewezen).
		if err := svc.SetTriage(ctx, f, finding.Triage{ActorOrgID: fx.orgA}, p.triage); err != nil {
			t.Fatal(err)
		}
		f, _ = svc.Get(ctx, fx.hid, f.ID, staff)
		if err := svc.SetFollowUp(ctx, f, finding.FollowUp{Due: date.New(2027, 3, 1)}, p.member); err != nil {
			t.Fatal(err)
		}
		f, _ = svc.Get(ctx, fx.hid, f.ID, staff)
		if err := svc.SetStatus(ctx, f, finding.StatusInAnalyse, p.member); err != nil {
			t.Fatal(err)
		}

		// The move to toegewezen that comes with the assignment is part of
		// the assignment's notification; the actor's in_analyse is a status one.
		all := []string{finding.NoteAssigned, finding.NoteDue, finding.NoteStatus}
		for _, tc := range []struct {
			name string
			user int64
			want []string
		}{
			{"logger", p.logger, append([]string{finding.NoteComment}, all...)},
			{"reporter's account", p.reporter, append([]string{finding.NoteComment}, all...)},
			{"commenter", p.commenter, all},
			{"explicit watcher (since after the comment)", p.watcher, all},
			{"actor's responsible", p.responsible, all},
			// The member changed the term and the status itself.
			{"actor member", p.member, []string{finding.NoteAssigned}},
			{"outsider (may not see it)", p.outsider, nil},
			{"triage (no watcher)", p.triage, nil},
		} {
			slices.Sort(tc.want)
			if got := kinds(t, svc, fx.hid, tc.user); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		watching, err := svc.Watching(ctx, f, p.responsible)
		if err != nil || !watching {
			t.Fatalf("responsible not watching: %v %v", watching, err)
		}

		// Unwatch: no more notifications, even as an assignee.
		if err := svc.Watch(ctx, f, p.responsible, false); err != nil {
			t.Fatal(err)
		}
		if watching, _ := svc.Watching(ctx, f, p.responsible); watching {
			t.Fatal("still watching after unwatch")
		}
		n, _ := svc.Unread(ctx, fx.hid, p.responsible)
		f, _ = svc.Get(ctx, fx.hid, f.ID, staff)
		if err := svc.AddComment(ctx, f, "Nog een", p.member); err != nil {
			t.Fatal(err)
		}
		if m, _ := svc.Unread(ctx, fx.hid, p.responsible); m != n || n != 3 {
			t.Fatalf("unread of the responsible %d → %d, want 3 unchanged", n, m)
		}

		// Mark read: one, then all; another user's notification is not found.
		vr, _, err := finding.ViewerOf(ctx, db, fx.hid, p.responsible)
		if err != nil || !vr.Staff {
			t.Fatalf("viewer of the issue coordinator: %+v %v", vr, err)
		}
		ns, _ := svc.Notifications(ctx, fx.hid, vr, 10)

		if len(ns) != 3 || ns[0].FindingKey != "PZP-1" || ns[0].Read {
			t.Fatalf("notifications: %+v", ns)
		}
		if err := svc.MarkRead(ctx, fx.hid, p.logger, ns[0].ID); err == nil {
			t.Fatal("marked another user's notification")
		}
		if err := svc.MarkRead(ctx, fx.hid, p.responsible, ns[0].ID); err != nil {
			t.Fatal(err)
		}
		if m, _ := svc.Unread(ctx, fx.hid, p.responsible); m != 2 {
			t.Fatalf("unread after one read: %d", m)
		}
		if err := svc.MarkRead(ctx, fx.hid, p.responsible, 0); err != nil {
			t.Fatal(err)
		}
		if m, _ := svc.Unread(ctx, fx.hid, p.responsible); m != 0 {
			t.Fatalf("unread after all read: %d", m)
		}

		// Mail: one per notification to everyone with e-mail on; none to the commenter.
		var toCommenter, toMember int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE recipient = 'commenter@example.org'").Scan(&toCommenter)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE recipient = 'member@example.org'").Scan(&toMember)
		if toCommenter != 0 || toMember != 1 {
			t.Fatalf("mail: %d to the commenter (e-mail off), %d to the member, want 0 and 1", toCommenter, toMember)
		}

		// Made public, the outsider's watch counts; made private again, its
		// notification no longer shows the finding.
		f, _ = svc.Get(ctx, fx.hid, f.ID, staff)
		if err := svc.SetVisibility(ctx, f, finding.VisibleAll, p.triage); err != nil {
			t.Fatal(err)
		}
		if err := svc.AddComment(ctx, f, "Openbaar nu", p.member); err != nil {
			t.Fatal(err)
		}
		vo, _, _ := finding.ViewerOf(ctx, db, fx.hid, p.outsider)
		if on, _ := svc.Notifications(ctx, fx.hid, vo, 10); len(on) != 1 || on[0].Kind != finding.NoteComment || on[0].Detail != "Openbaar nu" {
			t.Fatalf("outsider on a public finding: %+v", on)
		}
		f, _ = svc.Get(ctx, fx.hid, f.ID, staff)
		if err := svc.SetVisibility(ctx, f, finding.VisibleInvolved, p.triage); err != nil {
			t.Fatal(err)
		}
		if on, _ := svc.Notifications(ctx, fx.hid, vo, 10); len(on) != 0 {
			t.Fatalf("outsider lists %+v of a finding it may no longer see", on)
		}
	})
}

// TestNotificationMailOverSMTP: the assignee receives the notification by
// e-mail through the outbox and a real SMTP conversation.
func TestNotificationMailOverSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		p := addPeople(t, db, fx)
		ctx := context.Background()
		srv := commstest.Start(t)
		outbox := comms.NewOutbox(db, jobs.NewQueue(db), "noreply@ketentest.example")
		worker := comms.NewWorker(outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Medicatie ontbreekt"}, p.logger)
		if err != nil {
			t.Fatal(err)
		}
		if err := fx.svc.SetTriage(ctx, f, finding.Triage{ActorOrgID: fx.orgA}, p.triage); err != nil {
			t.Fatal(err)
		}
		if err := worker.Runner.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var got []string
		actorNamed := false
		for _, m := range srv.Wait(t, 1, 5*time.Second) {
			if m.To[0] == "responsible@example.org" {
				got = append(got, m.Header.Get("Subject"))
				body := strings.ReplaceAll(string(m.Body), "=\r\n", "")
				if !strings.Contains(body, "/findings/"+strconv.FormatInt(f.ID, 10)) {
					t.Errorf("mail body lacks the link:\n%s", body)
				}
				actorNamed = actorNamed || strings.Contains(body, "Vendor A")
			}
		}
		if !actorNamed {
			t.Error("no mail names the assigned actor")
		}
		if len(got) != 1 || !strings.Contains(got[0], "[PZP-1] Toegewezen aan") || !strings.Contains(got[0], "Medicatie ontbreekt") {
			t.Fatalf("responsible received %q, want one assignment mail about PZP-1", got)
		}
		// A later status change by hand is a notification (and mail) of its own.
		f, _ = fx.svc.Get(ctx, fx.hid, f.ID, staff)
		if err := fx.svc.SetStatus(ctx, f, finding.StatusInAnalyse, p.triage); err != nil {
			t.Fatal(err)
		}
		before := len(srv.Messages())
		if err := worker.Runner.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var status []string
		for _, m := range srv.Wait(t, before+1, 5*time.Second)[before:] {
			subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			body, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(m.Body)))
			if m.To[0] == "responsible@example.org" && strings.Contains(subj, "Status gewijzigd") && strings.Contains(string(body), "Toegewezen → In analyse") {
				status = append(status, subj)
			}
		}
		if len(status) != 1 {
			t.Fatalf("status mails to the responsible: %q", status)
		}
	})
}

func TestSearchKeyTitleDescriptionComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		ctx := context.Background()
		mk := func(title, desc string) *finding.Finding {
			f, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: title, Description: desc}, fx.user)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		a := mk("Token verloopt te snel", "")
		b := mk("Lege bundel", "Zoekvraag *Patient* geeft 100% niets")
		c := mk("Layout", "Knop staat op het café-scherm")
		if err := fx.svc.AddComment(ctx, c, "Ook de MedicationStatement ontbreekt", fx.user); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    string
			want []int64
		}{
			{"token", []int64{a.ID}},
			{"TOKEN snel", []int64{a.ID}},
			{"token bundel", nil},
			{"pzp-2", []int64{b.ID}},
			{"100%", []int64{b.ID}},
			{"%", nil},                           // the full-text index holds words: a term without letters or digits matches nothing
			{"bund", []int64{b.ID}},              // the last word of a term is a prefix
			{"cafe", []int64{c.ID}},              // accents are folded
			{"PZP-3", []int64{c.ID}},             // a key
			{"2", []int64{b.ID}},                 // a number
			{"layout medication", []int64{c.ID}}, // every term, in any of title, description and comments
			{"_", nil},
			{"medicationstatement", []int64{c.ID}},
			{`"lege bundel"`, []int64{b.ID}},
			{`"bundel lege"`, nil},
		} {
			fs, err := fx.svc.List(ctx, fx.hid, finding.ParseFilter(url.Values{"q": {tc.q}}), staff)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, f := range fs {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("q=%q: %v, want %v", tc.q, got, tc.want)
			}
			// A page of the search (two steps on PostgreSQL) finds the same.
			p, err := fx.svc.Page(ctx, fx.hid, finding.ParseFilter(url.Values{"q": {tc.q}}), staff)
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, f := range p.Findings {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("page q=%q: %v, want %v", tc.q, got, tc.want)
			}
		}
	})
}

func TestSavedFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		p := addPeople(t, db, fx)
		ctx := context.Background()
		for _, tc := range []struct{ name, query, field string }{
			{"", "severity=hoog", "name"},
			{strings.Repeat("x", 81), "severity=hoog", "name"},
			{"leeg", "", "query"},
			{"onbekend", "severity=enorm&foo=1", "query"},
			{"kapot", "%zz", "query"},
		} {
			if _, err := fx.svc.SaveFilter(ctx, fx.hid, fx.user, tc.name, tc.query); err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("save %q %q: %v, want an error at %s", tc.name, tc.query, err, tc.field)
			}
		}
		sf, err := fx.svc.SaveFilter(ctx, fx.hid, fx.user, "Blokkerend open", "?status=nieuw,in_triage&severity=blokkerend&bogus=1&q=token")
		if err != nil {
			t.Fatal(err)
		}
		if sf.Query != "q=token&severity=blokkerend&status=nieuw%2Cin_triage" {
			t.Fatalf("canonical query: %q", sf.Query)
		}
		again, err := fx.svc.SaveFilter(ctx, fx.hid, fx.user, "Blokkerend open", "severity=hoog")
		if err != nil || again.ID != sf.ID {
			t.Fatalf("saving under the same name did not replace: %v %v", again, err)
		}
		if _, err := fx.svc.SaveFilter(ctx, fx.hid, fx.user, "actor", "unassigned=1"); err != nil {
			t.Fatal(err)
		}
		list, _ := fx.svc.SavedFilters(ctx, fx.hid, fx.user)
		if len(list) != 2 || list[0].Name != "actor" || list[1].Query != "severity=hoog" {
			t.Fatalf("saved filters: %+v", list)
		}
		if others, _ := fx.svc.SavedFilters(ctx, fx.hid, p.member); len(others) != 0 {
			t.Fatalf("another user sees %+v", others)
		}
		if err := fx.svc.DeleteFilter(ctx, fx.hid, p.member, sf.ID); err == nil {
			t.Fatal("another user deleted a saved filter")
		}
		if err := fx.svc.DeleteFilter(ctx, fx.hid, fx.user, sf.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := fx.svc.SavedFilters(ctx, fx.hid, fx.user); len(list) != 1 {
			t.Fatalf("after delete: %+v", list)
		}
	})
}
