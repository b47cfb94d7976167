package i18n

import (
	"regexp"
	"testing"
)

// formal finds the formal address ("u", "uw") in Dutch text.
var formal = regexp.MustCompile(`(^|[^\p{L}{%])(u|uw|U|Uw)([^\p{L}}]|$)`)

// TestDutchIsInformal: the product addresses its users with the informal
// "je" everywhere; no Dutch text uses "u" or "uw".
func TestDutchIsInformal(t *testing.T) {
	for _, k := range Keys("nl") {
		if m := formal.FindString(T("nl", k)); m != "" {
			t.Errorf("%s uses the formal address (%q): %s", k, m, T("nl", k))
		}
	}
}
