package web

import (
	"strings"

	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/pgoclient"
)

// pgoStepLabel is the label of a reference-PGO exchange in the page's
// language. pgoclient stores an English name per exchange; the pages show
// the step (authorize, callback, token) in the interface language, with
// the token's client authentication, and a search by its zib name, which
// is the same in every language.
func pgoStepLabel(lang string, x *pgoclient.Exchange) string {
	switch x.Step {
	case "authorize", "callback":
		return i18n.T(lang, "pgo.steplabel."+x.Step)
	case "token":
		method := ""
		if _, rest, ok := strings.Cut(x.Name, "authorization_code, "); ok {
			method = strings.TrimSuffix(rest, ")")
		}
		if method == "" {
			return i18n.T(lang, "pgo.steplabel.token_plain")
		}
		return i18n.T(lang, "pgo.steplabel.token", method)
	case "search":
		return i18n.T(lang, "pgo.steplabel.search", x.Name)
	}
	return x.Name
}

// pgoStepName is the name of a step kind (authorize, callback, token,
// search) in the page's language.
func pgoStepName(lang, step string) string {
	if k := "pgo.stepname." + step; i18n.Has(i18n.Normalize(lang), k) {
		return i18n.T(lang, k)
	}
	return step
}
