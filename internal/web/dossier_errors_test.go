package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDossierImportErrorsInPageLanguage: a refused import on the dossier
// pages is told in the page's language (Dutch by default, English with the
// language cookie), naming the file, the Bundle entry, the line and the
// column; nothing of the English "dossier: ..." / "fhir: ..." text shows.
// The API answers the English problem with the same file, line and column.
func TestDossierImportErrorsInPageLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/dossiers", e.hid)
		broken := zipFile(t, "ok.json", dosPatient, "map/bad.json", "{\"resourceType\":\"Patient\",\n  \"id\": \"p2\",,\n}")
		history := []byte(`{"resourceType":"Bundle","type":"history","entry":[]}`)
		twice := []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + dosPatient + `},{"resource":` + dosPatient + `}]}`)
		cond := []byte(`{"resourceType":"Bundle","type":"transaction","entry":[{"resource":` + dosPatient + `,"request":{"method":"PUT","url":"Patient?identifier=x"}}]}`)
		fields := map[string]string{"name": "Fout", "kind": "custom", "service_id": "48", "fhir_version": "STU3"}
		// "test" reads Dutch (the default), "technisch" has chosen English
		if _, err := db.Exec(t.Context(), "UPDATE users SET language = 'en' WHERE id = ?", e.users["technisch"].ID); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, file string
			data       []byte
			subject    string
			want       []string
		}{
			{"syntax nl", "broken.zip", broken, "test", []string{"Bestand map/bad.json: json syntaxfout op regel 2, kolom 14"}},
			{"syntax en", "broken.zip", broken, "technisch", []string{"File map/bad.json: json syntax error at line 2, column 14"}},
			{"bundle type nl", "history.json", history, "test", []string{"Bestand history.json: een Bundle van type &#34;history&#34; kan niet worden geïmporteerd"}},
			{"bundle type en", "history.json", history, "technisch", []string{"File history.json: a Bundle of type &#34;history&#34; cannot be imported"}},
			{"entry nl", "twice.json", twice, "test", []string{"Bestand twice.json, entry 2: Patient/p1 komt twee keer voor: ook in twice.json, entry 1"}},
			{"entry en", "twice.json", twice, "technisch", []string{"File twice.json, entry 2: Patient/p1 occurs twice: also in twice.json, entry 1"}},
			{"nested reason nl", "cond.json", cond, "test", []string{"Bestand cond.json, entry 1: PUT Patient?identifier=x: conditionele requests worden niet ondersteund"}},
			{"nested reason en", "cond.json", cond, "technisch", []string{"File cond.json, entry 1: PUT Patient?identifier=x: conditional requests are not supported"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ct, body := upload(fields, tc.file, tc.data)
				status, page, _ := e.do(tc.subject, "POST", base, ct, body)
				if status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d: %.300s", status, page)
				}
				msg := fieldError(page)
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("error %q lacks %q", msg, w)
					}
				}
				for _, not := range []string{"dossier: ", "fhir: "} {
					if strings.Contains(msg, not) {
						t.Errorf("error %q shows %q", msg, not)
					}
				}
			})
		}
		if list, _ := dossier.NewStore(db).ListFor(t.Context(), e.hid); len(list) != 0 {
			t.Errorf("%d dossiers stored by refused uploads", len(list))
		}

		// the API keeps the English problem naming file, line and column
		id, err := dossier.NewStore(db).Create(t.Context(), e.hid, "Api", "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		status, body, h := e.do("test", "POST", fmt.Sprintf("/api/v1/hackathons/%d/dossiers/%d/versions", e.hid, id), "application/zip", string(broken))
		if status != http.StatusBadRequest || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("API: %d %s %s", status, h.Get("Content-Type"), body)
		}
		for _, w := range []string{"map/bad.json", "line 2, column 14"} {
			if !strings.Contains(body, w) {
				t.Errorf("API problem lacks %q: %s", w, body)
			}
		}
	})
}

// TestDossierReasonsTranslated: every reason an import can give has a
// Dutch and an English text.
func TestDossierReasonsTranslated(t *testing.T) {
	codes := dossier.ReasonCodes()
	slices.Sort(codes)
	for _, c := range codes {
		for _, lang := range []string{"nl", "en"} {
			if !i18n.Has(lang, "dossier.err."+c) {
				t.Errorf("%s: no text for dossier.err.%s", lang, c)
			}
		}
	}
}

// fieldError is the text of the page's first field error.
func fieldError(page string) string {
	_, after, ok := strings.Cut(page, `class="field-error" role="alert">`)
	if !ok {
		return ""
	}
	msg, _, _ := strings.Cut(after, "</span>")
	return msg
}

// TestDossierSyntaxErrorsSpeakDutch (#11 item 8): the parser's own words
// ("unterminated attribute value", "input is neither FHIR JSON nor FHIR
// XML") reach the Dutch page in Dutch, with the file, line and column; the
// English page keeps English.
func TestDossierSyntaxErrorsSpeakDutch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := db.Exec(t.Context(), "UPDATE users SET language = 'en' WHERE id = ?", e.users["technisch"].ID); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/hackathons/%d/dossiers", e.hid)
		fields := map[string]string{"name": "Fout", "kind": "custom", "service_id": "48", "fhir_version": "STU3"}
		attr := zipFile(t, "ok.json", dosPatient, "xml/patient.xml", "<Patient xmlns=\"http://hl7.org/fhir\">\n  <id value=\"p2/>\n</Patient>")
		for _, tc := range []struct {
			name, subject, file string
			data                []byte
			want                string
			not                 []string
		}{
			{"attribute nl", "test", "attr.zip", attr, "Bestand xml/patient.xml: xml syntaxfout op regel 2, kolom 13: attribuutwaarde wordt niet afgesloten", []string{"unterminated"}},
			{"attribute en", "technisch", "attr.zip", attr, "File xml/patient.xml: xml syntax error at line 2, column 13: unterminated attribute value", nil},
			{"neither nl", "test", "notes.json", []byte("Dit is geen FHIR."), "Bestand notes.json: syntaxfout op regel 1, kolom 1: de inhoud is geen FHIR JSON en geen FHIR XML", []string{"neither"}},
			{"unexpected nl", "test", "comma.json", []byte(`{"resourceType":"Patient" "id":"x"}`), "Bestand comma.json: json syntaxfout op regel 1, kolom 27: onverwacht &#39;&#34;&#39;, verwacht: &#39;,&#39; of &#39;}&#39;", []string{"unexpected", "expected"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ct, body := upload(fields, tc.file, tc.data)
				status, page, _ := e.do(tc.subject, "POST", base, ct, body)
				if status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d: %.300s", status, page)
				}
				msg := fieldError(page)
				if !strings.Contains(msg, tc.want) {
					t.Errorf("error %q lacks %q", msg, tc.want)
				}
				for _, n := range tc.not {
					if strings.Contains(msg, n) {
						t.Errorf("error %q still says %q", msg, n)
					}
				}
			})
		}
	})
}
