package commplan_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/comms/commstest"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

type fixture struct {
	db    *store.DB
	svc   *commplan.Service
	h     *hackathon.Hackathon
	lead  int64 // projectleider
	comm  int64 // communicatie expert (member)
	rel   int64 // relatiemanager (member)
	other int64 // a user without a role
	clock *clock
}

func newFixture(t *testing.T, db *store.DB) *fixture { return newFixtureTB(t, db) }

func newFixtureTB(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	accounts := account.NewService(db)
	accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	ids := map[string]int64{}
	for _, n := range []string{"lead", "comm", "rel", "other"} {
		u, err := accounts.Create(ctx, account.NewUser{Email: n + "@example.org", Name: "User " + n, Password: "long enough pw", CanCreateHackathon: n == "lead"})
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = u.ID
	}
	f.lead, f.comm, f.rel, f.other = ids["lead"], ids["comm"], ids["rel"], ids["other"]
	q := jobs.NewQueue(db)
	q.Now = f.clock.Now
	outbox := comms.NewOutbox(db, q, "Ketentest <noreply@ketentest.example>")
	outbox.Now = f.clock.Now
	f.svc = commplan.NewService(db, outbox)
	f.svc.Now = f.clock.Now
	h, err := f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BGZ", Name: "BgZ-hackathon", Variant: "functioneel", Location: "Utrecht, Jaarbeurs",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 2, 11)}}, f.lead)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	for role, uid := range map[string]int64{"communicatie_expert": f.comm, "relatiemanager": f.rel} {
		if err := f.svc.Hackathons.AddMember(ctx, h.ID, uid, role, 0, f.lead); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// register adds a registration as the public form would leave it.
func (f *fixture) register(t *testing.T, name, email, org, role, status, lang string) {
	t.Helper()
	ctx := context.Background()
	var oid int64
	err := f.db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", org).Scan(&oid)
	if err != nil {
		if oid, err = f.svc.Hackathons.CreateOrganisation(ctx, org, role); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.h.ID, oid, role, name, email, lang, status, "hash-"+email, f.clock.Now(), f.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestPlanSavedWithItsOwnAuditTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		err := f.svc.SavePlan(ctx, f.h.ID, map[string]string{"doel": "Deelnemers tijdig informeren", "nope": "x"}, f.comm)
		if fe := apperr.Fields(err); len(fe) != 1 || fe[0].Field != "nope" {
			t.Fatalf("unknown section: %v", err)
		}
		plan, _ := f.svc.Plan(ctx, f.h.ID, "nl")
		if len(plan) != len(blueprint.CommunicationPlanSections()) || plan[1].Value != "" {
			t.Fatalf("nothing may be saved after an error: %+v", plan)
		}
		if err := f.svc.SavePlan(ctx, f.h.ID, map[string]string{"doel": "Deelnemers tijdig informeren", "kalender": "Zie de kalender\r\nhieronder"}, f.comm); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SavePlan(ctx, f.h.ID, map[string]string{"doel": "Deelnemers tijdig informeren", "werven": "Via de nieuwsbrief"}, f.comm); err != nil {
			t.Fatal(err)
		}
		plan, _ = f.svc.Plan(ctx, f.h.ID, "en")
		got := map[string]string{}
		for _, s := range plan {
			got[s.Key] = s.Value
		}
		if got["doel"] != "Deelnemers tijdig informeren" || got["kalender"] != "Zie de kalender\nhieronder" || got["werven"] != "Via de nieuwsbrief" ||
			plan[0].Title != "Introduction: why a communication plan?" {
			t.Fatalf("plan: %+v", plan)
		}
		trail, err := f.svc.PlanTrail(ctx, f.h.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range trail {
			actions = append(actions, e.Action)
			if e.UserName != "User comm" {
				t.Errorf("entry by %q", e.UserName)
			}
		}
		// doel twice unchanged: one entry only.
		if strings.Join(actions, ",") != "doel,kalender,werven" {
			t.Fatalf("trail actions %v", actions)
		}
	})
}

func TestProposeCalendarFromTheBlueprint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		res, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm)
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != plannable() || len(res.Skipped) != 0 {
			t.Fatalf("proposals: %+v", res)
		}
		items, err := f.svc.Calendar(ctx, f.h.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			on      string
			owner   int64
			channel string
			tmpl    bool
		}{
			"invitation":                {"2026-11-11", f.comm, "nieuwsbrief", true},
			"kickoff_invitation":        {"2026-11-26", f.comm, "email", true},
			"registration_confirmation": {"2027-01-03", f.comm, "email", true},
			"snelcheck_result":          {"2027-02-05", f.rel, "email", true},
			"logistics":                 {"2027-02-08", f.comm, "email", true},
			"feedback":                  {"2027-02-13", f.comm, "email", true},
			"news_lookback":             {"2027-02-17", f.comm, "website", false},
			"closing":                   {"2027-04-12", f.comm, "email", true},
			"news_closing":              {"2027-04-12", f.comm, "website", false},
		}
		for _, it := range items {
			w, ok := want[it.Moment]
			if !ok {
				t.Errorf("unexpected moment %q", it.Moment)
				continue
			}
			if it.PlannedOn.String() != w.on || it.OwnerID != w.owner || it.Channel != w.channel || (it.TemplateID != 0) != w.tmpl || it.Status != "concept" {
				t.Errorf("%s: %s owner %d channel %s template %d status %s", it.Moment, it.PlannedOn, it.OwnerID, it.Channel, it.TemplateID, it.Status)
			}
			// Today is 2026-12-01: the invitation and kick-off invitation are overdue.
			if overdue := it.Moment == "invitation" || it.Moment == "kickoff_invitation"; it.Overdue != overdue {
				t.Errorf("%s: overdue %v", it.Moment, it.Overdue)
			}
		}
		tmpls, _ := f.svc.Templates(ctx, f.h.ID)
		if len(tmpls) != 22 || tmpls[0].Moment != "aanmeldbevestiging" || tmpls[0].Language != "nl" || tmpls[1].Language != "en" {
			t.Fatalf("%d templates, first %+v", len(tmpls), tmpls[0])
		}
		again, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm)
		if err != nil || again.Added != 0 {
			t.Fatalf("second proposal: %+v %v", again, err)
		}
		if n, err := f.svc.EnsureDefaultTemplates(ctx, f.h.ID, f.comm); err != nil || n != 0 {
			t.Fatalf("defaults after proposals: %d %v", n, err)
		}

		// Marking the invitation as sent clears its overdue flag; the change is audited.
		inv := items[0]
		in := commplan.ItemInput{Moment: inv.Moment, Title: inv.Title, PlannedOn: inv.PlannedOn, Channel: inv.Channel, Audience: inv.Audience,
			OwnerID: inv.OwnerID, Status: "verzonden", TemplateID: inv.TemplateID}
		got, err := f.svc.UpdateItem(ctx, f.h.ID, inv.ID, in, f.comm)
		if err != nil || got.Overdue {
			t.Fatalf("update: %+v %v", got, err)
		}
		trail, _ := f.svc.ItemTrail(ctx, inv.ID)
		if last := trail[len(trail)-1]; last.Action != "status" || last.From != "concept" || last.To != "verzonden" {
			t.Fatalf("trail: %+v", trail)
		}

		// The kick-off moves a week: proposed concepts follow, the sent invitation
		// and an item whose date was edited by hand do not.
		closing := items[len(items)-1]
		for _, it := range items {
			if it.Moment == "registration_confirmation" {
				in := commplan.ItemInput{Moment: it.Moment, Title: it.Title, PlannedOn: date.New(2027, 1, 4), Channel: it.Channel, Audience: it.Audience,
					OwnerID: it.OwnerID, Status: it.Status, TemplateID: it.TemplateID}
				if _, err := f.svc.UpdateItem(ctx, f.h.ID, it.ID, in, f.comm); err != nil {
					t.Fatal(err)
				}
			}
		}
		hin := hackathon.Input{Code: f.h.Code, Name: f.h.Name, Variant: string(f.h.Variant), Location: f.h.Location, Kickoff: date.New(2027, 1, 17), Days: f.h.Days}
		if _, err := f.svc.Hackathons.Update(ctx, f.h.ID, hin, f.lead); err != nil {
			t.Fatal(err)
		}
		res, err = f.svc.ProposeCalendar(ctx, f.h.ID, f.comm)
		if err != nil || res.Added != 0 || res.Redated != 1 {
			t.Fatalf("after moving the kick-off: %+v %v", res, err)
		}
		dates := map[string]string{}
		after, _ := f.svc.Calendar(ctx, f.h.ID)
		for _, it := range after {
			dates[it.Moment] = it.PlannedOn.String()
		}
		if dates["kickoff_invitation"] != "2026-12-03" || dates["invitation"] != "2026-11-11" || dates["registration_confirmation"] != "2027-01-04" || dates["closing"] != closing.PlannedOn.String() {
			t.Fatalf("dates after moving the kick-off: %v", dates)
		}

		// A hackathon without dates gets no dated proposals.
		bare, err := f.svc.Hackathons.Create(ctx, hackathon.Input{Code: "BARE", Name: "Zonder data", Variant: "regulier"}, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		res, err = f.svc.ProposeCalendar(ctx, bare.ID, f.lead)
		if err != nil || res.Added != 0 || len(res.Skipped) != plannable() {
			t.Fatalf("bare: %+v %v", res, err)
		}
	})
}

func TestItemValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		good := commplan.ItemInput{Title: "LinkedIn-post", PlannedOn: date.New(2027, 1, 5), Channel: "linkedin"}
		cases := []struct {
			name  string
			edit  func(in *commplan.ItemInput)
			field string
		}{
			{"no title", func(in *commplan.ItemInput) { in.Title = " " }, "title"},
			{"no date", func(in *commplan.ItemInput) { in.PlannedOn = date.Date{} }, "planned_on"},
			{"bad channel", func(in *commplan.ItemInput) { in.Channel = "fax" }, "channel"},
			{"bad status", func(in *commplan.ItemInput) { in.Status = "klaar" }, "status"},
			{"owner not a member", func(in *commplan.ItemInput) { in.OwnerID = f.other }, "owner_id"},
			{"unknown template", func(in *commplan.ItemInput) { in.TemplateID = 999 }, "template_id"},
			{"bad audience status", func(in *commplan.ItemInput) { in.Audience.Statuses = []string{"cancelled"} }, "audience.statuses"},
			{"bad chain role", func(in *commplan.ItemInput) { in.Audience.Roles = []participant.ChainRole{"ziekenhuis"} }, "audience.roles"},
			{"bad commitment", func(in *commplan.ItemInput) { in.Audience.Commitments = []string{"misschien"} }, "audience.commitments"},
			{"bad moment", func(in *commplan.ItemInput) { in.Moment = "party" }, "moment"},
		}
		for _, c := range cases {
			in := good
			c.edit(&in)
			_, err := f.svc.CreateItem(ctx, f.h.ID, in, f.comm)
			fe := apperr.Fields(err)
			if len(fe) == 0 || fe[0].Field != c.field {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}
		if items, _ := f.svc.Calendar(ctx, f.h.ID); len(items) != 0 {
			t.Fatalf("invalid items were stored: %d", len(items))
		}
		it, err := f.svc.CreateItem(ctx, f.h.ID, good, f.comm)
		if err != nil || it.Status != "concept" || it.Audience.Roles == nil {
			t.Fatalf("create: %+v %v", it, err)
		}
		if _, err := f.svc.Send(ctx, f.h.ID, it.ID, "http://x", f.comm); httpConflict(err) == "" {
			t.Fatalf("a LinkedIn item cannot be sent by mail: %v", err)
		}
		if err := f.svc.DeleteItem(ctx, f.h.ID, it.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Item(ctx, f.h.ID, it.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("deleted item: %v", err)
		}
	})
}

func httpConflict(err error) string {
	if c, ok := err.(*apperr.Conflict); ok {
		return c.Message
	}
	return ""
}

func TestTemplateMergeFieldValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cases := []struct {
			name        string
			in          commplan.TemplateInput
			field, want string
		}{
			{"unknown field in body", commplan.TemplateInput{Name: "a", Subject: "Hoi {{naam}}", Body: "Beste {{nam}},"}, "body", "{{nam}}"},
			{"unknown field in subject", commplan.TemplateInput{Name: "b", Subject: "Hoi {{ Naam }}", Body: "x"}, "subject", "{{Naam}}"},
			{"unclosed field", commplan.TemplateInput{Name: "c", Subject: "Hoi", Body: "Beste {{naam,"}, "body", "not closed"},
			{"javascript link", commplan.TemplateInput{Name: "d", Subject: "Hoi", Body: "x", Link: "javascript:alert(1)"}, "link", "http"},
			{"bad format", commplan.TemplateInput{Name: "e", Subject: "Hoi", Body: "x", Format: "html"}, "format", "markdown"},
			{"news moment", commplan.TemplateInput{Name: "f", Subject: "Hoi", Body: "x", Moment: "news_closing"}, "moment", "moment"},
			{"two-line subject", commplan.TemplateInput{Name: "g", Subject: "Hoi\nBcc: x@y", Body: "x"}, "subject", "one line"},
		}
		for _, c := range cases {
			_, err := f.svc.CreateTemplate(ctx, f.h.ID, c.in, f.comm)
			found := false
			for _, fe := range apperr.Fields(err) {
				if fe.Field == c.field && strings.Contains(fe.Message, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %v, want %s to mention %q", c.name, err, c.field, c.want)
			}
		}
		for moment, want := range map[string]string{"feedback": "/findings", "snelcheck_result": "/snelcheck/mine", "logistics": "/draaiboek", "closing": "/report"} {
			r, err := f.svc.Preview(f.h, commplan.TemplateInput{Moment: moment, Name: "x", Subject: "s", Body: "{{link}}"}, "https://k.example/")
			if err != nil || !strings.HasPrefix(r.Text, "https://k.example/") || !strings.Contains(r.Text, want) {
				t.Errorf("default link of %s: %q %v", moment, r.Text, err)
			}
		}
		ok := commplan.TemplateInput{Name: "Eigen", Subject: "Hoi {{ naam }}", Body: "Tot {{datum}} in {{locatie}}", Format: "text", Link: "https://example.org/info"}
		tp, err := f.svc.CreateTemplate(ctx, f.h.ID, ok, f.comm)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTemplate(ctx, f.h.ID, ok, f.comm); len(apperr.Fields(err)) == 0 || apperr.Fields(err)[0].Field != "name" {
			t.Fatalf("duplicate name: %v", err)
		}
		ok.Body = "Tot {{datum}}"
		if _, err := f.svc.UpdateTemplate(ctx, f.h.ID, tp.ID, ok, f.lead); err != nil {
			t.Fatal(err)
		}
		trail, _ := audit.For(ctx, db, "comm_template", fmt.Sprint(tp.ID))
		if len(trail) != 2 || trail[1].Action != "body" || trail[1].To != "Tot {{datum}}" {
			t.Fatalf("template trail: %+v", trail)
		}
		if err := f.svc.DeleteTemplate(ctx, f.h.ID, tp.ID, f.lead); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Template(ctx, f.h.ID, tp.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("deleted template: %v", err)
		}
	})
}

// TestSendReachesEachRecipientOnce sends a planned message through the
// durable outbox and a real SMTP conversation: each recipient of the
// audience receives exactly one message, merged and well-formed, and a
// second send reaches only the recipient added since.
func TestSendReachesEachRecipientOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		srv := commstest.Start(t)
		w := comms.NewWorker(f.svc.Outbox, &comms.SMTPSender{Addr: srv.Addr}, "noreply@ketentest.example")
		drain := func() {
			for {
				worked, err := w.Runner.RunOnce(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !worked {
					return
				}
			}
		}
		f.register(t, "Jan <script>alert(1)</script> Jansen", "jan@zorg-oost.example", "Zorg Oost & Co", "zorgaanbieder", "confirmed", "nl")
		f.register(t, "Mary Smith", "Mary@pgo.example", "PGO & Co", "pgo", "confirmed", "en")
		f.register(t, "Piet Wacht", "piet@dva.example", "DVA BV", "dva", "pending", "nl")
		f.register(t, "Karel Weg", "karel@dva.example", "DVA BV", "dva", "cancelled", "nl")
		if _, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		var item commplan.Item
		items, _ := f.svc.Calendar(ctx, f.h.ID)
		for _, it := range items {
			if it.Moment == "kickoff_invitation" {
				item = it
			}
		}
		res, err := f.svc.Send(ctx, f.h.ID, item.ID, "https://ketentest.example", f.comm)
		if err != nil {
			t.Fatal(err)
		}
		if res.Queued != 2 || res.Skipped != 0 {
			t.Fatalf("first send: %+v", res)
		}
		// Sending again before the worker ran adds nothing.
		if res, err := f.svc.Send(ctx, f.h.ID, item.ID, "https://ketentest.example", f.comm); err != nil || res.Queued != 0 || res.Skipped != 2 {
			t.Fatalf("resend: %+v %v", res, err)
		}
		drain()
		msgs := srv.Messages()
		if len(msgs) != 2 {
			t.Fatalf("%d messages received, want 2", len(msgs))
		}
		dec := new(mime.WordDecoder)
		byTo := map[string]commstest.Received{}
		for _, m := range msgs {
			if len(m.To) != 1 {
				t.Fatalf("envelope recipients %v", m.To)
			}
			byTo[m.To[0]] = m
		}
		for _, c := range []struct {
			to, header, subject, text string
			htmlHas, htmlLacks        []string
		}{
			{to: "jan@zorg-oost.example", header: "jan@zorg-oost.example", subject: "Uitnodiging kick-off BgZ-hackathon op 10 januari 2027",
				text:      "Beste Jan <script>alert(1)</script> Jansen,",
				htmlHas:   []string{"Beste Jan &lt;script&gt;alert(1)&lt;/script&gt; Jansen,", "<strong>10 januari 2027</strong>", "<li>", `href="https://ketentest.example/register/`},
				htmlLacks: []string{"<script>"}},
			{to: "Mary@pgo.example", header: "Mary@pgo.example", subject: "Invitation: BgZ-hackathon kick-off on 10 January 2027",
				text: "Dear Mary Smith,", htmlHas: []string{"Dear Mary Smith,", "10 February 2027, 11 February 2027"}},
		} {
			m, ok := byTo[c.to]
			if !ok {
				t.Errorf("nothing received by %s", c.to)
				continue
			}
			subj, _ := dec.DecodeHeader(m.Header.Get("Subject"))
			if subj != c.subject {
				t.Errorf("%s: subject %q", c.to, subj)
			}
			if m.Header.Get("From") != "noreply@ketentest.example" || m.Header.Get("To") != c.header || m.From != "noreply@ketentest.example" {
				t.Errorf("%s: From %q To %q envelope %q", c.to, m.Header.Get("From"), m.Header.Get("To"), m.From)
			}
			if id := m.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@ketentest.example>") {
				t.Errorf("%s: Message-ID %q", c.to, id)
			}
			if d, err := m.Header.Date(); err != nil || !d.Equal(f.clock.Now()) {
				t.Errorf("%s: Date %q (%v)", c.to, m.Header.Get("Date"), err)
			}
			mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
			if err != nil || mt != "multipart/alternative" {
				t.Fatalf("%s: Content-Type %q", c.to, m.Header.Get("Content-Type"))
			}
			parts := map[string]string{}
			var order []string
			mr := multipart.NewReader(strings.NewReader(string(m.Body)), params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(p)
				ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				parts[ct] = string(b)
				order = append(order, ct)
			}
			if strings.Join(order, ",") != "text/plain,text/html" {
				t.Fatalf("%s: parts %v", c.to, order)
			}
			if !strings.Contains(parts["text/plain"], c.text) {
				t.Errorf("%s: text part lacks %q:\n%s", c.to, c.text, parts["text/plain"])
			}
			for _, s := range c.htmlHas {
				if !strings.Contains(parts["text/html"], s) {
					t.Errorf("%s: html part lacks %q:\n%s", c.to, s, parts["text/html"])
				}
			}
			for _, s := range c.htmlLacks {
				if strings.Contains(parts["text/html"], s) {
					t.Errorf("%s: html part has %q", c.to, s)
				}
			}
		}
		dels, err := f.svc.Deliveries(ctx, f.h.ID, item.ID)
		if err != nil || len(dels) != 2 {
			t.Fatalf("deliveries: %+v %v", dels, err)
		}
		for _, d := range dels {
			if d.Status != "sent" || d.Attempts != 1 || d.OutboxID == 0 {
				t.Errorf("delivery %+v", d)
			}
		}
		got, _ := f.svc.Item(ctx, f.h.ID, item.ID)
		if got.Status != "verzonden" || got.SentAt.IsZero() || got.Sends != 2 {
			t.Fatalf("item after send: %+v", got)
		}
		if err := f.svc.DeleteItem(ctx, f.h.ID, item.ID, f.comm); httpConflict(err) == "" {
			t.Fatalf("a sent item cannot be deleted: %v", err)
		}
		if err := f.svc.DeleteTemplate(ctx, f.h.ID, item.TemplateID, f.comm); httpConflict(err) == "" {
			t.Fatalf("a template in use cannot be deleted: %v", err)
		}

		// A late registration: the resend reaches only her.
		f.register(t, "Laura Laat", "laura@xis.example", "XIS BV", "xis", "confirmed", "nl")
		res, err = f.svc.Send(ctx, f.h.ID, item.ID, "https://ketentest.example", f.comm)
		if err != nil || res.Queued != 1 || res.Skipped != 2 {
			t.Fatalf("send after a late registration: %+v %v", res, err)
		}
		drain()
		counts := map[string]int{}
		for _, m := range srv.Messages() {
			counts[strings.ToLower(m.To[0])]++
		}
		if len(counts) != 3 || counts["jan@zorg-oost.example"] != 1 || counts["mary@pgo.example"] != 1 || counts["laura@xis.example"] != 1 {
			t.Fatalf("received per recipient: %v", counts)
		}

		// Audience by commitment: only organisations that confirmed.
		if _, err := f.svc.Participants.SetCommitment(ctx, f.h.ID, participant.CommitmentInput{Organisation: "XIS BV", ChainRole: "xis", Status: "bevestigd"}, f.rel); err != nil {
			t.Fatal(err)
		}
		rc, err := f.svc.Recipients(ctx, f.h.ID, commplan.Audience{Commitments: []string{"bevestigd"}})
		if err != nil || len(rc) != 1 || rc[0].Email != "laura@xis.example" {
			t.Fatalf("recipients by commitment: %+v %v", rc, err)
		}
		// Straight from a template: an item for today is recorded, and only pending registrations are reached.
		var tmplID int64
		tmpls, _ := f.svc.Templates(ctx, f.h.ID)
		for _, tp := range tmpls {
			if tp.Moment == "logistics" && tp.Language == "nl" {
				tmplID = tp.ID
			}
		}
		res, err = f.svc.SendTemplate(ctx, f.h.ID, tmplID, commplan.Audience{Statuses: []string{"pending"}}, false, "https://ketentest.example", f.comm)
		if err != nil || res.Queued != 1 {
			t.Fatalf("send template: %+v %v", res, err)
		}
		adhoc, _ := f.svc.Item(ctx, f.h.ID, res.ItemID)
		if adhoc.PlannedOn.String() != "2026-12-01" || adhoc.Status != "verzonden" || adhoc.TemplateID != tmplID {
			t.Fatalf("ad-hoc item %+v", adhoc)
		}
		if _, err := f.svc.SendTemplate(ctx, f.h.ID, tmplID, commplan.Audience{Roles: []participant.ChainRole{"standaardisatie"}}, false, "", f.comm); len(apperr.Fields(err)) == 0 {
			t.Fatalf("empty audience: %v", err)
		}
	})
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// plannable counts the moments the calendar proposes: all but the ones a
// ketentest action sends (the account invitation).
func plannable() int {
	n := 0
	for _, m := range blueprint.CommMoments() {
		if !m.System {
			n++
		}
	}
	return n
}

func goldenHackathon() *hackathon.Hackathon {
	return &hackathon.Hackathon{ID: 7, Name: "BgZ-hackathon", Location: "Utrecht, Jaarbeurs", Kickoff: date.New(2027, 1, 10),
		Days: []date.Date{date.New(2027, 2, 10)}}
}

// TestRenderedTemplatesGolden renders the default templates of every
// message moment in both languages for the sample recipient.
func TestRenderedTemplatesGolden(t *testing.T) {
	h := goldenHackathon()
	for _, m := range blueprint.CommMoments() {
		for _, lang := range []string{"nl", "en"} {
			def, ok := commplan.DefaultTemplate(m.Key, lang)
			if !ok {
				if !m.News {
					t.Errorf("%s/%s has no default template", m.Key, lang)
				}
				continue
			}
			tp := commplan.Template{Subject: def.Subject, Body: def.Body, Format: "markdown", Language: lang}
			fields := commplan.Fields(h, commplan.SampleRecipient, lang, "https://ketentest.example/register/7")
			if m.System {
				fields["email"], fields["geldig_dagen"] = commplan.SampleRecipient.Email, "14"
			}
			for k, v := range commplan.MomentSamples(m.Key, lang) {
				fields[k] = v
			}
			r, err := commplan.Render(tp, fields)
			if err != nil {
				t.Fatalf("%s/%s: %v", m.Key, lang, err)
			}
			golden(t, fmt.Sprintf("template_%s_%s.golden", m.Key, lang), "Subject: "+r.Subject+"\n\n"+r.Text+"\n----- html\n"+r.HTML)
		}
	}
	// A plain-text template with hostile values.
	tp := commplan.Template{Subject: "Hallo {{naam}}", Body: "Beste {{naam}},\n\nwelkom bij {{organisatie}}.\nTot {{datum}}!", Format: "text"}
	r, err := commplan.Render(tp, commplan.Fields(h, commplan.Recipient{Name: `<img src=x onerror="alert(1)">`, Organisation: "A & B"}, "nl", ""))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "template_plain_hostile.golden", "Subject: "+r.Subject+"\n\n"+r.Text+"\n----- html\n"+r.HTML)
}

func TestNewsExportGolden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		body := "Op 10 februari testten **24 organisaties** de BgZ.\n\n## Vervolg\n\n- Issues zijn toegewezen\n- [Het eindrapport](https://example.org/rapport)\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n"
		if _, err := f.svc.CreateNews(ctx, f.h.ID, commplan.NewsInput{Title: " ", Milestone: "7A"}, f.comm); len(apperr.Fields(err)) != 2 {
			t.Fatalf("bad news: %v", err)
		}
		n, err := f.svc.CreateNews(ctx, f.h.ID, commplan.NewsInput{Milestone: "6C", Title: "Terugblik: BgZ-hackathon <1>", Body: body}, f.comm)
		if err != nil {
			t.Fatal(err)
		}
		n, err = f.svc.UpdateNews(ctx, f.h.ID, n.ID, commplan.NewsInput{Milestone: "6C", Title: n.Title, Body: n.Body, Status: "gepubliceerd", PublishedOn: date.New(2027, 2, 17)}, f.comm)
		if err != nil || n.Status != "gepubliceerd" {
			t.Fatalf("publish: %+v %v", n, err)
		}
		h, _ := f.svc.Hackathons.Get(ctx, f.h.ID)
		html := commplan.ExportHTML(h, n, "nl")
		if strings.Contains(html, "<script>") || strings.Contains(html, "javascript:") {
			t.Fatalf("unsafe export:\n%s", html)
		}
		golden(t, "news.html.golden", html)
		golden(t, "news.md.golden", commplan.ExportMarkdown(h, n, "nl"))
		trail, _ := audit.For(ctx, db, "news", fmt.Sprint(n.ID))
		if len(trail) != 3 { // created, status, published_on
			t.Fatalf("news trail: %+v", trail)
		}
	})
}

func FuzzRender(f *testing.F) {
	for _, s := range [][2]string{
		{"Beste {{naam}}, *welkom* bij [x]({{link}})", "<script>alert(1)</script>"},
		{"{{naam}", "]("},
		{"<img src=x onerror=alert(1)> {{organisatie}}", "javascript:alert(1)"},
		{"{{ datum }} {x} {{", "`code`"},
	} {
		f.Add(s[0], s[1])
	}
	h := goldenHackathon()
	f.Fuzz(func(t *testing.T, body, value string) {
		fields := commplan.Fields(h, commplan.Recipient{Name: value, Organisation: value}, "nl", "https://example.org/x")
		for _, format := range []string{"markdown", "text"} {
			r, err := commplan.Render(commplan.Template{Subject: "s", Body: body, Format: format}, fields)
			if err != nil {
				continue
			}
			if bad := unsafeHTML(r.HTML); bad != "" {
				t.Fatalf("%s: %s for body %q value %q:\n%s", format, bad, body, value, r.HTML)
			}
		}
	})
}

// unsafeHTML reports a script element, an event handler attribute or a
// script URL in an attribute, as a browser would parse the document.
func unsafeHTML(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" || tok.Data == "iframe" || tok.Data == "style" {
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
					return "attribute " + a.Key + "=" + a.Val
				}
			}
		}
	}
}

// TestConcurrentSendsNeverDuplicate: several organisers pressing "send" at
// once queue each recipient's message exactly once.
func TestConcurrentSendsNeverDuplicate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for i := 0; i < 12; i++ {
			f.register(t, fmt.Sprintf("Persoon %d", i), fmt.Sprintf("p%d@example.org", i), "Org "+fmt.Sprint(i%3), "zorgaanbieder", "confirmed", "nl")
		}
		if _, err := f.svc.ProposeCalendar(ctx, f.h.ID, f.comm); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := db.QueryRow(ctx, "SELECT id FROM comm_calendar WHERE moment = 'logistics'").Scan(&id); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]commplan.SendResult, 4)
		errs := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = f.svc.Send(ctx, f.h.ID, id, "https://x", f.comm)
			}()
		}
		wg.Wait()
		queued := 0
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("send %d: %v", i, errs[i])
			}
			queued += r.Queued
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox").Scan(&n)
		if queued != 12 || n != 12 {
			t.Fatalf("queued %d in total, %d outbox rows; want 12", queued, n)
		}
	})
}

func TestCalendarICS(t *testing.T) {
	h := goldenHackathon()
	items := []commplan.Item{
		{ID: 1, Title: "Uitnodiging kick-off; deel 1", PlannedOn: date.New(2026, 11, 26), Channel: "email", Status: "gepland", OwnerName: "Chris", Milestone: "2F"},
		{ID: 2, Title: "Geschrapt", PlannedOn: date.New(2026, 11, 27), Channel: "linkedin", Status: "geannuleerd"},
	}
	ics := commplan.CalendarICS(h, items, "https://k.example", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	lines := strings.Join(comms.Unfold(ics), "\n")
	for _, want := range []string{"UID:comm-item-1@ketentest", `SUMMARY:[email] Uitnodiging kick-off\; deel 1`, "DTSTART;VALUE=DATE:20261126",
		`DESCRIPTION:Kanaal: email\nStatus: gepland\nEigenaar: Chris\nMijlpaal: 2F`, "URL:https://k.example/hackathons/7/comms/calendar/1"} {
		if !strings.Contains(lines, want) {
			t.Errorf("feed lacks %q:\n%s", want, lines)
		}
	}
	if strings.Contains(lines, "Geschrapt") {
		t.Error("a cancelled message is in the feed")
	}
}

// BenchmarkSend500 queues one planned message for 500 recipients (render,
// outbox row, job and send record each) on SQLite.
func BenchmarkSend500(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	f := newFixtureTB(b, db)
	for i := 0; i < 500; i++ {
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, 'zorgaanbieder', ?, ?, 'nl', 'confirmed', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, f.h.ID, fmt.Sprintf("Persoon %d", i), fmt.Sprintf("p%d@example.org", i), fmt.Sprint("h", i)); err != nil {
			b.Fatal(err)
		}
	}
	def, _ := commplan.DefaultTemplate("logistics", "nl")
	tp, err := f.svc.CreateTemplate(ctx, f.h.ID, commplan.TemplateInput{Name: "Logistiek", Subject: def.Subject, Body: def.Body}, f.comm)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		it, err := f.svc.CreateItem(ctx, f.h.ID, commplan.ItemInput{Title: "x", PlannedOn: date.New(2027, 1, 1), Channel: "email", TemplateID: tp.ID}, f.comm)
		if err != nil {
			b.Fatal(err)
		}
		if res, err := f.svc.Send(ctx, f.h.ID, it.ID, "https://x", f.comm); err != nil || res.Queued != 500 {
			b.Fatal(res, err)
		}
	}
}
