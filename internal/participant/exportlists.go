package participant

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/sheet"
)

// Sheet is a list to export: a title (the worksheet's name), a header and rows.
type Sheet struct {
	Title  string
	Header []string
	Rows   [][]string
}

// ParticipantSheet is the participant list with a column per organiser
// question; times are shown in zone.
func ParticipantSheet(regs []Registration, questions []Question, zone *time.Location) Sheet {
	sh := Sheet{Title: "Deelnemers", Header: append([]string(nil), ExportHeader...)}
	sh.Header = append(sh.Header, "Telefoon", "Contactpersoon", "Opvolging issues")
	for _, q := range questions {
		sh.Header = append(sh.Header, q.Label)
	}
	for _, r := range regs {
		rec := append(exportRecord(r, zone), r.Phone, yesNo(r.IsContact), yesNo(r.IsIssueOwner))
		for _, q := range questions {
			rec = append(rec, r.Answers[q.ID])
		}
		sh.Rows = append(sh.Rows, rec)
	}
	return sh
}

func yesNo(b bool) string {
	if b {
		return AnswerYes
	}
	return AnswerNo
}

// FinalSheet is the final list (3B): the confirmed participants per
// organisation, with a column per event (kick-off, day 1..N) marked "x".
func FinalSheet(h *hackathon.Hackathon, orgs []Organisation) Sheet {
	sh := Sheet{Title: "Definitieve lijst", Header: []string{"Organisatie", "Rol in de keten", "Product", "Versie", "Naam", "E-mailadres", "Functie", "Contactpersoon", "Opvolging issues"}}
	var events []int
	if !h.Kickoff.IsZero() {
		sh.Header = append(sh.Header, "Kick-off "+h.Kickoff.String())
		events = append(events, 0)
	}
	for i, d := range h.Days {
		sh.Header = append(sh.Header, fmt.Sprintf("Dag %d %s", i+1, d.String()))
		events = append(events, i+1)
	}
	sh.Header = append(sh.Header, "Dieetwensen")
	for _, o := range orgs {
		roles := make([]string, len(o.ChainRoles))
		for i, r := range o.ChainRoles {
			roles[i] = string(r)
		}
		for _, p := range o.People {
			if p.Status != StatusConfirmed {
				continue
			}
			rec := []string{o.Name, strings.Join(roles, ", "), o.Product, o.ProductVersion, p.Name, p.Email, p.JobTitle, yesNo(p.IsContact), yesNo(p.IsIssueOwner)}
			for _, e := range events {
				mark := ""
				if p.Attends(e) {
					mark = "x"
				}
				rec = append(rec, mark)
			}
			sh.Rows = append(sh.Rows, append(rec, p.Dietary))
		}
	}
	return sh
}

// CateringSheet is the event planner's attendance list of events (the
// kick-off and hackathon days, from Catering): per event every confirmed
// attendee with organisation and dietary needs, by organisation and name,
// followed by the event's headcount and the count of each dietary need.
func CateringSheet(days []EventDay) Sheet {
	sh := Sheet{Title: "Catering", Header: []string{"Evenement", "Datum", "Naam", "Organisatie", "Rol in de keten", "Functie", "E-mailadres", "Telefoon", "Dieetwensen"}}
	if len(days) == 1 {
		sh.Title = eventName(days[0]) + " " + days[0].Date
	}
	for n, ed := range days {
		event := eventName(ed)
		if n > 0 {
			sh.Rows = append(sh.Rows, []string{})
		}
		people := append([]Registration(nil), ed.People...)
		sort.SliceStable(people, func(i, j int) bool {
			a, b := strings.ToLower(people[i].Organisation), strings.ToLower(people[j].Organisation)
			if a != b {
				return a < b
			}
			return strings.ToLower(people[i].Name) < strings.ToLower(people[j].Name)
		})
		for _, r := range people {
			sh.Rows = append(sh.Rows, []string{event, ed.Date, r.Name, r.Organisation, string(r.ChainRole), r.JobTitle, r.Email, r.Phone, strings.TrimSpace(r.Dietary)})
		}
		sh.Rows = append(sh.Rows, []string{}, []string{event, ed.Date, "Aanwezig", strconv.Itoa(ed.Attending)})
		for _, d := range ed.Diets {
			sh.Rows = append(sh.Rows, []string{event, ed.Date, "Dieetwens", strconv.Itoa(d.Count), "", "", "", "", d.Diet})
		}
	}
	return sh
}

func eventName(ed EventDay) string {
	if ed.Day == 0 {
		return "Kick-off"
	}
	return fmt.Sprintf("Dag %d", ed.Day)
}

// WriteSheetCSV writes a list as CSV (UTF-8 with BOM, for Excel); cells
// that a spreadsheet would run as a formula are neutralised.
func WriteSheetCSV(w io.Writer, sh Sheet) error {
	if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, rec := range append([][]string{sh.Header}, sh.Rows...) { // question labels are in the header
		out := make([]string, len(rec))
		for i := range rec {
			out[i] = sheet.SafeCell(rec[i])
		}
		cw.Write(out)
	}
	cw.Flush()
	return cw.Error()
}

// WriteSheetXLSX writes a list as an Excel workbook of one worksheet; cells
// are text, never formulas.
func WriteSheetXLSX(w io.Writer, sh Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sh.Title
	if len(name) > 31 {
		name = name[:31]
	}
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	row := func(n int, vals []string) error {
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = sheet.SafeCell(v)
		}
		return f.SetSheetRow(name, "A"+strconv.Itoa(n), &cells)
	}
	if err := row(1, sh.Header); err != nil {
		return err
	}
	for i, rec := range sh.Rows {
		if err := row(i+2, rec); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}
