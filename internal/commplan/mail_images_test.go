package commplan_test

import (
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/commplan"
)

// TestRenderedMailHasNoExternalImages: an image in a Markdown template
// reaches the HTML part of the mail as a link, not as an image the mail
// client would fetch from another server.
func TestRenderedMailHasNoExternalImages(t *testing.T) {
	tpl := commplan.Template{Subject: "Welkom", Body: "Hallo {{naam}}\n\n![logo](https://tracker.example/open.gif?u=1)", Format: commplan.FormatMarkdown}
	out, err := commplan.Render(tpl, map[string]string{"naam": "Vera"})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{out.HTML, out.Fragment} {
		if strings.Contains(strings.ToLower(part), "<img") || !strings.Contains(part, `<a href="https://tracker.example/open.gif?u=1"`) {
			t.Fatalf("mail HTML keeps an image or lost the link:\n%s", part)
		}
	}
}
