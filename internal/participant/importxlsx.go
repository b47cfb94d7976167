package participant

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on an XLSX upload: what the zip may unpack to, so a small file
// cannot expand into gigabytes.
const (
	maxXLSXUnzip = 64 << 20
	maxXLSXSheet = 32 << 20
	maxColumns   = 200
)

// ParseXLSX reads the first worksheet of an Excel export of Google Forms or
// Microsoft Forms: the first non-empty row is the header; empty rows are
// skipped and every row keeps its row number in the sheet.
func ParseXLSX(data []byte) (t *Table, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	defer func() {
		// excelize is large; a malformed file must be an error, never a crash.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("not readable as XLSX: %v", r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxXLSXUnzip, UnzipXMLSizeLimit: maxXLSXSheet})
	if err != nil {
		return nil, fmt.Errorf("not readable as XLSX: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("the workbook has no worksheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("not readable as XLSX: %v", err)
	}
	defer rows.Close()
	t = &Table{}
	n := 0
	for rows.Next() {
		n++
		rec, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d is not readable: %v", n, err)
		}
		if len(rec) > maxColumns {
			return nil, fmt.Errorf("row %d has more than %d columns", n, maxColumns)
		}
		if blankRecord(rec) {
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if len(t.Rows) >= MaxImportRows {
			return nil, fmt.Errorf("more than %d rows", MaxImportRows)
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, n)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("not readable as XLSX: %v", err)
	}
	if t.Header == nil {
		return nil, errors.New("the file has no header line")
	}
	return t, nil
}

// IsXLSX reports whether data looks like an XLSX file (a zip archive).
func IsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// ParseTable reads an upload as XLSX when it is a zip archive, else as CSV.
func ParseTable(data []byte) (*Table, error) {
	if IsXLSX(data) {
		return ParseXLSX(data)
	}
	return ParseCSV(data)
}
