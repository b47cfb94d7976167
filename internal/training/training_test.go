package training

import (
	"strings"
	"testing"
)

func TestParseLink(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://example.org/rec": true, "http://example.org/slides.pdf": true, " https://example.org/x ": true,
		"javascript:alert(1)": false, "ftp://example.org/x": false, "https://": false, "/relative": false,
		"https://user:pw@example.org/": false, "https://example.org/a b": false, "": false,
		"https://example.org/" + strings.Repeat("a", 2000): false,
	} {
		if _, err := ParseLink(raw); (err == nil) != ok {
			t.Errorf("ParseLink(%q) err = %v, want ok %v", raw, err, ok)
		}
	}
}

// FuzzParseLink: an accepted link is always http(s) with a host and stays
// accepted when parsed again.
func FuzzParseLink(f *testing.F) {
	for _, s := range []string{"https://example.org/rec", "javascript:alert(1)", "http://[::1]:80/x", "https://a\x00b", "HTTPS://EXAMPLE.ORG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseLink(raw)
		if err != nil {
			return
		}
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			t.Fatalf("accepted %q as %q", raw, u)
		}
		if _, err := ParseLink(u); err != nil {
			t.Fatalf("%q accepted but its result %q not: %v", raw, u, err)
		}
	})
}
