package intake

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
)

// CodeBadText is the field-error code of text with bytes that are not
// UTF-8 or with control characters (other than line breaks and tabs).
const CodeBadText = "intake_text"

// checkText trims *s and adds an error when it is required and empty,
// longer than max bytes, or not clean text.
func checkText(v *apperr.Invalid, field string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && required:
		v.Required(field)
	case len(*s) > max:
		v.TooLong(field, groupThousands(max))
	case !cleanText(*s):
		v.AddCode(field, CodeBadText, "contains characters that are not allowed")
	}
}

// cleanText reports whether s is valid UTF-8 without control characters
// other than newline, carriage return and tab.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// groupThousands writes n as English does (20000 → "20,000").
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
