package finding

import (
	"encoding/csv"
	"io"
)

// WriteHandoverCSV writes the handover list (9C) as CSV, one finding at a
// time, with the columns and values of handoverRow. Cells that a
// spreadsheet would take for a formula are prefixed with a quote.
func WriteHandoverCSV(w io.Writer, src Findings, o ExportOptions) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(handoverHeader(o.Lang))
	err := src(func(f *Finding) error {
		err := cw.Write(handoverRow(f, o))
		if err == nil {
			cw.Flush()
			err = cw.Error()
		}
		return err
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
