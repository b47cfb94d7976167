package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/i18n"
)

// fmtVerb finds the formatting verbs of a message.
var fmtVerb = regexp.MustCompile(`%[#+\- 0-9]*[a-zA-Z%]`)

// TestSyntaxMessagesTranslated: every message template the fhir parsers
// give a SyntaxError (errorf, newSyntaxError) and every "expected" phrase
// (unexpected, expect) has a Dutch and an English text with the same
// formatting verbs, so an upload's syntax error never shows English in the
// Dutch interface. The templates are read from the fhir package's source,
// so a new message without translation fails here.
func TestSyntaxMessagesTranslated(t *testing.T) {
	files, err := filepath.Glob("../fhir/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("fhir sources: %v", err)
	}
	argAt := map[string]int{"errorf": 1, "newSyntaxError": 3, "unexpected": 0, "expect": 1}
	var msgs, whats []string
	fs := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fs, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := c.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			i, ok := argAt[name]
			if !ok || len(c.Args) <= i {
				return true
			}
			lit, ok := c.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				// a parameter passed on (the errorf and unexpected wrappers)
				// is checked at the wrappers' call sites
				if _, isIdent := c.Args[i].(*ast.Ident); !isIdent {
					t.Errorf("%s: %s with a message that is not a string literal", fs.Position(c.Pos()), name)
				}
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if name == "unexpected" || name == "expect" {
				whats = append(whats, s)
			} else {
				msgs = append(msgs, s)
			}
			return true
		})
	}
	if len(msgs) < 40 || !slices.Contains(msgs, "unterminated attribute value") || !slices.Contains(msgs, "input is neither FHIR JSON nor FHIR XML") {
		t.Fatalf("found %d templates in the fhir source; the scan misses some", len(msgs))
	}
	for _, m := range msgs {
		key, ok := syntaxKeys[m]
		if !ok {
			t.Errorf("fhir syntax message %q has no key in syntaxKeys", m)
			continue
		}
		for _, lang := range []string{"nl", "en"} {
			k := "fhir.syntax." + key
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no text for %s (%q)", lang, k, m)
				continue
			}
			raw := i18n.T(lang, k) // without arguments: the text as registered
			if got, want := fmtVerb.FindAllString(raw, -1), fmtVerb.FindAllString(m, -1); !slices.Equal(got, want) {
				t.Errorf("%s %s: verbs %v, the template has %v", lang, k, got, want)
			}
		}
	}
	for _, w := range whats {
		key, ok := syntaxExpected[w]
		if !ok {
			t.Errorf("expected phrase %q has no key in syntaxExpected", w)
			continue
		}
		for _, lang := range []string{"nl", "en"} {
			if !i18n.Has(lang, "fhir.expected."+key) {
				t.Errorf("%s: no text for fhir.expected.%s", lang, key)
			}
		}
	}
}
