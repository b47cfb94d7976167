package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestRegistrationErrorsInVisitorsLanguage: a visitor who makes a mistake on
// the public form reads the message at the field in the page's language (the
// domain words it in English), keeps the days ticked, and sees which fields
// are required.
func TestRegistrationErrorsInVisitorsLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		lead := string(blueprint.RoleProjectleider)
		if status, _, _ := e.form(lead, fmt.Sprintf("/hackathons/%d/participants/settings", e.hid), url.Values{
			"open": {"1"}, "privacy_text": {"We bewaren je gegevens tot na de hackathon."}}); status != http.StatusSeeOther {
			t.Fatalf("settings: %d", status)
		}
		reg := fmt.Sprintf("/register/%d", e.hid)
		bad := url.Values{"name": {""}, "email": {"geen-adres"}, "organisation": {"Vendor BV"}, "chain_role": {"pgo"}, "attend_day": {"1"}}
		cases := []struct {
			lang      string
			want, not []string
		}{
			{"nl", []string{"Geen geldig e-mailadres.", "Verplicht, maximaal 200 tekens.", "Geef toestemming", "Velden met * zijn verplicht."},
				[]string{"not a valid e-mail address", "required, at most 200", "consent with the privacy"}},
			{"en", []string{"not a valid e-mail address", "required, at most 200 characters", "Fields marked * are required."},
				[]string{"Geen geldig e-mailadres", "Verplicht,"}},
		}
		for _, c := range cases {
			status, body, _ := e.form("anonymous", reg, bad, "Cookie", "ketentest_lang="+c.lang)
			if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest && status != http.StatusOK {
				t.Fatalf("%s: status %d", c.lang, status)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: page lacks %q", c.lang, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(body, n) {
					t.Errorf("%s: page shows %q", c.lang, n)
				}
			}
			if !strings.Contains(body, `name="attend_day" value="1" checked`) {
				t.Errorf("%s: the ticked hackathon day is lost after the error", c.lang)
			}
		}
	})
}

// TestImportErrorsReadable: the preview of an import with only bad lines
// names the field by its label with the message in the page's language, and
// offers no "import 0 participants" button that would do nothing.
func TestImportErrorsReadable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm := string(blueprint.RoleRelatiemanager)
		path := fmt.Sprintf("/hackathons/%d/participants/import", e.hid)
		csv := "Naam,E-mail,Organisatie,Rol\n,kapot,Zorg Zuid,zorgaanbieder\nCor,cor@example.org,,PGO-leverancier\nCor,cor@example.org,,PGO-leverancier\n"
		status, body, _ := e.form(rm, path, url.Values{"csv": {csv}, "action": {"preview"}})
		if status != http.StatusOK {
			t.Fatalf("preview: %d\n%s", status, body)
		}
		for _, w := range []string{"E-mailadres: Geen geldig e-mailadres.", "Naam: Verplicht, maximaal 200 tekens.", "Organisatie: Verplicht", "E-mailadres: zelfde adres als regel 3", `id="imp-none"`} {
			if !strings.Contains(body, w) {
				t.Errorf("preview lacks %q", w)
			}
		}
		for _, n := range []string{"email: ", "not a valid e-mail address", `value="confirm"`, "Voorbeeld van goede regels"} {
			if strings.Contains(body, n) {
				t.Errorf("preview shows %q", n)
			}
		}
	})
}

// TestErrorPagesInPageLanguage: an unknown address and a page the role may
// not see explain themselves in the page's language, without the English
// error text ("hackathon not found" for any unknown address).
func TestErrorPagesInPageLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		cases := []struct {
			subject, path, lang string
			status              int
			want                string
		}{
			{"anonymous", "/no-such-page", "nl", http.StatusNotFound, "Deze pagina bestaat niet"},
			{"anonymous", "/no-such-page", "en", http.StatusNotFound, "This page does not exist"},
			{string(blueprint.RoleDeelnemer), fmt.Sprintf("/hackathons/%d/participants", e.hid), "nl", http.StatusForbidden, "Je rol in deze hackathon geeft geen toegang"},
		}
		for _, c := range cases {
			status, body, _ := e.do(c.subject, "GET", c.path, "", "", "Cookie", "ketentest_lang="+c.lang)
			if status != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%s %s (%s): %d, want %d with %q", c.subject, c.path, c.lang, status, c.status, c.want)
			}
			for _, n := range []string{"hackathon not found", "<p>forbidden</p>", "<p>not found</p>"} {
				if strings.Contains(body, n) {
					t.Errorf("%s %s: shows %q", c.subject, c.path, n)
				}
			}
		}
	})
}
