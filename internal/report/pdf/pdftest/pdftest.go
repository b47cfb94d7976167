// Package pdftest holds the test helper that reads a PDF's text with
// pdftotext, failing instead of skipping in CI.
package pdftest

import (
	"errors"
	"os"

	"github.com/ketentest/ketentest/internal/report/pdf"
)

// MustText is pdf.Text for tests: a missing pdftotext skips the test,
// unless CI or KETENTEST_REQUIRE_BROWSER=1 is set, when it fails.
func MustText(t interface {
	Helper()
	Fatal(...any)
	Skip(...any)
}, b []byte) string {
	t.Helper()
	s, err := pdf.Text(b)
	if errors.Is(err, pdf.ErrNoPdftotext) {
		if os.Getenv("CI") != "" || os.Getenv("KETENTEST_REQUIRE_BROWSER") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}
