package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/i18n"
)

// codeLiteral finds the codes of field errors in code:
// apperr.FieldCode("field", "code", ...) and inv.AddCode(field, "code", ...).
var codeLiteral = regexp.MustCompile(`(?:FieldCode|AddCode)\([^,]+, *"([a-z0-9_]+)"`)

// TestFieldErrorCodesTranslated scans internal/ for field errors with a
// code and fails when a code has no text in Dutch and English, so a page
// never shows a raw code or falls back to English.
func TestFieldErrorCodesTranslated(t *testing.T) {
	found := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range codeLiteral.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, known := range []string{"one_of", "audience_empty", "template_required"} {
		if !found[known] {
			t.Fatalf("the scan missed the code %q; found %v", known, found)
		}
	}
	for code := range found {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, "fielderr.code."+code) {
				t.Errorf("field error code %q has no %s text", code, lang)
			}
		}
	}
}

// TestFieldTextByCode: a coded field error reads in the page's language
// with its arguments, whatever its English wording; one without a code
// keeps the old lookup by text.
func TestFieldTextByCode(t *testing.T) {
	f := apperr.Fields(apperr.FieldCode("category", "one_of", "must be one of A, B (reworded)", "Autorisatie, Berichten"))[0]
	if got := FieldText("nl", f); got != "kies een van: Autorisatie, Berichten" {
		t.Fatalf("nl: %q", got)
	}
	if got := FieldText("en", f); got != "must be one of Autorisatie, Berichten" {
		t.Fatalf("en: %q", got)
	}
	if got := FieldText("nl", apperr.FieldError{Field: "x", Message: "no such text"}); got != "no such text" {
		t.Fatalf("uncoded: %q", got)
	}
}

// TestSharedFieldCodesRead: the shared codes read in Dutch as the English
// messages' own texts did, numbers grouped the Dutch way.
func TestSharedFieldCodesRead(t *testing.T) {
	for _, c := range []struct {
		err  error
		nl   string
		en   string
		code string
	}{
		{apperr.Required("title"), "Verplicht.", "required", "required"},
		{apperr.TooLong("description", "50,000"), "Maximaal 50.000 tekens.", "at most 50,000 characters", "too_long"},
		{apperr.NoSuchOrganisation("actor_organisation_id"), "Deze organisatie bestaat niet.", "no such organisation", "no_such_organisation"},
	} {
		f := apperr.Fields(c.err)[0]
		if f.Code != c.code || FieldText("nl", f) != c.nl || FieldText("en", f) != c.en {
			t.Errorf("%v: code %q, nl %q, en %q", c.err, f.Code, FieldText("nl", f), FieldText("en", f))
		}
	}
}
