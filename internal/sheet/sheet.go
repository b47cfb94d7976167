// Package sheet holds what every CSV and XLSX export shares: cells that a
// spreadsheet program would run as a formula are defused.
package sheet

import "strings"

// SafeCell prefixes a quote to text that starts like a formula (=, +, -, @,
// tab or carriage return), so an exported list cannot run code in Excel.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
