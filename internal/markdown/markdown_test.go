package markdown_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ketentest/ketentest/internal/markdown"
)

var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`[klik](javascript:alert(1))`,
	`<a href="javascript:alert(1)">x</a>`,
	`<svg onload=alert(1)>`,
	`<iframe src="https://evil.example"></iframe>`,
	"![x](javascript:alert(1))",
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`[x](JaVaScRiPt:alert(1))`,
	`<details open ontoggle=alert(1)>`,
}

func TestRenderXSS(t *testing.T) {
	for _, p := range xssPayloads {
		if bad := live(string(markdown.Render(p))); bad != "" {
			t.Errorf("payload %q renders live markup %s", p, bad)
		}
		out := strings.ToLower(string(markdown.Render(p)))
		for _, bad := range []string{"<script", "onerror", "onload", "ontoggle", "javascript:", "<iframe", "<svg", "style="} {
			if strings.Contains(out, bad) {
				t.Errorf("payload %q renders %q (contains %s)", p, out, bad)
			}
		}
	}
	if out := string(markdown.Render("**vet** [link](https://example.org)")); !strings.Contains(out, "<strong>vet</strong>") || !strings.Contains(out, `href="https://example.org"`) {
		t.Errorf("ordinary markdown lost: %s", out)
	}
}

// live reports markup in rendered HTML that could run script: script-like
// elements, event handlers, style attributes or javascript:/data: URLs.
// Words in text are harmless, so the HTML is tokenised, not searched.
func live(out string) string {
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "svg", "iframe", "object", "embed", "style", "form", "math":
				return tok.String()
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.HasPrefix(v, "javascript:") ||
					strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text/html") {
					return tok.String()
				}
			}
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, p := range xssPayloads {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown.Render(src))
		if bad := live(out); bad != "" {
			t.Fatalf("unsafe output for %q: %s (%s)", src, out, bad)
		}
	})
}
