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

// TestRenderMailHasNoImages: in HTML mail an image, external or not, is a
// link to it with its alternative text; no <img> is left to be fetched.
func TestRenderMailHasNoImages(t *testing.T) {
	for src, want := range map[string]string{
		"![logo](https://tracker.example/p.gif)":                  `<a href="https://tracker.example/p.gif" rel="nofollow">logo</a>`,
		"zie ![](https://tracker.example/p.gif) hier":             `<a href="https://tracker.example/p.gif" rel="nofollow">https://tracker.example/p.gif</a>`,
		`![plan](https://x.example/a.png "titel")`:                `title="titel"`,
		"[![badge](https://x.example/b.svg)](https://y.example/)": `<a href="https://y.example/" rel="nofollow">badge</a>`,
		"![x](/static/logo.png)":                                  `<a href="/static/logo.png" rel="nofollow">x</a>`,
		"![x](data:image/png;base64,AAAA)":                        "x",
		"![x](javascript:alert(1))":                               "x",
	} {
		out := string(markdown.RenderMail(src))
		if strings.Contains(strings.ToLower(out), "<img") || !strings.Contains(out, want) {
			t.Errorf("RenderMail(%q) = %q, want no <img> and %q", src, out, want)
		}
		if bad := live(out); bad != "" {
			t.Errorf("RenderMail(%q) renders live markup %s", src, bad)
		}
	}
	// Pages keep images (the page's CSP allows only its own and data: images).
	if out := string(markdown.Render("![x](/static/logo.png)")); !strings.Contains(out, "<img") {
		t.Errorf("Render dropped a page image: %s", out)
	}
}

func FuzzRenderMail(f *testing.F) {
	for _, p := range append(xssPayloads, "![a](https://x.example/i.png)", "[![a](b)](c)", "![![a](b)](c)") {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown.RenderMail(src))
		if bad := live(out); bad != "" {
			t.Fatalf("unsafe output for %q: %s (%s)", src, out, bad)
		}
		if strings.Contains(strings.ToLower(out), "<img") {
			t.Fatalf("image in mail output for %q: %s", src, out)
		}
	})
}
