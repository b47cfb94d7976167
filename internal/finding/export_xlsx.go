package finding

import (
	"archive/zip"
	"compress/flate"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/sheet"
)

// handoverColumns are the columns of the handover list (9C), in CSV and
// XLSX, as keys of the interface texts (export.col.*).
var handoverColumns = []string{"key", "title", "description", "status", "severity", "kind", "chain_link", "data_service", "actor",
	"resolution_due", "tracker_key", "tracker_url", "root_cause", "root_chain_link", "reported_by", "logged_by", "created", "comments", "link"}

// maxCell is the most characters a spreadsheet cell holds (Excel's limit);
// longer text is cut with an ellipsis.
const maxCell = 32767

// handoverHeader is the header row in the interface language.
func handoverHeader(lang string) []string {
	out := make([]string, len(handoverColumns))
	for i, c := range handoverColumns {
		out[i] = i18n.T(lang, "export.col."+c)
	}
	return out
}

// handoverRow is one finding as a row of the handover list: values as the
// interface shows them (labels, not codes), the description, the comments
// with author and time, and the link back to the finding. Text is defused
// against formula injection and cut to what a cell holds.
func handoverRow(f *Finding, o ExportOptions) []string {
	label := func(prefix, code string) string {
		if code == "" {
			return ""
		}
		return i18n.T(o.Lang, prefix+code)
	}
	var comments strings.Builder
	for i, c := range f.Comments {
		if i > 0 {
			comments.WriteString("\n\n")
		}
		fmt.Fprintf(&comments, "%s %s: %s", c.At.In(o.loc()).Format("2006-01-02 15:04"), c.UserName, c.Body)
	}
	row := []string{f.Key, f.Title, f.Description, label("fstatus.", string(f.Status)), label("severity.", f.Severity), label("kind.", f.Kind),
		label("chain.", f.ChainLink), f.DataService, f.ActorName, f.Due.String(), f.TrackerKey, f.TrackerURL, f.RootCause,
		label("chain.", f.RootChainLink), f.ReportedBy, f.LoggedByName, "", comments.String(), o.link(f)}
	if !f.CreatedAt.IsZero() {
		row[16] = f.CreatedAt.In(o.loc()).Format("2006-01-02 15:04")
	}
	for i, v := range row {
		// Runes are counted only when the bytes could exceed the limit:
		// converting every cell cost an allocation per cell of 50k rows.
		if len(v) > maxCell-1 {
			if r := []rune(v); len(r) > maxCell-1 {
				v = string(r[:maxCell-2]) + "…"
			}
		}
		row[i] = sheet.SafeCell(v)
	}
	return row
}

// OverviewHeader are the columns of the 9A overview: per actor the open,
// unsolved (niet oplossen) and solved findings and the open ones past term.
var OverviewHeader = []string{"actor", "total", "open", "unsolved", "solved", "overdue"}

// OverviewRows is the 9A overview as rows, sorted by actor ("–" is no actor).
func OverviewRows(fs []*Finding, today date.Date) [][]string {
	return overviewRows(Count(fs, today))
}

func overviewRows(c Counts) [][]string {
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
	return writeOverviewCSV(w, Count(fs, today))
}

func writeOverviewCSV(w io.Writer, c Counts) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(OverviewHeader)
	for _, r := range overviewRows(c) {
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
// sheet with the same columns as the CSV and a sheet with the 9A overview,
// counted while the findings pass. Rows go through excelize's stream
// writer, so the workbook is never held in memory as cells. Cells are text,
// defused with sheet.SafeCell, so nothing runs as a formula.
func WriteHandoverXLSX(w io.Writer, src Findings, o ExportOptions) error {
	x := excelize.NewFile()
	defer x.Close()
	fastZip(x)
	if err := x.SetSheetName("Sheet1", SheetHandover); err != nil {
		return err
	}
	if _, err := x.NewSheet(SheetOverview); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(SheetHandover)
	if err != nil {
		return err
	}
	if err := freezeHeader(sw); err != nil {
		return err
	}
	if err := sw.SetColWidth(1, len(handoverColumns), 18); err != nil {
		return err
	}
	row := 1
	if err := streamRow(sw, row, handoverHeader(o.Lang)); err != nil {
		return err
	}
	c := newCounts()
	if err := src(func(f *Finding) error {
		row++
		c.addFinding(f, o.Today)
		return streamRow(sw, row, handoverRow(f, o))
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	ov, err := x.NewStreamWriter(SheetOverview)
	if err != nil {
		return err
	}
	if err := freezeHeader(ov); err != nil {
		return err
	}
	header := make([]string, len(OverviewHeader))
	for i, h := range OverviewHeader {
		header[i] = i18n.T(o.Lang, "export.col."+h)
	}
	for i, r := range append([][]string{header}, overviewRows(c)...) {
		if err := streamRow(ov, i+1, r); err != nil {
			return err
		}
	}
	if err := ov.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

func freezeHeader(sw *excelize.StreamWriter) error {
	return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// streamRow writes one row of text cells.
// fastZip makes x compress its parts at flate.BestSpeed: at the default
// level, compressing the sheet of 50k findings took about a fifth of the
// export's time; the sheet's repetitive XML still shrinks about tenfold.
func fastZip(x *excelize.File) {
	x.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
}

func streamRow(sw *excelize.StreamWriter, row int, values []string) error {
	cells := make([]any, len(values))
	for i, v := range values {
		cells[i] = v
	}
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return err
	}
	return sw.SetRow(cell, cells)
}
