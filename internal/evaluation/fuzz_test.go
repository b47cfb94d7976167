package evaluation

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCheck: an answer of any text never panics; an accepted scale answer
// is 1–5, an accepted choice one of the options, an accepted open answer
// valid UTF-8 within the limit; a refusal names the question's field.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "3", "0", "6", " 5 ", "-1", "99999999999999999999", "Ronde 2", "\x00", "\xff", strings.Repeat("é", 5000)} {
		f.Add(s)
	}
	qs := []Question{
		{ID: 1, Kind: KindScale, Text: "Schaal"},
		{ID: 2, Kind: KindChoice, Text: "Keuze", Choices: []string{"Ronde 1", "Ronde 2"}},
		{ID: 3, Kind: KindOpen, Text: "Open"},
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, q := range qs {
			sc, text, err := check(q, v)
			if err != nil {
				if !strings.Contains(err.Error(), Field(q.ID)) {
					t.Fatalf("%s: error %v does not name the field", q.Kind, err)
				}
				continue
			}
			switch q.Kind {
			case KindScale:
				if sc.Valid && (sc.Int64 < 1 || sc.Int64 > 5) {
					t.Fatalf("scale accepted %d", sc.Int64)
				}
			case KindChoice:
				if text != "" && text != "Ronde 1" && text != "Ronde 2" {
					t.Fatalf("choice accepted %q", text)
				}
			default:
				if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxAnswer || strings.ContainsRune(text, 0) {
					t.Fatalf("open accepted %q", text)
				}
			}
		}
	})
}
