package web

import (
	"os"
	"path/filepath"
)

// Attachments of the web tests go to a temporary directory, never ./data.
func init() {
	testAttachmentDir = filepath.Join(os.TempDir(), "ketentest-test-attachments-"+itoa(os.Getpid()))
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
