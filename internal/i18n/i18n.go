// Package i18n translates the user interface: Dutch first, English as the
// alternative. Messages are Go maps, one file per area of the UI, so that a
// capability adds its own file without touching the others.
package i18n

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Languages the UI speaks; the first is the default.
var Languages = []string{"nl", "en"}

var catalogs = map[string]map[string]string{"nl": {}, "en": {}}

// register adds messages; a key defined twice is a programming error.
func register(lang string, msgs map[string]string) {
	for k, v := range msgs {
		if _, dup := catalogs[lang][k]; dup {
			panic("i18n: duplicate key " + lang + ":" + k)
		}
		catalogs[lang][k] = v
	}
}

// T translates key into lang, formatting args with fmt when given. An
// unknown key returns the key itself, so a gap shows instead of hiding.
func T(lang, key string, args ...any) string {
	msg, ok := catalogs[Normalize(lang)][key]
	if !ok {
		msg, ok = catalogs["nl"][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// Keys lists the keys of lang, sorted.
func Keys(lang string) []string {
	var out []string
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Normalize maps a language tag to a supported language, Dutch by default.
func Normalize(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if strings.HasPrefix(lang, "en") {
		return "en"
	}
	return "nl"
}

// CookieName holds an anonymous visitor's choice of language.
const CookieName = "ketentest_lang"

// FromRequest picks the language: a user's stored preference (pref), else
// the language cookie, else Dutch. Accept-Language is deliberately ignored:
// the product is Dutch first, and English is a choice.
func FromRequest(r *http.Request, pref string) string {
	if pref != "" {
		return Normalize(pref)
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return Normalize(c.Value)
	}
	return "nl"
}
