package hackathon_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func setup(t *testing.T, db *store.DB) (*hackathon.Service, int64) {
	t.Helper()
	acc := account.NewService(db)
	acc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
	u, err := acc.Create(context.Background(), account.NewUser{Email: "lead@example.org", Name: "Lead", Password: "long enough pw", CanCreateHackathon: true})
	if err != nil {
		t.Fatal(err)
	}
	return hackathon.NewService(db), u.ID
}

func bgzInput() hackathon.Input {
	return hackathon.Input{
		Code: "bgz", Name: "BgZ-hackathon", Variant: "functioneel", Location: "Utrecht",
		Kickoff:  date.New(2027, 1, 15),
		Days:     []date.Date{date.New(2027, 3, 10)},
		Services: []hackathon.DataService{{ServiceID: "48", Name: "Basisgegevensset Zorg", Standard: "MedMij BgZ 3.0", FHIRVersion: "stu3"}},
	}
}

func TestCreateSeedsBlueprint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		h, err := s.Create(ctx, bgzInput(), uid)
		if err != nil {
			t.Fatal(err)
		}
		if h.Code != "BGZ" || h.Services[0].FHIRVersion != "STU3" || len(h.Days) != 1 {
			t.Fatalf("hackathon not normalised: %+v", h)
		}
		ms, err := s.Milestones(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := blueprint.MilestoneIDs()
		if len(ms) != len(want) {
			t.Fatalf("%d milestones, want %d", len(ms), len(want))
		}
		got := map[string]*hackathon.Milestone{}
		for _, m := range ms {
			got[m.Code] = m
		}
		for _, id := range want {
			m, ok := got[id]
			if !ok {
				t.Fatalf("milestone %s missing", id)
			}
			bp, _ := blueprint.MilestoneByID(id)
			if m.Responsible != bp.Responsible || m.Status != hackathon.StatusOpen {
				t.Errorf("%s: responsible %q status %q", id, m.Responsible, m.Status)
			}
		}
		if got["3A"].Due.String() == "" || got["6A"].Due.Before(got["3A"].Due) {
			t.Errorf("due dates not derived from the hackathon dates: 3A %s, 6A %s", got["3A"].Due, got["6A"].Due)
		}
		roles, _ := s.RolesOf(ctx, h.ID, uid)
		if len(roles) != 1 || roles[0] != blueprint.RoleProjectleider {
			t.Fatalf("creator roles = %v", roles)
		}
		pr, _ := s.ProjectRoles(ctx, h.ID)
		if len(pr) != 7 || pr[0].HoursPerWeek != "20" {
			t.Fatalf("project roles = %+v", pr)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		cases := []struct {
			name  string
			edit  func(*hackathon.Input)
			field string
		}{
			{"no name", func(in *hackathon.Input) { in.Name = " " }, "name"},
			{"bad code", func(in *hackathon.Input) { in.Code = "b-z" }, "code"},
			{"bad variant", func(in *hackathon.Input) { in.Variant = "groot" }, "variant"},
			{"kickoff after day", func(in *hackathon.Input) { in.Kickoff = date.New(2027, 4, 1) }, "kickoff_date"},
			{"service without name", func(in *hackathon.Input) { in.Services[0].Name = "" }, "data_services[0]"},
			{"bad fhir version", func(in *hackathon.Input) { in.Services[0].FHIRVersion = "R9" }, "data_services[0].fhir_version"},
		}
		for _, c := range cases {
			in := bgzInput()
			c.edit(&in)
			_, err := s.Create(ctx, in, uid)
			found := false
			for _, f := range apperr.Fields(err) {
				found = found || f.Field == c.field
			}
			if !found {
				t.Errorf("%s: err = %v, want field %s", c.name, err, c.field)
			}
		}
		if _, err := s.Create(ctx, bgzInput(), uid); err != nil {
			t.Fatal(err)
		}
		_, err := s.Create(ctx, bgzInput(), uid)
		if f := apperr.Fields(err); len(f) != 1 || f[0].Field != "code" {
			t.Fatalf("duplicate code: %v", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM milestones").Scan(&n)
		if n != len(blueprint.MilestoneIDs()) {
			t.Fatalf("a refused create left %d milestones", n)
		}
	})
}

func TestGoOpensPhase2AndAudits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		h, _ := s.Create(ctx, bgzInput(), uid)
		ms, _ := s.Milestones(ctx, h.ID)
		var m1A, m2A *hackathon.Milestone
		for _, m := range ms {
			switch m.Code {
			case "1A":
				m1A = m
			case "2A":
				m2A = m
			}
		}
		bezig := "bezig"
		if _, err := s.UpdateMilestone(ctx, h.ID, m1A.ID, hackathon.MilestoneChange{Status: &bezig}, uid); err != nil {
			t.Fatalf("phase 1 before go: %v", err)
		}
		var conflict *apperr.Conflict
		if _, err := s.UpdateMilestone(ctx, h.ID, m2A.ID, hackathon.MilestoneChange{Status: &bezig}, uid); !errors.As(err, &conflict) {
			t.Fatalf("phase 2 before go: err = %v, want a conflict", err)
		}
		if _, err := s.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go"}, uid); len(apperr.Fields(err)) != 2 {
			t.Fatalf("decision without reason and date: %v", err)
		}
		if _, err := s.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "Startnotitie akkoord", DecidedOn: date.New(2026, 11, 20)}, uid); err != nil {
			t.Fatal(err)
		}
		if open, _ := s.PlanningOpen(ctx, h.ID); !open {
			t.Fatal("phase 2 not open after go")
		}
		if _, err := s.UpdateMilestone(ctx, h.ID, m2A.ID, hackathon.MilestoneChange{Status: &bezig}, uid); err != nil {
			t.Fatalf("phase 2 after go: %v", err)
		}
		bad := "klaar"
		if _, err := s.UpdateMilestone(ctx, h.ID, m2A.ID, hackathon.MilestoneChange{Status: &bad}, uid); len(apperr.Fields(err)) != 1 {
			t.Fatalf("unknown status: %v", err)
		}
		js := "javascript:alert(1)"
		if _, err := s.UpdateMilestone(ctx, h.ID, m2A.ID, hackathon.MilestoneChange{EvidenceURL: &js}, uid); len(apperr.Fields(err)) != 1 {
			t.Fatalf("javascript: evidence link accepted: %v", err)
		}
		entries, _ := audit.For(ctx, db, "milestone", strconv.FormatInt(m2A.ID, 10))
		if len(entries) != 1 || entries[0].From != "open" || entries[0].To != "bezig" || entries[0].UserName != "Lead" {
			t.Fatalf("audit = %+v", entries)
		}
		ms, _ = s.Milestones(ctx, h.ID)
		for _, m := range ms {
			if m.Code == "1B" && m.Status != hackathon.StatusKlaar {
				t.Fatalf("1B status after go = %s", m.Status)
			}
		}
		if _, err := s.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "nogo", Reason: "Budget ingetrokken", DecidedOn: date.New(2026, 11, 21)}, uid); err != nil {
			t.Fatal(err)
		}
		if open, _ := s.PlanningOpen(ctx, h.ID); open {
			t.Fatal("phase 2 still open after a later no-go")
		}
	})
}

func TestAddDayRepeatsPhases7And8(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		h, _ := s.Create(ctx, bgzInput(), uid)
		before, _ := s.Milestones(ctx, h.ID)
		if _, err := s.AddDay(ctx, h.ID, date.New(2027, 3, 9), uid); len(apperr.Fields(err)) == 0 {
			t.Fatalf("a day before day 1 was accepted: %v", err)
		}
		// Day 2 is phase 8's first iteration; day 3 repeats phases 7–8.
		if _, err := s.AddDay(ctx, h.ID, date.New(2027, 4, 14), uid); err != nil {
			t.Fatal(err)
		}
		if mid, _ := s.Milestones(ctx, h.ID); len(mid) != len(before) {
			t.Fatalf("day 2 added %d milestones; phase 8 already covers it", len(mid)-len(before))
		}
		if _, err := s.AddDay(ctx, h.ID, date.New(2027, 5, 12), uid); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Milestones(ctx, h.ID)
		repeated := 0
		for _, m := range after {
			if m.Iteration == 2 {
				if m.Phase != 7 && m.Phase != 8 {
					t.Fatalf("milestone %s of phase %d repeated", m.Code, m.Phase)
				}
				repeated++
			}
		}
		want := len(blueprint.MilestonesForPhase(7)) + len(blueprint.MilestonesForPhase(8))
		if repeated != want || len(after) != len(before)+want {
			t.Fatalf("repeated %d milestones, want %d", repeated, want)
		}
	})
}

func TestCanvasAndStartNote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		h, _ := s.Create(ctx, bgzInput(), uid)
		if err := s.SaveCanvas(ctx, h.ID, hackathon.Canvas{"no_such_field": "x"}, uid); len(apperr.Fields(err)) != 1 {
			t.Fatalf("unknown canvas key: %v", err)
		}
		sec := blueprint.StartNoteSections()[0]
		key := sec.SourceKeys[0]
		if err := s.SaveCanvas(ctx, h.ID, hackathon.Canvas{key: "  Veel PGO's tonen de BgZ verschillend.  "}, uid); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Canvas(ctx, h.ID)
		if c[key] != "Veel PGO's tonen de BgZ verschillend." {
			t.Fatalf("canvas = %v", c)
		}
		note := hackathon.BuildStartNote(h, c, nil, "nl")
		if len(note.Sections) != 8 || len(note.Sections[0].Entries) != 1 || note.Sections[0].Entries[0].Text != c[key] {
			t.Fatalf("start note = %+v", note.Sections[0])
		}
		if len(note.Missing) == 0 {
			t.Fatal("an almost empty canvas must report missing sections")
		}
	})
}

func TestMyMilestones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, uid := setup(t, db)
		ctx := context.Background()
		h, _ := s.Create(ctx, bgzInput(), uid)
		mine, err := s.MyMilestones(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		// The creator is projectleider: 6A and 9D are the projectleider's.
		codes := map[string]bool{}
		for _, m := range mine {
			codes[m.Code] = true
			if m.HackathonID != h.ID {
				t.Fatal("milestone of another hackathon")
			}
		}
		if !codes["6A"] || !codes["9D"] || codes["2A"] {
			t.Fatalf("my milestones = %v", codes)
		}
	})
}
