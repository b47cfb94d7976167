package participant

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/sheet"
)

// ExportHeader is the header line of the participant list export.
var ExportHeader = []string{"Naam", "E-mailadres", "Organisatie", "Rol in de keten", "Functie", "Status", "Kick-off", "Dagen", "Dieetwensen", "Aangemeld op"}

func exportRecord(r Registration) []string {
	days := make([]string, len(r.AttendDays))
	for i, d := range r.AttendDays {
		days[i] = strconv.Itoa(d)
	}
	kickoff := "nee"
	if r.AttendKickoff {
		kickoff = "ja"
	}
	return []string{r.Name, r.Email, r.Organisation, string(r.ChainRole), r.JobTitle, r.Status, kickoff, strings.Join(days, ","), r.Dietary,
		r.CreatedAt.UTC().Format("2006-01-02 15:04")}
}

// WriteCSV writes the participant list as CSV (UTF-8 with BOM, for Excel).
func WriteCSV(w io.Writer, regs []Registration) error {
	if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(ExportHeader)
	for _, r := range regs {
		rec := exportRecord(r)
		for i := range rec {
			rec[i] = sheet.SafeCell(rec[i])
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the participant list as an Excel workbook.
func WriteXLSX(w io.Writer, regs []Registration) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Deelnemers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	row := func(n int, vals []string) error {
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = v
		}
		return f.SetSheetRow(sheet, fmt.Sprintf("A%d", n), &cells)
	}
	if err := row(1, ExportHeader); err != nil {
		return err
	}
	for i, r := range regs {
		if err := row(i+2, exportRecord(r)); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}
