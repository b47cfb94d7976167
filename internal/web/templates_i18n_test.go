package web

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/ketentest/ketentest/internal/i18n"
)

// literalKey finds `t <something>.Lang "key"` calls with a literal key.
var literalKey = regexp.MustCompile(`\bt \(?\$?[A-Za-z]*\.Lang\)? "([a-z0-9_.]+)"`)

// TestTemplateKeysTranslated checks that every literal text key a template
// passes to t exists in Dutch and English: a missing key would show as the
// raw key on the page.
func TestTemplateKeysTranslated(t *testing.T) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	found := 0
	for _, name := range names {
		b, err := templateFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			found++
			for _, lang := range i18n.Languages {
				if !i18n.Has(lang, m[1]) {
					t.Errorf("%s: key %q has no %s text", name, m[1], lang)
				}
			}
		}
	}
	if found < 500 {
		t.Fatalf("only %d literal keys found: the pattern no longer matches the templates", found)
	}
}
