package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "/",
		"/hackathons/1":                 "/hackathons/1",
		"/hackathons/1?tab=x#top":       "/hackathons/1?tab=x#top",
		"/a b":                          "/a%20b",
		"//evil.example/x":              "/",
		"/\\evil.example":               "/",
		"/\t/evil.example/x":            "/",
		"/\n/evil.example":              "/",
		"\t//evil.example":              "/",
		"/\r\n/evil.example":            "/",
		"/\x00/evil.example":            "/",
		"/\x7f/evil.example":            "/",
		"/\u0085/evil.example":          "/",
		"https://evil.example/":         "/",
		"javascript:alert(1)":           "/",
		"evil.example":                  "/",
		" /x":                           "/",
		"/%09/evil.example":             "/%09/evil.example", // stays a path: browsers do not decode it
		"/x?next=//evil.example":        "/x?next=//evil.example",
		"/" + strings.Repeat("a", 3000): "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeNext: whatever comes in, the target a browser makes of the result
// (after dropping tabs and line breaks and reading "\" as "/", as browsers
// do) stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/x", "//x", "/\t/x", "/\\x", "https://x", "/%2F/x", "/.//x", "/?a=//x#//y"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://ketentest.example/login")
	f.Fuzz(func(t *testing.T, in string) {
		out := safeNext(in)
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.Trim(out, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
		u, err := url.Parse(browser)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q: unparsable (%v)", in, out, err)
		}
		if got := base.ResolveReference(u); got.Host != base.Host || got.Scheme != base.Scheme {
			t.Fatalf("safeNext(%q) = %q leads to %s", in, out, got)
		}
		if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") {
			t.Fatalf("safeNext(%q) = %q: not a local path", in, out)
		}
	})
}
