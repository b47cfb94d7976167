package finding

import (
	"io"

	"github.com/ketentest/ketentest/internal/date"
)

// An Export is one of the downloads of a list of findings, offered alike by
// the web pages and the JSON API: the file name, its media type and how the
// findings are written.
type Export struct {
	Name        string // the file name offered, e.g. "handover.csv"
	ContentType string
	write       func(w io.Writer, fs []*Finding, today date.Date) error
}

// Write writes fs as this export; today decides which findings are overdue.
func (e Export) Write(w io.Writer, fs []*Finding, today date.Date) error {
	return e.write(w, fs, today)
}

const contentTypeCSV = "text/csv; charset=utf-8"

// The downloads of a list of findings.
var (
	ExportHandoverCSV = Export{Name: "handover.csv", ContentType: contentTypeCSV,
		write: func(w io.Writer, fs []*Finding, _ date.Date) error { return WriteHandoverCSV(w, fs) }}
	ExportHandoverXLSX = Export{Name: "handover.xlsx", ContentType: ContentTypeXLSX, write: WriteHandoverXLSX}
	ExportJiraCSV      = Export{Name: "jira.csv", ContentType: contentTypeCSV,
		write: func(w io.Writer, fs []*Finding, _ date.Date) error { return WriteJiraCSV(w, fs) }}
	ExportOverviewCSV = Export{Name: "overview-9a.csv", ContentType: contentTypeCSV, write: WriteOverviewCSV}
)
