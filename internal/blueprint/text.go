// Package blueprint holds the hackathon blueprint as data: phases, milestones, building blocks, roles, canvas, snelcheck defaults and evaluation questions.
package blueprint

import "strings"

// Language codes understood by Text.In.
const (
	LangNL = "nl"
	LangEN = "en"
)

// Text is a user-visible string in Dutch (the default) and English.
type Text struct {
	NL string
	EN string
}

// In returns the text in the given language: EN for "en" (or "en-…"),
// NL for anything else. An empty English text falls back to Dutch.
func (t Text) In(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if (l == LangEN || strings.HasPrefix(l, LangEN+"-")) && t.EN != "" {
		return t.EN
	}
	return t.NL
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.NL == "" && t.EN == "" }

// txt keeps the data tables compact.
func txt(nl, en string) Text { return Text{NL: nl, EN: en} }

// normKey folds user input and labels to a comparable form: lower case,
// without spaces, hyphens, underscores, dots or diacritics on o/e/i.
func normKey(s string) string {
	r := strings.NewReplacer(" ", "", "-", "", "_", "", ".", "", "ö", "o", "ë", "e", "é", "e", "ï", "i", "/", "")
	return r.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// parseKey finds the value in all whose key or NL/EN label matches s
// after normalisation.
func parseKey[T ~string](s string, all []T, label func(T) Text) (T, bool) {
	n := normKey(s)
	if n == "" {
		return "", false
	}
	for _, v := range all {
		l := label(v)
		if n == normKey(string(v)) || n == normKey(l.NL) || n == normKey(l.EN) {
			return v, true
		}
	}
	return "", false
}
