package participant_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func newHackathon(t *testing.T, db *store.DB) *hackathon.Hackathon {
	t.Helper()
	h, err := hackathon.NewService(db).Create(context.Background(), hackathon.Input{Code: "PREG", Name: "Preg", Variant: "technisch", Location: "Utrecht",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 2, 11)}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func newService(db *store.DB) *participant.Service {
	return participant.NewService(db, comms.NewOutbox(db, jobs.NewQueue(db), "hackathon@example.org"))
}

func fieldOf(err error) []string {
	var out []string
	for _, f := range apperr.Fields(err) {
		out = append(out, f.Field)
	}
	return out
}

func TestCheckAnswers(t *testing.T) {
	qs := []participant.Question{
		{ID: 1, Kind: participant.KindText, Label: "Wat test je?", Required: true},
		{ID: 2, Kind: participant.KindChoice, Label: "Versie", Options: []string{"STU3", "R4"}},
		{ID: 3, Kind: participant.KindYesNo, Label: "Laptop?", Required: true},
	}
	for _, c := range []struct {
		name    string
		in      map[int64]string
		want    map[int64]string
		invalid []string
	}{
		{"all fine, normalised", map[int64]string{1: " BgZ ", 2: "r4", 3: "Yes"}, map[int64]string{1: "BgZ", 2: "R4", 3: "ja"}, nil},
		{"optional left out", map[int64]string{1: "x", 3: "nee"}, map[int64]string{1: "x", 3: "nee"}, nil},
		{"required missing", map[int64]string{2: "STU3"}, nil, []string{"q_1", "q_3"}},
		{"unknown choice", map[int64]string{1: "x", 2: "R5", 3: "ja"}, nil, []string{"q_2"}},
		{"not yes or no", map[int64]string{1: "x", 3: "misschien"}, nil, []string{"q_3"}},
		{"too long", map[int64]string{1: strings.Repeat("x", 2001), 3: "ja"}, nil, []string{"q_1"}},
		{"unknown question ignored", map[int64]string{1: "x", 3: "ja", 99: "y"}, map[int64]string{1: "x", 3: "ja"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := participant.CheckAnswers(qs, c.in)
			if c.invalid != nil {
				if fmt.Sprint(fieldOf(err)) != fmt.Sprint(c.invalid) {
					t.Fatalf("fields %v, want %v (%v)", fieldOf(err), c.invalid, err)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("got %v %v, want %v", got, err, c.want)
			}
		})
	}
}

func TestQuestionsOnTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		if err := ps.SaveSettings(ctx, h.ID, participant.Settings{Open: true, PrivacyText: "p"}, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.SaveQuestion(ctx, h.ID, participant.Question{Label: "Keuze", Kind: "choice", Options: []string{"a", "A"}}, 0); fmt.Sprint(fieldOf(err)) != "[options]" {
			t.Fatalf("one distinct option: %v", err)
		}
		if _, err := ps.SaveQuestion(ctx, h.ID, participant.Question{Label: " ", Kind: "slider"}, 0); fmt.Sprint(fieldOf(err)) != "[label kind]" {
			t.Fatalf("bad question: %v", err)
		}
		q1, err := ps.SaveQuestion(ctx, h.ID, participant.Question{Label: "Laptop mee?", Kind: "yesno", Required: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		q2, err := ps.SaveQuestion(ctx, h.ID, participant.Question{Label: "Versie", Kind: "choice", Options: []string{"STU3", "R4", ""}}, 0)
		if err != nil || q2.Position != 2 || len(q2.Options) != 2 {
			t.Fatalf("second question: %+v %v", q2, err)
		}
		in := participant.Input{Name: "An", Email: "an@example.org", Organisation: "Zorg Noord", ChainRole: "zorgaanbieder", Consent: true,
			Answers: map[int64]string{q2.ID: "R5"}}
		_, err = ps.Register(ctx, h, in, "http://x")
		if got := fmt.Sprint(fieldOf(err)); got != fmt.Sprintf("[q_%d q_%d]", q1.ID, q2.ID) {
			t.Fatalf("answers not checked: %v", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 0 {
			t.Fatal("an invalid registration was stored")
		}
		in.Answers = map[int64]string{q1.ID: "ja", q2.ID: "r4"}
		res, err := ps.Register(ctx, h, in, "http://x")
		if err != nil {
			t.Fatal(err)
		}
		reg, err := ps.Get(ctx, h.ID, res.ID)
		if err != nil || reg.Answers[q1.ID] != "ja" || reg.Answers[q2.ID] != "R4" {
			t.Fatalf("answers stored: %v %v", reg.Answers, err)
		}
		regs, _ := ps.List(ctx, h.ID)
		sh := participant.ParticipantSheet(regs, []participant.Question{*q1, *q2}, time.UTC)
		if got := sh.Header[len(sh.Header)-2:]; fmt.Sprint(got) != "[Laptop mee? Versie]" || sh.Rows[0][len(sh.Rows[0])-1] != "R4" {
			t.Fatalf("export: %v %v", sh.Header, sh.Rows)
		}
		if err := ps.DeleteQuestion(ctx, h.ID, q2.ID, 0); err != nil {
			t.Fatal(err)
		}
		if reg, _ := ps.Get(ctx, h.ID, res.ID); len(reg.Answers) != 1 {
			t.Fatalf("answers of a deleted question stay: %v", reg.Answers)
		}
		if err := ps.DeleteQuestion(ctx, h.ID, q2.ID, 0); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

func TestOrganisationsPeopleCatering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		oid, err := ps.AddOrganisation(ctx, h.ID, "PGO Zuid", participant.RolePGO, 0)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := ps.AddOrganisation(ctx, h.ID, "pgo zuid", participant.RoleDVA, 0); err != nil || again != oid {
			t.Fatalf("same organisation by name: %d %v", again, err)
		}
		add := func(in participant.PersonInput) *participant.Registration {
			t.Helper()
			r, err := ps.SavePerson(ctx, h, oid, 0, in, 0)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		vera := add(participant.PersonInput{Name: "Vera", Email: "vera@pgo.example", Dietary: "Vegetarisch", AttendKickoff: true, AttendDays: []int{2, 1, 1}, IsIssueOwner: true})
		if fmt.Sprint(vera.AttendDays) != "[1 2]" || vera.Status != participant.StatusConfirmed {
			t.Fatalf("person: %+v", vera)
		}
		wim := add(participant.PersonInput{Name: "Wim", Email: "wim@pgo.example", Dietary: "vegetarisch ", AttendDays: []int{1}, IsContact: true})
		add(participant.PersonInput{Name: "Zus", Email: "zus@pgo.example", Dietary: "geen", AttendDays: []int{1}})
		if _, err := ps.SavePerson(ctx, h, oid, 0, participant.PersonInput{Name: "X", Email: "x@pgo.example", AttendDays: []int{3}}, 0); fmt.Sprint(fieldOf(err)) != "[attend_days]" {
			t.Fatalf("day 3 of 2: %v", err)
		}
		// One issue owner per organisation.
		if _, err := ps.SavePerson(ctx, h, oid, wim.ID, participant.PersonInput{Name: "Wim", Email: "wim@pgo.example", Dietary: "vegetarisch", AttendDays: []int{1}, IsIssueOwner: true}, 0); err != nil {
			t.Fatal(err)
		}
		org, err := ps.Organisation(ctx, h.ID, oid)
		if err != nil || org.IssueOwner == nil || org.IssueOwner.Name != "Wim" || len(org.People) != 3 || org.Confirmed != 3 || org.Commitment != "benaderd" {
			t.Fatalf("organisation: %+v %v", org, err)
		}
		if _, err := ps.UpdateOrganisation(ctx, h.ID, oid, participant.OrgInput{Name: "PGO Zuid", ChainRoles: []participant.ChainRole{"dva", "pgo", "dva"}, Product: "App", ProductVersion: "2"}, 0); err != nil {
			t.Fatal(err)
		}
		org, _ = ps.Organisation(ctx, h.ID, oid)
		if org.ChainRole != participant.RoleDVA || fmt.Sprint(org.ChainRoles) != "[dva pgo]" || org.Product != "App" {
			t.Fatalf("roles: %v %v", org.ChainRole, org.ChainRoles)
		}
		// Cancel Zus by hand: catering counts confirmed people only.
		zus := org.People[2]
		if _, err := ps.SetStatus(ctx, h, zus.ID, participant.StatusCancelled, "http://x", 0); err != nil {
			t.Fatal(err)
		}
		days, err := ps.Catering(ctx, h)
		if err != nil || len(days) != 3 {
			t.Fatalf("catering: %v %v", days, err)
		}
		if days[0].Day != 0 || days[0].Attending != 1 || days[1].Attending != 2 || days[2].Attending != 1 {
			t.Fatalf("attending: %+v", days)
		}
		if len(days[1].Diets) != 1 || days[1].Diets[0].Count != 2 {
			t.Fatalf("diets day 1: %+v", days[1].Diets)
		}
		org, _ = ps.Organisation(ctx, h.ID, oid)
		sh := participant.FinalSheet(h, []participant.Organisation{*org})
		var b bytes.Buffer
		if err := participant.WriteSheetCSV(&b, sh); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) != 3 { // header, Vera, Wim; not the cancelled Zus
			t.Fatalf("final list: %v %v", recs, err)
		}
		if got := strings.Join(recs[1], "|"); !strings.Contains(got, "PGO Zuid|dva, pgo|App|2|Vera|vera@pgo.example") || !strings.Contains(got, "|x|x|x|Vegetarisch") {
			t.Fatalf("final list row: %s", got)
		}
	})
}

func TestFinalListDefusesFormulas(t *testing.T) {
	h := &hackathon.Hackathon{Name: "H", Days: []date.Date{date.New(2027, 2, 10)}}
	orgs := []participant.Organisation{{Name: "=HYPERLINK(\"x\")", ChainRoles: []participant.ChainRole{"pgo"},
		People: []participant.Registration{{Name: "+31 6", Status: participant.StatusConfirmed, AttendDays: []int{1}}}}}
	var b bytes.Buffer
	if err := participant.WriteSheetXLSX(&b, participant.FinalSheet(h, orgs)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Definitieve lijst")
	if rows[1][0] != `'=HYPERLINK("x")` || rows[1][4] != "'+31 6" || rows[0][9] != "Dag 1 2027-02-10" || rows[1][9] != "x" {
		t.Fatalf("rows %q", rows)
	}
}

func TestCreateAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		accounts := account.NewService(db)
		accounts.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		oid, _ := ps.AddOrganisation(ctx, h.ID, "PGO Zuid", participant.RolePGO, 0)
		existing, err := accounts.Create(ctx, account.NewUser{Email: "wim@pgo.example", Name: "Wim", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []participant.PersonInput{{Name: "Vera", Email: "vera@pgo.example"}, {Name: "Wim", Email: "wim@pgo.example"}, {Name: "Zus", Email: "zus@pgo.example"}} {
			if _, err := ps.SavePerson(ctx, h, oid, 0, p, 0); err != nil {
				t.Fatal(err)
			}
		}
		org, _ := ps.Organisation(ctx, h.ID, oid)
		ps.SetStatus(ctx, h, org.People[2].ID, participant.StatusWaitlist, "http://x", 0) // Zus
		invite, err := commplan.NewService(db, ps.Outbox).AccountInviter(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ps.CreateAccounts(ctx, h, accounts, "http://x", nil, 0); err == nil {
			t.Fatal("CreateAccounts without an inviter")
		}
		res, err := ps.CreateAccounts(ctx, h, accounts, "http://x", invite, 0)
		if err != nil || res != (participant.AccountsResult{Created: 1, Granted: 1}) {
			t.Fatalf("first run: %+v %v", res, err)
		}
		res, err = ps.CreateAccounts(ctx, h, accounts, "http://x", invite, 0)
		if err != nil || res != (participant.AccountsResult{Skipped: 2}) {
			t.Fatalf("second run: %+v %v", res, err)
		}
		var users, invites, grants int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&users)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Je account%'").Scan(&invites)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members WHERE role = 'deelnemer' AND organisation_id = ?", oid).Scan(&grants)
		if users != 2 || invites != 1 || grants != 2 {
			t.Fatalf("users %d invites %d grants %d; want 2, 1, 2", users, invites, grants)
		}
		var body, to string
		var outboxID int64
		db.QueryRow(ctx, "SELECT id, recipient, body FROM outbox WHERE subject LIKE 'Je account%'").Scan(&outboxID, &to, &body)
		if !strings.Contains(body, "http://x"+participant.AccountInvitePath+comms.SecretPlaceholder(1)) {
			t.Fatalf("the stored invitation holds a usable link:\n%s", body)
		}
		// The link as it is sent: the token is kept apart until then.
		sent, err := comms.Reveal(ctx, db, &comms.Message{ID: outboxID, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		body = sent.Body
		_, token, found := strings.Cut(body, "http://x"+participant.AccountInvitePath)
		token, _, _ = strings.Cut(token, "\n")
		if to != "vera@pgo.example" || !found || token == "" {
			t.Fatalf("invitation to %s:\n%s", to, body)
		}
		// An invited account cannot log in before it has a password.
		th := account.NewThrottle(db)
		if _, err := accounts.Authenticate(ctx, th, "vera@pgo.example", "", "1.2.3.4"); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("login without password: %v", err)
		}
		var stored int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM password_tokens WHERE token_hash = ?", token).Scan(&stored)
		if stored != 0 {
			t.Fatal("the token is stored in the clear")
		}
		if _, err := accounts.UseSetPasswordToken(ctx, token, "short"); fmt.Sprint(fieldOf(err)) != "[password]" {
			t.Fatalf("short password: %v", err)
		}
		u, err := accounts.UseSetPasswordToken(ctx, token, "a long new password")
		if err != nil || u.Email != "vera@pgo.example" {
			t.Fatalf("set password: %v", err)
		}
		if _, err := accounts.Authenticate(ctx, th, "vera@pgo.example", "a long new password", "1.2.3.4"); err != nil {
			t.Fatalf("login: %v", err)
		}
		if _, err := accounts.UseSetPasswordToken(ctx, token, "another long password"); !errors.Is(err, account.ErrLinkInvalid) {
			t.Fatalf("second use: %v", err)
		}
		// Expiry: a fresh link for Wim, looked at after its lifetime.
		var tok string
		err = db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			tok, err = accounts.NewSetPasswordToken(ctx, tx, existing.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		later := *accounts
		later.Now = func() time.Time { return time.Now().Add(account.SetPasswordLifetime + time.Minute) }
		if _, err := later.UseSetPasswordToken(ctx, tok, "a long new password"); !errors.Is(err, account.ErrLinkInvalid) {
			t.Fatalf("expired link: %v", err)
		}
		if _, err := accounts.UserBySetPasswordToken(ctx, tok); err != nil {
			t.Fatalf("link within its lifetime: %v", err)
		}
	})
}

// xlsxOf writes rows as the first worksheet of a workbook, as Forms exports.
func xlsxOf(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGuessMapping(t *testing.T) {
	q := participant.Question{ID: 7, Label: "Welke FHIR-versie test je?"}
	for _, c := range []struct {
		header []string
		want   map[string]int
	}{
		{[]string{"Tijdstempel", "E-mailadres", "Naam", "Organisatie", "Rol in de keten", "Dieetwensen"},
			map[string]int{"email": 1, "name": 2, "organisation": 3, "chain_role": 4, "dietary": 5, "phone": -1}},
		{[]string{"Timestamp", "Email Address", "Full name", "Organization", "Chain role", "Dietary requirements", "Phone number"},
			map[string]int{"email": 1, "name": 2, "organisation": 3, "chain_role": 4, "dietary": 5, "phone": 6}},
		{[]string{"ID", "Start time", "Completion time", "Email", "Name", "Wat is je naam?", "Bij welke organisatie werk je?", "Heb je dieetwensen of allergieën?", "Kom je naar de kick-off?", "Welke dagen ben je er?", "Welke FHIR-versie test je?"},
			map[string]int{"email": 3, "name": 4, "organisation": 6, "dietary": 7, "attend_kickoff": 8, "attend_days": 9, "q_7": 10}},
	} {
		m := participant.GuessMapping(c.header, q)
		for f, want := range c.want {
			if m[f] != want {
				t.Errorf("%v: %s -> %d, want %d", c.header, f, m[f], want)
			}
		}
	}
}

// TestImportXLSX2000RowsMapped: a 2,000-row XLSX export whose headers the
// guess cannot place is imported through an explicit column mapping,
// including attendance and a question; bad rows are named by sheet row.
func TestImportXLSX2000RowsMapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		q, err := ps.SaveQuestion(ctx, h.ID, participant.Question{Label: "Versie", Kind: "choice", Options: []string{"STU3", "R4"}, Required: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		rows := [][]string{{"Vraag 1", "Vraag 2", "Vraag 3", "Vraag 4", "Vraag 5", "Vraag 6", "Vraag 7"}}
		bad := map[int]string{}
		for i := 0; i < 2000; i++ {
			email, days, version := fmt.Sprintf("p%d@example.org", i), "Dag 1;Dag 2", "R4"
			switch i {
			case 100:
				email = "kapot"
				bad[i+2] = "email"
			case 200:
				days = "Dag 3"
				bad[i+2] = "attend_days"
			case 300:
				version = "R5"
				bad[i+2] = "Versie"
			}
			rows = append(rows, []string{fmt.Sprintf("Persoon %d", i), email, fmt.Sprintf("Org %d", i%40), "Zorgaanbieder", "ja", days, version})
			if i == 999 {
				rows = append(rows, []string{"", "", ""}) // an empty row in the middle
			}
		}
		tab, err := participant.ParseXLSX(xlsxOf(t, rows))
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 2000 {
			t.Fatalf("%d rows", len(tab.Rows))
		}
		guess := participant.GuessMapping(tab.Header, *q)
		if _, err := ps.Preview(ctx, h, tab, guess); fmt.Sprint(fieldOf(err)) != "[map_name map_email map_organisation map_chain_role]" {
			t.Fatalf("unmapped required fields: %v", err)
		}
		mapping := map[string]int{"name": 0, "email": 1, "organisation": 2, "chain_role": 3, "attend_kickoff": 4, "attend_days": 5, q.Field(): 6}
		dup := map[string]int{"name": 0, "email": 1, "organisation": 2, "chain_role": 3, "dietary": 1}
		if _, err := ps.Preview(ctx, h, tab, dup); fmt.Sprint(fieldOf(err)) != "[map_email]" {
			t.Fatalf("one column for two fields: %v", err)
		}
		preview, err := ps.Preview(ctx, h, tab, mapping)
		if err != nil {
			t.Fatal(err)
		}
		nbad := 0
		for _, r := range preview {
			if len(r.Errors) == 0 {
				continue
			}
			nbad++
			if want := bad[r.Line]; want == "" || !strings.Contains(strings.Join(r.Errors, " "), want) {
				t.Errorf("row %d: %v (want %q)", r.Line, r.Errors, want)
			}
		}
		if nbad != len(bad) {
			t.Fatalf("%d bad rows, want %d", nbad, len(bad))
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 0 {
			t.Fatal("the preview stored rows")
		}
		got, err := ps.Import(ctx, h, preview, 0)
		if err != nil || got != 2000-len(bad) {
			t.Fatalf("import: %d %v", got, err)
		}
		days, _ := ps.Catering(ctx, h)
		if days[0].Attending != got || days[2].Attending != got {
			t.Fatalf("attendance imported: %+v", days)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registration_answers WHERE question_id = ? AND value = 'R4'", q.ID).Scan(&n)
		if n != got {
			t.Fatalf("%d answers imported, want %d", n, got)
		}
	})
}

func TestParseXLSXErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"not a zip", []byte("PK\x03\x04 not really"), "not readable as XLSX"},
		{"only empty rows", xlsxOf(t, [][]string{{"", ""}}), "no header"},
	} {
		if _, err := participant.ParseXLSX(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	tab, err := participant.ParseTable(xlsxOf(t, [][]string{{"", ""}, {"Naam", "E-mail"}, {"An", "an@example.org"}}))
	if err != nil || tab.Header[0] != "Naam" || tab.Lines[0] != 3 {
		t.Fatalf("header after an empty row: %+v %v", tab, err)
	}
}

func FuzzParseXLSX(f *testing.F) {
	f.Add(xlsxOf(f, [][]string{{"Naam", "E-mail"}, {"An", "an@example.org"}}))
	f.Add(xlsxOf(f, [][]string{{"", ""}, {"a"}, {"=1+1", "x"}}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("Naam,E-mail\nAn,an@example.org\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := participant.ParseTable(data)
		if err != nil {
			return
		}
		if tab.Header == nil || len(tab.Lines) != len(tab.Rows) && len(tab.Lines) != 0 {
			t.Fatalf("inconsistent table: %d rows, %d lines", len(tab.Rows), len(tab.Lines))
		}
		m := participant.GuessMapping(tab.Header)
		for f, i := range m {
			if i < -1 || i >= len(tab.Header) {
				t.Fatalf("mapping %s -> %d out of range", f, i)
			}
		}
	})
}

func TestParseAttendance(t *testing.T) {
	h := &hackathon.Hackathon{Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 2, 11)}}
	for _, c := range []struct {
		kickoff, days string
		wantKick      bool
		wantDays      string
		errs          int
	}{
		{"ja", "1, 2", true, "[1 2]", 0},
		{"", "Kick-off;Dag 2;Dag 2", true, "[2]", 0},
		{"nee", "2027-02-11,10-02-2027", false, "[1 2]", 0},
		{"misschien", "Dag 3", false, "[]", 2},
		{"", "", false, "[]", 0},
	} {
		kick, days, errs := participant.ParseAttendance(h, c.kickoff, c.days)
		if days == nil {
			days = []int{}
		}
		if kick != c.wantKick || fmt.Sprint(days) != c.wantDays || len(errs) != c.errs {
			t.Errorf("%q %q: %v %v %v", c.kickoff, c.days, kick, days, errs)
		}
	}
}

func FuzzParseAttendance(f *testing.F) {
	h := &hackathon.Hackathon{Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10), date.New(2027, 2, 11)}}
	for _, s := range []string{"1, 2", "Dag 1;Kick-off", "2027-02-11", "99999999999", "dag ١", "\n|;,"} {
		f.Add("ja", s)
	}
	f.Fuzz(func(t *testing.T, kickoff, days string) {
		_, got, _ := participant.ParseAttendance(h, kickoff, days)
		for i, d := range got {
			if d < 1 || d > len(h.Days) || (i > 0 && got[i-1] >= d) {
				t.Fatalf("days %v from %q", got, days)
			}
		}
	})
}

// TestCreateAccountsConcurrently: two runs at once create one account and
// one invitation; the losing run fails or finds nothing to do.
func TestCreateAccountsConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHackathon(t, db)
		ps := newService(db)
		accounts := account.NewService(db)
		oid, _ := ps.AddOrganisation(ctx, h.ID, "PGO Zuid", participant.RolePGO, 0)
		for i := 0; i < 5; i++ {
			if _, err := ps.SavePerson(ctx, h, oid, 0, participant.PersonInput{Name: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@pgo.example", i)}, 0); err != nil {
				t.Fatal(err)
			}
		}
		invite, err := commplan.NewService(db, ps.Outbox).AccountInviter(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		for i := 0; i < 2; i++ {
			go func() { _, err := ps.CreateAccounts(ctx, h, accounts, "http://x", invite, 0); errs <- err }()
		}
		ok := 0
		for i := 0; i < 2; i++ {
			if err := <-errs; err == nil {
				ok++
			}
		}
		var users, invites, links int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&users)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Je account%'").Scan(&invites)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registration_accounts").Scan(&links)
		if ok == 0 || users != 5 || invites != 5 || links != 5 {
			t.Fatalf("%d runs succeeded; %d users, %d invitations, %d links; want 5 each", ok, users, invites, links)
		}
	})
}
