package finding

import (
	"encoding/csv"
	"io"
)

// WriteHandoverCSV writes the handover list (9C) of findings as CSV. Cells
// that a spreadsheet would take for a formula are prefixed with a quote.
func WriteHandoverCSV(w io.Writer, fs []*Finding) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(HandoverHeader)
	for _, f := range fs {
		if err := cw.Write(handoverRecord(f)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
