package participant

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// ImportFields are the registration fields a CSV column can be mapped to.
var ImportFields = []string{"name", "email", "organisation", "chain_role", "job_title", "dietary"}

// MaxImportRows bounds an import.
const MaxImportRows = 5000

// Table is a parsed CSV file: the header and the data rows.
type Table struct {
	Header []string
	Rows   [][]string
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
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if len(t.Rows) >= MaxImportRows {
			return nil, fmt.Errorf("more than %d rows", MaxImportRows)
		}
		t.Rows = append(t.Rows, rec)
	}
	if t.Header == nil {
		return nil, errors.New("the file has no header line")
	}
	return t, nil
}

var headerNames = map[string][]string{
	"name":         {"naam", "name", "volledige naam", "full name"},
	"email":        {"e-mail", "email", "e-mailadres", "emailadres", "email address", "e-mail address"},
	"organisation": {"organisatie", "organisation", "organization", "bedrijf", "company"},
	"chain_role":   {"rol", "role", "rol in de keten", "chain role", "rol in keten"},
	"job_title":    {"functie", "job title", "function"},
	"dietary":      {"dieet", "dieetwensen", "dietary", "dietary needs", "dietary requirements"},
}

// GuessMapping maps fields to columns by their header names (-1: unmapped).
func GuessMapping(header []string) map[string]int {
	m := map[string]int{}
	for _, f := range ImportFields {
		m[f] = -1
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			for _, name := range headerNames[f] {
				if h == name {
					m[f] = i
				}
			}
		}
	}
	return m
}

// ImportRow is one data row checked against the mapping.
type ImportRow struct {
	Line   int // line number in the file (the header is line 1)
	Input  Input
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
	for _, f := range []string{"name", "email", "organisation", "chain_role"} {
		if i, ok := mapping[f]; !ok || i < 0 || i >= len(t.Header) {
			return nil, fmt.Errorf("map a column to %q", f)
		}
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
		ir := ImportRow{Line: i + 2, Input: Input{Name: col("name"), Email: col("email"), Organisation: col("organisation"),
			ChainRole: parseImportRole(col("chain_role")), JobTitle: col("job_title"), Dietary: col("dietary"), Consent: true, Language: "nl"}}
		_, email, err := ir.Input.validate(h)
		ir.Errors = append(ir.Errors, fieldsOf(err)...)
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
			if _, err := tx.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, job_title, dietary,
				language, status, cancel_token_hash, consent_at, confirmed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'nl', ?, ?, ?, ?, ?)`,
				h.ID, orgID, role, in.Name, in.Email, in.JobTitle, in.Dietary, status, cancelHash, now, now, now); err != nil {
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
