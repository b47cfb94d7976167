package blueprint

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

var wantIDs = strings.Fields(`1A 1B
2A 2B 2C 2D 2E 2F 2G 2H 2I 2J 2K 2L 2M 2N 2O 2P 2Q 2R 2S 2T
3A 3B 4A 4B 4C 4D 4E 4F 4G 4H 5A 5B 5C 6A 6B 6C 6D 6E
7A 7B 7C 7D 8A 9A 9B 9C 9D 9E 9F`)

func TestMilestoneIDsExactlyInOrder(t *testing.T) {
	got := MilestoneIDs()
	if len(got) != len(wantIDs) || len(got) != 51 {
		t.Fatalf("got %d milestones, want %d (51)", len(got), len(wantIDs))
	}
	seen := map[string]bool{}
	for i, id := range got {
		if id != wantIDs[i] {
			t.Errorf("milestone %d: got %s, want %s", i, id, wantIDs[i])
		}
		if seen[id] {
			t.Errorf("duplicate milestone %s", id)
		}
		seen[id] = true
	}
}

func TestMilestoneFields(t *testing.T) {
	for _, m := range Milestones() {
		if want, _ := strconv.Atoi(m.ID[:1]); m.Phase != want {
			t.Errorf("%s: phase %d, want %d", m.ID, m.Phase, want)
		}
		if m.Title.NL == "" || m.Title.EN == "" {
			t.Errorf("%s: empty title %+v", m.ID, m.Title)
		}
		if m.Description.NL == "" || m.Description.EN == "" {
			t.Errorf("%s: empty description", m.ID)
		}
		if m.Responsible != "" && !m.Responsible.Valid() {
			t.Errorf("%s: invalid responsible role %q", m.ID, m.Responsible)
		}
		for _, b := range m.Blocks {
			if !b.Valid() {
				t.Errorf("%s: invalid block %q", m.ID, b)
			}
		}
		pointer := m.ID == "7A" || m.ID == "8A"
		if pointer != (m.Responsible == "") || pointer != (len(m.Blocks) == 0) {
			t.Errorf("%s: responsible %q, %d blocks; only 7A and 8A may have neither", m.ID, m.Responsible, len(m.Blocks))
		}
		switch m.DueRelativeTo {
		case DueKickoff, DueDay1, DueLastDay:
		default:
			t.Errorf("%s: unknown due anchor %q", m.ID, m.DueRelativeTo)
		}
	}
}

func TestMilestoneResponsibles(t *testing.T) {
	cases := map[string]Role{
		"1A": RoleOpdrachtnemer,
		"1B": RoleOpdrachtnemer,
		"2G": RoleTechnischCoordinator,
		"2H": RoleTestcoordinator,
		"2M": RoleIssuecoordinator,
		"6A": RoleProjectleider,
		"9D": RoleProjectleider,
		"7A": "",
		"8A": "",
	}
	for id, want := range cases {
		m, ok := MilestoneByID(id)
		if !ok {
			t.Fatalf("MilestoneByID(%q) not found", id)
		}
		if m.Responsible != want {
			t.Errorf("%s: responsible %q, want %q", id, m.Responsible, want)
		}
	}
	if RoleTechnischCoordinator != "technisch" || RoleTestcoordinator != "test" || RoleIssuecoordinator != "issue" || RoleCommunicatieExpert != "communicatie" {
		t.Error("role keys changed")
	}
	if m, _ := MilestoneByID("1A"); len(m.Blocks) != 6 {
		t.Errorf("1A (Alle) has %d blocks, want 6", len(m.Blocks))
	}
	if _, ok := MilestoneByID("9G"); ok {
		t.Error("MilestoneByID(9G) found")
	}
}

func TestPhases(t *testing.T) {
	ps := Phases()
	if len(ps) != 9 {
		t.Fatalf("got %d phases, want 9", len(ps))
	}
	for i, p := range ps {
		if p.Number != i+1 {
			t.Errorf("phase %d has number %d", i+1, p.Number)
		}
		if p.Name.NL == "" || p.Name.EN == "" || p.Goal.NL == "" || p.Goal.EN == "" {
			t.Errorf("phase %d: empty name or goal", p.Number)
		}
		if want := p.Number == 7 || p.Number == 8; p.Repeatable != want {
			t.Errorf("phase %d: repeatable %v, want %v", p.Number, p.Repeatable, want)
		}
		if len(p.AttentionPoints[VariantRegulier]) != 0 {
			t.Errorf("phase %d: regular variant has attention points", p.Number)
		}
		if p.Number != 8 && (len(p.AttentionPoints[VariantTechnisch]) == 0 || len(p.AttentionPoints[VariantFunctioneel]) == 0) {
			t.Errorf("phase %d: missing technical or functional attention points", p.Number)
		}
		for v, pts := range p.AttentionPoints {
			for _, a := range pts {
				if a.NL == "" || a.EN == "" {
					t.Errorf("phase %d %s: empty attention point", p.Number, v)
				}
			}
		}
		if len(MilestonesForPhase(p.Number)) == 0 {
			t.Errorf("phase %d has no milestones", p.Number)
		}
	}
	if p, ok := PhaseByNumber(5); !ok || p.GoNoGo != RoleDeelnemer {
		t.Errorf("phase 5 go/no-go: %v %q", ok, p.GoNoGo)
	}
	if _, ok := PhaseByNumber(10); ok {
		t.Error("PhaseByNumber(10) found")
	}
}

func TestRoles(t *testing.T) {
	if n := len(ProjectRoles()); n != 7 {
		t.Errorf("%d project roles, want 7", n)
	}
	all := AllHackathonRoles()
	if len(all) != 14 {
		t.Errorf("%d hackathon roles, want 14", len(all))
	}
	for _, r := range all {
		l := RoleLabel(r)
		if l.NL == "" || l.EN == "" || RoleDescription(r).IsZero() {
			t.Errorf("role %q lacks label or description", r)
		}
		for _, s := range []string{string(r), l.NL, l.EN, strings.ToUpper(string(r))} {
			got, err := ParseRole(s)
			if err != nil || got != r {
				t.Errorf("ParseRole(%q) = %q, %v; want %q", s, got, err, r)
			}
		}
	}
	if RoleLabel(RoleTechnischCoordinator).NL != "Technisch coördinator" || RoleLabel(RoleIssuecoordinator).NL != "Issuecoördinator" {
		t.Error("unexpected Dutch labels")
	}
	for _, junk := range []string{"", "junk", "projectleider2"} {
		_, err := ParseRole(junk)
		if err == nil {
			t.Errorf("ParseRole(%q) accepted", junk)
			continue
		}
		if !errors.Is(err, ErrUnknownRole) || !strings.Contains(err.Error(), strconv.Quote(junk)) {
			t.Errorf("ParseRole(%q) error %q does not name the input", junk, err)
		}
	}
}

func TestRoleProposals(t *testing.T) {
	ps := RoleProposals()
	roles := ProjectRoles()
	if len(ps) != len(roles) {
		t.Fatalf("%d proposals, want %d", len(ps), len(roles))
	}
	for i, p := range ps {
		if p.Role != roles[i] {
			t.Errorf("proposal %d is %q, want %q", i, p.Role, roles[i])
		}
		if p.HoursPerWeekMin <= 0 || p.HoursPerWeekMin > p.HoursPerWeekMax || p.Tasks.NL == "" || len(p.TaskList) == 0 || len(p.Organisations) == 0 {
			t.Errorf("proposal %q incomplete: %+v", p.Role, p)
		}
	}
	if p, _ := ProposalFor(RoleCommunicatieExpert); p.HoursPerWeekMin != 8 || p.HoursPerWeekMax != 16 {
		t.Errorf("communicatie hours %d–%d, want 8–16", p.HoursPerWeekMin, p.HoursPerWeekMax)
	}
}

func TestCanvasAndStartNote(t *testing.T) {
	keys := map[string]bool{}
	sections := map[string]bool{}
	for _, s := range CanvasSections() {
		if sections[s.Key] {
			t.Errorf("duplicate canvas section %q", s.Key)
		}
		sections[s.Key] = true
		if s.Title.NL == "" || s.Title.EN == "" || len(s.Fields) == 0 {
			t.Errorf("canvas section %q incomplete", s.Key)
		}
		for _, f := range s.Fields {
			if keys[f.Key] {
				t.Errorf("duplicate canvas field %q", f.Key)
			}
			keys[f.Key] = true
			if f.Label.NL == "" || f.Label.EN == "" || f.Help.NL == "" || f.Help.EN == "" {
				t.Errorf("canvas field %q lacks label or help", f.Key)
			}
		}
	}
	for _, b := range BuildingBlocks() {
		if !sections[string(b)] {
			t.Errorf("no canvas section for building block %q", b)
		}
	}
	want := []string{"reason", "goal", "scope", "effort", "capacity", "stakeholders", "material", "planning"}
	sn := StartNoteSections()
	if len(sn) != len(want) {
		t.Fatalf("%d start note sections, want %d", len(sn), len(want))
	}
	for i, s := range sn {
		if s.Key != want[i] {
			t.Errorf("start note section %d is %q, want %q", i, s.Key, want[i])
		}
		if len(s.SourceKeys) == 0 {
			t.Errorf("start note section %q has no sources", s.Key)
		}
		for _, k := range s.SourceKeys {
			if !keys[k] {
				t.Errorf("start note section %q: canvas field %q does not exist", s.Key, k)
			}
		}
	}
}

func TestSnelcheckAndEvaluation(t *testing.T) {
	d := SnelcheckDefaults()
	wantN := map[ChainRole]int{ChainZorgaanbieder: 4, ChainDVA: 5, ChainPGO: 4}
	for _, c := range ChainRoles() {
		if len(d[c]) != wantN[c] {
			t.Errorf("snelcheck %s: %d items, want %d", c, len(d[c]), wantN[c])
		}
	}
	if c, err := ParseChainRole("DVP"); err != nil || c != ChainPGO {
		t.Errorf("ParseChainRole(DVP) = %q, %v", c, err)
	}
	themes := map[string]bool{}
	for _, th := range EvaluationThemes() {
		themes[th.Key] = true
	}
	ev := EvaluationDefaults()
	for _, r := range EvaluationRoles() {
		if len(ev[r]) == 0 {
			t.Errorf("no evaluation questions for %s", r)
		}
		for _, q := range ev[r] {
			if !themes[q.Theme] || q.Text.NL == "" || q.Text.EN == "" {
				t.Errorf("%s: bad question %+v", r, q)
			}
		}
	}
	if n := len(DraaiboekSections()); n != 8 {
		t.Errorf("%d draaiboek sections, want 8", n)
	}
	if n := len(CommunicationPlanSections()); n != 11 {
		t.Errorf("%d communication plan sections, want 11", n)
	}
	if n := len(TrainingTopics()); n != 3 {
		t.Errorf("%d training topics, want 3", n)
	}
}

func TestTextIn(t *testing.T) {
	x := Text{NL: "hallo", EN: "hello"}
	for lang, want := range map[string]string{"nl": "hallo", "en": "hello", "EN": "hello", "en-GB": "hello", "de": "hallo", "": "hallo"} {
		if got := x.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (Text{NL: "alleen"}).In("en"); got != "alleen" {
		t.Errorf("empty EN should fall back to NL, got %q", got)
	}
}

func TestDefaultDue(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	kickoff := time.Date(2025, 3, 3, 10, 0, 0, 0, ams)
	day1 := time.Date(2025, 4, 10, 9, 0, 0, 0, ams)
	lastDay := time.Date(2025, 4, 11, 9, 0, 0, 0, ams)
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ams) }
	var zero time.Time

	cases := []struct {
		name                 string
		m                    Milestone
		kickoff, day1, lastD time.Time
		want                 time.Time
	}{
		{"before kickoff", Milestone{DueRelativeTo: DueKickoff, DueOffsetDays: -90}, kickoff, day1, lastDay, day(2024, 12, 3, 10)},
		{"at kickoff", Milestone{DueRelativeTo: DueKickoff}, kickoff, day1, lastDay, kickoff},
		{"before day1 across DST", Milestone{DueRelativeTo: DueDay1, DueOffsetDays: -14}, kickoff, day1, lastDay, day(2025, 3, 27, 9)},
		{"after day1", Milestone{DueRelativeTo: DueDay1, DueOffsetDays: 7}, kickoff, day1, lastDay, day(2025, 4, 17, 9)},
		{"after last day", Milestone{DueRelativeTo: DueLastDay, DueOffsetDays: 60}, kickoff, day1, lastDay, day(2025, 6, 10, 9)},
		{"kickoff unknown", Milestone{DueRelativeTo: DueKickoff, DueOffsetDays: -90}, zero, day1, lastDay, zero},
		{"day1 unknown", Milestone{DueRelativeTo: DueDay1, DueOffsetDays: 3}, kickoff, zero, lastDay, zero},
		{"last day unknown", Milestone{DueRelativeTo: DueLastDay}, kickoff, day1, zero, zero},
		{"other date unknown", Milestone{DueRelativeTo: DueDay1, DueOffsetDays: -2}, zero, day1, zero, day(2025, 4, 8, 9)},
		{"no anchor", Milestone{DueOffsetDays: 5}, kickoff, day1, lastDay, zero},
	}
	for _, c := range cases {
		got := DefaultDue(c.m, c.kickoff, c.day1, c.lastD)
		if !got.Equal(c.want) || got.IsZero() != c.want.IsZero() {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}

	// The defaults of the real milestones stay within the window of their phase.
	type window struct {
		anchor   DueAnchor
		min, max int
	}
	windows := map[int]window{
		1: {DueKickoff, -150, -91}, 2: {DueKickoff, -90, -30}, 3: {DueKickoff, 0, 0},
		4: {DueDay1, -14, -3}, 5: {DueDay1, -7, -2}, 6: {DueDay1, 0, 14},
		7: {DueDay1, 7, 42}, 8: {DueLastDay, 0, 0}, 9: {DueLastDay, 30, 60},
	}
	for _, m := range Milestones() {
		w := windows[m.Phase]
		if m.DueRelativeTo != w.anchor || m.DueOffsetDays < w.min || m.DueOffsetDays > w.max {
			t.Errorf("%s: due %s%+d, want %s within %d..%d", m.ID, m.DueRelativeTo, m.DueOffsetDays, w.anchor, w.min, w.max)
		}
	}
}
