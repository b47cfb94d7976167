package finding

import (
	"encoding/csv"
	"io"
	"strings"
)

// WriteHandoverCSV writes the handover list (9C) of findings as CSV. Cells
// that a spreadsheet would take for a formula are prefixed with a quote.
func WriteHandoverCSV(w io.Writer, fs []*Finding) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"key", "title", "status", "severity", "chain_link", "actor", "resolution_due", "tracker_key", "tracker_url", "root_cause"})
	for _, f := range fs {
		if err := cw.Write([]string{cell(f.Key), cell(f.Title), string(f.Status), f.Severity, f.ChainLink, cell(f.ActorName),
			f.Due.String(), cell(f.TrackerKey), cell(f.TrackerURL), cell(f.RootCause)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
