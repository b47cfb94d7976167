package finding

import (
	"encoding/csv"
	"io"

	"github.com/ketentest/ketentest/internal/sheet"
)

// WriteHandoverCSV writes the handover list (9C) of findings as CSV. Cells
// that a spreadsheet would take for a formula are prefixed with a quote.
func WriteHandoverCSV(w io.Writer, fs []*Finding) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"key", "title", "status", "severity", "chain_link", "actor", "resolution_due", "tracker_key", "tracker_url", "root_cause"})
	for _, f := range fs {
		if err := cw.Write([]string{sheet.SafeCell(f.Key), sheet.SafeCell(f.Title), string(f.Status), f.Severity, f.ChainLink, sheet.SafeCell(f.ActorName),
			f.Due.String(), sheet.SafeCell(f.TrackerKey), sheet.SafeCell(f.TrackerURL), sheet.SafeCell(f.RootCause)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
