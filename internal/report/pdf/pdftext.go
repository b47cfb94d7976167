package pdf

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
)

// ErrNoPdftotext says poppler's pdftotext is not installed.
var ErrNoPdftotext = errors.New("pdftotext (poppler-utils) is not installed")

// Text extracts the text of a PDF with poppler's pdftotext, for tests of
// every generated document. ErrNoPdftotext when it is missing.
func Text(pdf []byte) (string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", ErrNoPdftotext
	}
	f, err := os.CreateTemp("", "ketentest-*.pdf")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(pdf); err != nil {
		f.Close()
		return "", err
	}
	f.Close()
	var out, stderr bytes.Buffer
	cmd := exec.Command(bin, "-enc", "UTF-8", "-layout", f.Name(), "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", errors.New("pdftotext: " + err.Error() + ": " + stderr.String())
	}
	return out.String(), nil
}
