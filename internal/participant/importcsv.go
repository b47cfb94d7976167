package participant

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// ImportFields are the registration fields a CSV column can be mapped to.
// Answers to the organisers' questions map to q_<id> (QuestionField).
var ImportFields = []string{"name", "email", "organisation", "chain_role", "job_title", "phone", "dietary", "attend_kickoff", "attend_days"}

// MaxImportRows bounds an import.
const MaxImportRows = 5000

// Table is a parsed CSV file: the header and the data rows.
type Table struct {
	Header []string
	Rows   [][]string
	Lines  []int // line (CSV) or row (XLSX) number of each data row in the file
}

// line is the number of data row i in the file (the header is line 1 when unknown).
func (t *Table) line(i int) int {
	if i < len(t.Lines) {
		return t.Lines[i]
	}
	return i + 2
}

// ParseCSV reads a CSV export of Google Forms or Microsoft Forms: UTF-8
// with or without BOM, comma or semicolon separated, first line the header.
func ParseCSV(data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &Table{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not readable as CSV: %v", err)
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if blankRecord(rec) {
			continue
		}
		if len(t.Rows) >= MaxImportRows {
			return nil, fmt.Errorf("more than %d rows", MaxImportRows)
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if t.Header == nil {
		return nil, errors.New("the file has no header line")
	}
	return t, nil
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// headerNames are the header names of each field in Dutch and English, as
// Google Forms and Microsoft Forms export them: exact names first, then
// words a longer question text contains.
var headerNames = map[string][]string{
	"name":           {"naam", "name", "volledige naam", "full name", "voor- en achternaam", "your name", "je naam", "uw naam"},
	"email":          {"e-mail", "email", "e-mailadres", "emailadres", "email address", "e-mail address", "e-mailadres deelnemer"},
	"organisation":   {"organisatie", "organisation", "organization", "bedrijf", "company", "werkgever", "leverancier"},
	"chain_role":     {"rol", "role", "rol in de keten", "chain role", "rol in keten", "type organisatie", "soort organisatie", "type of organisation", "type of organization"},
	"job_title":      {"functie", "job title", "function", "functietitel", "position"},
	"phone":          {"telefoon", "telefoonnummer", "phone", "phone number", "mobiel", "mobile"},
	"dietary":        {"dieet", "dieetwensen", "dietary", "dietary needs", "dietary requirements", "allergieën", "allergies"},
	"attend_kickoff": {"kick-off", "kickoff", "aanwezig bij kick-off", "attend kick-off"},
	"attend_days":    {"dagen", "days", "hackathondagen", "hackathon days", "aanwezig op", "welke dagen", "which days"},
}

// headerWords are words that, within a longer header, point at a field.
var headerWords = []struct{ field, word string }{
	{"email", "e-mail"}, {"email", "email"}, {"dietary", "dieet"}, {"dietary", "dietary"}, {"dietary", "allergie"},
	{"attend_kickoff", "kick-off"}, {"attend_kickoff", "kickoff"}, {"organisation", "organisatie"}, {"organisation", "organization"},
	{"organisation", "organisation"}, {"chain_role", "rol in de keten"}, {"chain_role", "chain role"}, {"phone", "telefoon"},
	{"phone", "phone"}, {"job_title", "functie"}, {"job_title", "job title"}, {"attend_days", "dagen"}, {"attend_days", "days"},
	{"name", "naam"}, {"name", "name"},
}

func normHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimRight(h, " ?:*")
	return strings.Join(strings.Fields(h), " ")
}

// GuessMapping maps fields to columns by their header names (-1: unmapped):
// an exact (Dutch or English) name wins, then a header containing a telling
// word; a column is used for one field only. A header equal to a
// question's label maps to that question.
func GuessMapping(header []string, questions ...Question) map[string]int {
	m := map[string]int{}
	used := map[int]bool{}
	fields := append([]string(nil), ImportFields...)
	for _, f := range fields {
		m[f] = -1
	}
	for _, q := range questions {
		m[q.Field()] = -1
		for i, h := range header {
			if !used[i] && normHeader(h) == normHeader(q.Label) {
				m[q.Field()], used[i] = i, true
				break
			}
		}
	}
	for _, f := range fields {
		for i, h := range header {
			if used[i] || m[f] >= 0 {
				continue
			}
			for _, name := range headerNames[f] {
				if normHeader(h) == name {
					m[f], used[i] = i, true
					break
				}
			}
		}
	}
	for _, hw := range headerWords {
		if m[hw.field] >= 0 {
			continue
		}
		for i, h := range header {
			if !used[i] && strings.Contains(normHeader(h), hw.word) {
				m[hw.field], used[i] = i, true
				break
			}
		}
	}
	return m
}

// ImportRow is one data row checked against the mapping.
type ImportRow struct {
	Line   int // line number in the file (the header is line 1)
	Input  Input
	Phone  string
	Errors []string
}

// chainRoleAliases lets a form answer name a chain role in words.
func parseImportRole(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, r := range ChainRoles() {
		if s == string(r) {
			return s
		}
	}
	switch {
	case strings.Contains(s, "pgo") || strings.Contains(s, "dvp"):
		return string(RolePGO)
	case strings.Contains(s, "dva"):
		return string(RoleDVA)
	case strings.Contains(s, "xis") || strings.Contains(s, "bronsysteem"):
		return string(RoleXIS)
	case strings.Contains(s, "zorgaanbieder") || strings.Contains(s, "care provider"):
		return string(RoleZorgaanbieder)
	case strings.Contains(s, "standaard") || strings.Contains(s, "kennis"):
		return string(RoleStandaardisatie)
	case s == "overig" || s == "other":
		return string(RoleOverig)
	}
	return s
}

// Preview checks every row without storing anything: required fields,
// e-mail, chain role, duplicates within the file and registrations that
// already exist for the hackathon.
func (s *Service) Preview(ctx context.Context, h *hackathon.Hackathon, t *Table, mapping map[string]int) ([]ImportRow, error) {
	var inv apperr.Invalid
	for _, f := range []string{"name", "email", "organisation", "chain_role"} {
		if i, ok := mapping[f]; !ok || i < 0 || i >= len(t.Header) {
			inv.Add("map_"+f, fmt.Sprintf("map a column to %q", f))
		}
	}
	colField := map[int]string{}
	for f, i := range mapping {
		if i < 0 {
			continue
		}
		if i >= len(t.Header) {
			inv.Add("map_"+f, "no such column")
		} else if other, dup := colField[i]; dup {
			a, b := other, f
			if b < a {
				a, b = b, a
			}
			inv.Add("map_"+b, fmt.Sprintf("column %q is mapped to both %s and %s", t.Header[i], a, b))
		} else {
			colField[i] = f
		}
	}
	if err := inv.Err(); err != nil {
		return nil, err
	}
	questions, err := s.Questions(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	existing := map[string]bool{}
	rows, err := s.DB.Query(ctx, "SELECT email FROM registrations WHERE hackathon_id = ? AND status <> 'cancelled'", h.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var e string
		rows.Scan(&e)
		existing[e] = true
	}
	rows.Close()
	seen := map[string]int{}
	out := make([]ImportRow, 0, len(t.Rows))
	for i, rec := range t.Rows {
		col := func(f string) string {
			j, ok := mapping[f]
			if !ok || j < 0 || j >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[j])
		}
		ir := ImportRow{Line: t.line(i), Input: Input{Name: col("name"), Email: col("email"), Organisation: col("organisation"),
			ChainRole: parseImportRole(col("chain_role")), JobTitle: col("job_title"), Dietary: col("dietary"), Consent: true, Language: "nl",
			Answers: map[int64]string{}}, Phone: col("phone")}
		var attendErrs []string
		ir.Input.AttendKickoff, ir.Input.AttendDays, attendErrs = ParseAttendance(h, col("attend_kickoff"), col("attend_days"))
		_, email, err := ir.Input.validate(h)
		ir.Errors = append(ir.Errors, fieldsOf(err)...)
		ir.Errors = append(ir.Errors, attendErrs...)
		if len(ir.Phone) > 50 {
			ir.Errors = append(ir.Errors, "phone: at most 50 characters")
		}
		for _, q := range questions {
			if v := col(q.Field()); v != "" {
				ir.Input.Answers[q.ID] = v
			}
		}
		answers, aerr := CheckAnswers(mappedQuestions(questions, mapping), ir.Input.Answers)
		ir.Errors = append(ir.Errors, questionErrors(questions, aerr)...)
		ir.Input.Answers = answers
		if email != "" {
			if first, dup := seen[email]; dup {
				ir.Errors = append(ir.Errors, fmt.Sprintf("email: same address as line %d", first))
			} else {
				seen[email] = ir.Line
			}
			if existing[email] {
				ir.Errors = append(ir.Errors, "email: already registered for this hackathon")
			}
			ir.Input.Email = email
		}
		out = append(out, ir)
	}
	return out, nil
}

func fieldsOf(err error) []string {
	if err == nil {
		return nil
	}
	return apperrFields(err)
}

// Import stores the rows without errors as registrations in one
// transaction: confirmed, or on the waiting list when the chain role is
// full. Imported people already registered elsewhere, so no opt-in mail
// is sent. It returns the number stored.
func (s *Service) Import(ctx context.Context, h *hackathon.Hackathon, rows []ImportRow, by int64) (int, error) {
	now := s.Now()
	n := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, ir := range rows {
			if len(ir.Errors) > 0 {
				continue
			}
			in := ir.Input
			role, _ := ParseChainRole(in.ChainRole)
			var dup int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM registrations WHERE hackathon_id = ? AND email = ?", h.ID, in.Email).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				continue
			}
			orgID, err := organisationID(ctx, tx, in.Organisation, role, now)
			if err != nil {
				return err
			}
			full, err := s.roleFull(ctx, tx, h.ID, role)
			if err != nil {
				return err
			}
			status := StatusConfirmed
			if full {
				status = StatusWaitlist
			}
			_, cancelHash := newToken()
			regID, err := tx.Insert(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, job_title, phone, dietary,
				attend_kickoff, attend_days, language, status, cancel_token_hash, consent_at, confirmed_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'nl', ?, ?, ?, ?, ?)`,
				h.ID, orgID, role, in.Name, in.Email, in.JobTitle, ir.Phone, in.Dietary, in.AttendKickoff, joinDays(in.AttendDays), status, cancelHash, now, now, now)
			if err != nil {
				return err
			}
			if err := saveAnswers(ctx, tx, regID, in.Answers); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "registration",
			EntityID: "import", Action: "imported", To: strconv.Itoa(n)})
	})
	return n, err
}

func apperrFields(err error) []string {
	var out []string
	for _, f := range apperr.Fields(err) {
		out = append(out, f.Field+": "+f.Message)
	}
	if len(out) == 0 {
		out = append(out, err.Error())
	}
	return out
}

// mappedQuestions are the questions with a column: only their answers are
// checked (a required question the file does not have is not an error).
func mappedQuestions(qs []Question, mapping map[string]int) []Question {
	var out []Question
	for _, q := range qs {
		if i, ok := mapping[q.Field()]; ok && i >= 0 {
			out = append(out, q)
		}
	}
	return out
}

// questionErrors names questions by their label instead of their field.
func questionErrors(qs []Question, err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, f := range apperr.Fields(err) {
		label := f.Field
		for _, q := range qs {
			if q.Field() == f.Field {
				label = q.Label
			}
		}
		out = append(out, label+": "+f.Message)
	}
	return out
}

// ParseAttendance reads the kick-off column (yes/no) and the days column of
// a form export: day numbers ("1, 2", "Dag 1;Dag 2"), dates of the days
// (2027-03-10 or 10-03-2027), or "kick-off" among them.
func ParseAttendance(h *hackathon.Hackathon, kickoff, days string) (bool, []int, []string) {
	var errs []string
	attendKickoff := false
	if kickoff != "" {
		yn, ok := ParseYesNo(kickoff)
		if !ok {
			errs = append(errs, "attend_kickoff: answer ja or nee")
		}
		attendKickoff = yn == AnswerYes
	}
	var out []int
	seen := map[int]bool{}
	for _, part := range strings.FieldsFunc(days, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '|' }) {
		p := strings.ToLower(strings.TrimSpace(part))
		if p == "" {
			continue
		}
		if strings.Contains(p, "kick") {
			if h.Kickoff.IsZero() {
				errs = append(errs, "attend_days: the hackathon has no kick-off")
			}
			attendKickoff = true
			continue
		}
		day := 0
		for i, d := range h.Days {
			if p == d.String() || p == d.Format("02-01-2006") || p == d.Format("2-1-2006") {
				day = i + 1
			}
		}
		if day == 0 {
			day = firstNumber(p)
		}
		if day < 1 || day > len(h.Days) {
			errs = append(errs, fmt.Sprintf("attend_days: %q is not a day of the hackathon (1..%d)", strings.TrimSpace(part), len(h.Days)))
			continue
		}
		if !seen[day] {
			seen[day] = true
			out = append(out, day)
		}
	}
	sort.Ints(out)
	return attendKickoff, out, errs
}

// firstNumber is the first run of digits in s (0 when none or too long).
func firstNumber(s string) int {
	start := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if start < 0 {
		return 0
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end-start > 4 {
		return 0
	}
	n, _ := strconv.Atoi(s[start:end])
	return n
}
