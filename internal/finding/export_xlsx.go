package finding

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/sheet"
)

// HandoverHeader are the columns of the handover list (9C), in CSV and XLSX.
var HandoverHeader = []string{"key", "title", "status", "severity", "chain_link", "actor", "resolution_due", "tracker_key", "tracker_url", "root_cause"}

// handoverRecord is one finding as a row of the handover list, defused
// against formula injection.
func handoverRecord(f *Finding) []string {
	return []string{sheet.SafeCell(f.Key), sheet.SafeCell(f.Title), string(f.Status), f.Severity, f.ChainLink, sheet.SafeCell(f.ActorName),
		f.Due.String(), sheet.SafeCell(f.TrackerKey), sheet.SafeCell(f.TrackerURL), sheet.SafeCell(f.RootCause)}
}

// OverviewHeader are the columns of the 9A overview: per actor the open,
// unsolved (niet oplossen) and solved findings and the open ones past term.
var OverviewHeader = []string{"actor", "total", "open", "unsolved", "solved", "overdue"}

// OverviewRows is the 9A overview as rows, sorted by actor ("–" is no actor).
func OverviewRows(fs []*Finding, today date.Date) [][]string {
	c := Count(fs, today)
	actors := make([]string, 0, len(c.ByActor))
	for a := range c.ByActor {
		actors = append(actors, a)
	}
	slices.Sort(actors)
	var out [][]string
	for _, a := range actors {
		t := c.ByActor[a]
		out = append(out, []string{sheet.SafeCell(a), fmt.Sprint(c.Actor[a]), fmt.Sprint(t.Open), fmt.Sprint(t.Unsolved), fmt.Sprint(t.Solved), fmt.Sprint(t.Overdue)})
	}
	return out
}

// WriteOverviewCSV writes the 9A overview as CSV.
func WriteOverviewCSV(w io.Writer, fs []*Finding, today date.Date) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(OverviewHeader)
	for _, r := range OverviewRows(fs, today) {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ContentTypeXLSX is the media type of an Excel workbook.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names of the handover workbook.
const (
	SheetHandover = "Overdracht"
	SheetOverview = "Overzicht 9A"
)

// WriteHandoverXLSX writes the handover list (9C) as an Excel workbook: a
// sheet with the same columns as the CSV and a sheet with the 9A overview.
// Cells are text, defused with sheet.SafeCell, so nothing runs as a formula.
func WriteHandoverXLSX(w io.Writer, fs []*Finding, today date.Date) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", SheetHandover); err != nil {
		return err
	}
	if _, err := x.NewSheet(SheetOverview); err != nil {
		return err
	}
	rows := [][]string{HandoverHeader}
	for _, f := range fs {
		rows = append(rows, handoverRecord(f))
	}
	if err := writeRows(x, SheetHandover, rows); err != nil {
		return err
	}
	if err := writeRows(x, SheetOverview, append([][]string{OverviewHeader}, OverviewRows(fs, today)...)); err != nil {
		return err
	}
	for _, s := range []string{SheetHandover, SheetOverview} {
		if err := x.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	_, err := x.WriteTo(w)
	return err
}

func writeRows(x *excelize.File, name string, rows [][]string) error {
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		if err := x.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &cells); err != nil {
			return err
		}
	}
	return nil
}
