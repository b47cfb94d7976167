package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var idInLocation = regexp.MustCompile(`/(\d+)$`)

// TestOrganisationPages: add an organisation, edit its roles and product,
// add people with attendance and diets, pick the issue owner, and read the
// catering summary and the final list.
func TestOrganisationPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm, ep := string(blueprint.RoleRelatiemanager), string(blueprint.RoleEventplanner)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		status, _, hdr := e.form(rm, hk+"/organisations", url.Values{"name": {"PGO Zuid BV"}, "chain_role": {"pgo"}})
		m := idInLocation.FindStringSubmatch(hdr.Get("Location"))
		if status != http.StatusSeeOther || m == nil {
			t.Fatalf("add organisation: %d %v", status, hdr)
		}
		org := hk + "/organisations/" + m[1]
		if status, body, _ := e.form(rm, org, url.Values{"name": {"PGO Zuid BV"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "minstens één rol") {
			t.Fatalf("no roles: %d", status)
		}
		if status, _, _ := e.form(rm, org, url.Values{"name": {"PGO Zuid BV"}, "main_role": {"pgo"}, "chain_role": {"dva"}, "product": {"MijnDossier"}, "product_version": {"4.2"}}); status != http.StatusSeeOther {
			t.Fatalf("save organisation: %d", status)
		}
		status, body, _ := e.form(rm, org+"/people", url.Values{"name": {"Vera <b>Visser</b>"}, "email": {"vera@pgo.example"}, "job_title": {"Architect"},
			"attend_kickoff": {"1"}, "attend_day": {"1"}, "dietary": {"Vegetarisch"}, "is_issue_owner": {"1"}})
		if status != http.StatusSeeOther {
			t.Fatalf("add person: %d %s", status, body)
		}
		if status, body, _ := e.form(rm, org+"/people", url.Values{"name": {"Wim"}, "email": {"vera@pgo.example"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "already registered") {
			t.Fatalf("same address: %d", status)
		}
		if status, body, _ := e.form(rm, org+"/people", url.Values{"name": {"Wim"}, "email": {"wim@pgo.example"}, "attend_day": {"2"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "not a day of the hackathon") {
			t.Fatalf("unknown day: %d", status)
		}
		status, body, _ = e.do(ep, "GET", org, "", "")
		if status != http.StatusOK || !strings.Contains(body, "MijnDossier 4.2") || !strings.Contains(body, "Vera &lt;b&gt;Visser&lt;/b&gt; (vera@pgo.example") ||
			!strings.Contains(body, "Zorgaanbieder") == strings.Contains(body, "DVA") {
			t.Fatalf("organisation page: %d\n%s", status, body)
		}
		if _, body, _ := e.do("observer", "GET", org, "", ""); !strings.Contains(body, "MijnDossier") || strings.Contains(body, "/people/") {
			t.Fatal("the observer (view only) sees edit links")
		}
		var pid int64
		db.QueryRow(context.Background(), "SELECT id FROM registrations WHERE email = 'vera@pgo.example'").Scan(&pid)
		person := fmt.Sprintf("%s/people/%d", org, pid)
		if status, body, _ := e.do(rm, "GET", person, "", ""); status != http.StatusOK || !strings.Contains(body, `value="Architect"`) {
			t.Fatalf("person form: %d", status)
		}
		if status, _, _ := e.do(rm, "GET", fmt.Sprintf("%s/organisations/999999/people/%d", hk, pid), "", ""); status != http.StatusNotFound {
			t.Fatalf("person under another organisation: %d", status)
		}
		if status, _, _ := e.do("observer", "GET", person, "", ""); status != http.StatusForbidden {
			t.Fatalf("observer edits people: %d", status)
		}
		status, body, _ = e.do(ep, "GET", hk+"/organisations", "", "")
		if status != http.StatusOK || !strings.Contains(body, "PGO-leverancier / DVP, DVA") || !strings.Contains(body, "Vera &lt;b&gt;Visser&lt;/b&gt;") {
			t.Fatalf("organisations: %d\n%s", status, body)
		}
		status, body, _ = e.do(ep, "GET", hk+"/catering", "", "")
		if status != http.StatusOK || !strings.Contains(body, "Vegetarisch: 1") || !strings.Contains(body, "10 feb 2027") {
			t.Fatalf("catering: %d\n%s", status, body)
		}
		for _, ext := range []string{"csv", "xlsx"} {
			status, body, hdr := e.do(rm, "GET", hk+"/final-list."+ext, "", "")
			if status != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "definitieve-lijst-") || len(body) == 0 {
				t.Fatalf("final list %s: %d", ext, status)
			}
			if ext == "csv" && !strings.Contains(body, "PGO Zuid BV,\"pgo, dva\",MijnDossier,4.2,Vera <b>Visser</b>") {
				t.Fatalf("final list:\n%s", body)
			}
		}
		if status, _, _ := e.do("observer", "GET", hk+"/final-list.csv", "", ""); status != http.StatusForbidden {
			t.Fatalf("final list for view role: %d", status)
		}
		// Status by hand from the participants list.
		if status, _, _ := e.form(rm, fmt.Sprintf("%s/participants/%d/status", hk, pid), url.Values{"status": {"pending"}}); status != http.StatusUnprocessableEntity {
			t.Fatalf("bad status: %d", status)
		}
		if status, _, _ := e.form(rm, fmt.Sprintf("%s/participants/%d/status", hk, pid), url.Values{"status": {"cancelled"}}); status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", status)
		}
		if _, body, _ := e.do(ep, "GET", hk+"/catering", "", ""); !strings.Contains(body, "geen dieetwensen") {
			t.Fatal("a cancelled person still counts for catering")
		}
	})
}

// TestQuestionsOnPublicForm: the organisers add a required question; the
// public form shows it, refuses a registration without an answer at the
// field, and keeps the answer with the registration.
func TestQuestionsOnPublicForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		lead := string(blueprint.RoleProjectleider)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		e.form(lead, hk+"/participants/settings", url.Values{"open": {"1"}, "privacy_text": {"Privacy."}})
		if status, body, _ := e.form(lead, hk+"/questions", url.Values{"label": {"Versie"}, "kind": {"choice"}, "options": {"R4"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "2 to 30 options") || !strings.Contains(body, `value="Versie"`) {
			t.Fatalf("choice with one option: %d", status)
		}
		if status, _, _ := e.form(lead, hk+"/questions", url.Values{"label": {"Welke FHIR-versie?"}, "kind": {"choice"}, "options": {"STU3\r\nR4\r\n"}, "required": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("add question: %d", status)
		}
		var qid int64
		db.QueryRow(context.Background(), "SELECT id FROM registration_questions").Scan(&qid)
		field := fmt.Sprintf("q_%d", qid)
		status, body, _ := e.do("anonymous", "GET", fmt.Sprintf("/register/%d", e.hid), "", "")
		if status != http.StatusOK || !strings.Contains(body, "Welke FHIR-versie? *") || !strings.Contains(body, `name="`+field+`" value="R4"`) {
			t.Fatalf("form lacks the question: %d\n%s", status, body)
		}
		in := url.Values{"name": {"An"}, "email": {"an@example.org"}, "organisation": {"Zorg Noord"}, "chain_role": {"zorgaanbieder"}, "consent": {"1"}}
		status, body, _ = e.form("anonymous", fmt.Sprintf("/register/%d", e.hid), in)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Beantwoord deze vraag.") {
			t.Fatalf("missing answer: %d", status)
		}
		in.Set(field, "R5")
		if _, body, _ := e.form("anonymous", fmt.Sprintf("/register/%d", e.hid), in); !strings.Contains(body, "Kies een van de mogelijkheden.") {
			t.Fatal("an answer outside the options was not refused")
		}
		in.Set(field, "R4")
		if status, _, _ := e.form("anonymous", fmt.Sprintf("/register/%d", e.hid), in); status != http.StatusOK {
			t.Fatalf("register: %d", status)
		}
		status, body, _ = e.do(lead, "GET", hk+"/participants", "", "")
		if status != http.StatusOK || !strings.Contains(body, "<th>Welke FHIR-versie?</th>") || !strings.Contains(body, "<td>R4</td>") {
			t.Fatalf("participants page lacks the answer: %d", status)
		}
		if _, body, _ := e.do(lead, "GET", hk+"/participants.csv", "", ""); !strings.Contains(body, "Welke FHIR-versie?") || !strings.Contains(body, ",R4") { // before the edit below
			t.Fatalf("export lacks the answer:\n%s", body)
		}
		var oid, pid int64
		db.QueryRow(context.Background(), "SELECT organisation_id, id FROM registrations WHERE email = 'an@example.org'").Scan(&oid, &pid)
		person := fmt.Sprintf("%s/organisations/%d/people/%d", hk, oid, pid)
		if status, body, _ := e.do(lead, "GET", person, "", ""); status != http.StatusOK || !strings.Contains(body, `<option value="R4" selected>`) {
			t.Fatalf("person form lacks the answer: %d\n%s", status, body)
		}
		edit := url.Values{"name": {"An"}, "email": {"an@example.org"}, field: {"STU3"}}
		if status, _, _ := e.form(lead, person, edit); status != http.StatusSeeOther {
			t.Fatalf("change the answer: %d", status)
		}
		edit.Set(field, "R9")
		if status, body, _ := e.form(lead, person, edit); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies een van de opties.") {
			t.Fatalf("bad answer by the organiser: %d", status)
		}
		edit.Set(field, "")
		if status, _, _ := e.form(lead, person, edit); status != http.StatusSeeOther {
			t.Fatalf("organisers may leave a required question open: %d", status)
		}
		if status, _, _ := e.form(lead, fmt.Sprintf("%s/questions/%d", hk, qid), url.Values{"label": {"Laptop mee?"}, "kind": {"yesno"}}); status != http.StatusSeeOther {
			t.Fatalf("edit question: %d", status)
		}
		if status, body, _ := e.do(lead, "GET", hk+"/questions", "", ""); status != http.StatusOK || !strings.Contains(body, `value="Laptop mee?"`) {
			t.Fatalf("questions page: %d", status)
		}
		if status, _, _ := e.form(lead, fmt.Sprintf("%s/questions/%d/delete", hk, qid), nil); status != http.StatusSeeOther {
			t.Fatalf("delete question: %d", status)
		}
		if _, body, _ := e.do("anonymous", "GET", fmt.Sprintf("/register/%d", e.hid), "", ""); strings.Contains(body, field) {
			t.Fatal("a deleted question is still on the form")
		}
	})
}

var setPasswordRe = regexp.MustCompile(`/account/set-password/([A-Za-z0-9_-]+)`)

func TestAccountsAndSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		rm := string(blueprint.RoleRelatiemanager)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		csv := "Naam,E-mail,Organisatie,Rol\nAn,an@example.org,Zorg Noord,zorgaanbieder\nCor,observer@example.org,PGO X,pgo\n"
		if status, _, _ := e.form(rm, hk+"/participants/import", url.Values{"csv": {csv}, "action": {"confirm"}}); status != http.StatusSeeOther {
			t.Fatalf("import: %d", status)
		}
		if status, _, _ := e.form(string(blueprint.RoleObserver), hk+"/participants/accounts", nil); status != http.StatusForbidden {
			t.Fatalf("observer creates accounts: %d", status)
		}
		status, body, _ := e.form(rm, hk+"/participants/accounts", nil)
		if status != http.StatusOK || !strings.Contains(body, "1 nieuwe accounts") || !strings.Contains(body, "1 bestaande accounts") {
			t.Fatalf("accounts: %d\n%s", status, body)
		}
		var mail string
		var outboxID int64
		db.QueryRow(ctx, "SELECT id, body FROM outbox WHERE recipient = 'an@example.org' AND subject LIKE 'Je account%'").Scan(&outboxID, &mail)
		if sent, err := comms.Reveal(ctx, db, &comms.Message{ID: outboxID, Body: mail}); err == nil {
			mail = sent.Body // the token is kept apart from the stored mail until it is sent
		}
		m := setPasswordRe.FindStringSubmatch(mail)
		if m == nil {
			t.Fatalf("no link in:\n%s", mail)
		}
		link := m[0]
		if status, _, _ := e.do("anonymous", "GET", "/account/set-password/nonsense", "", ""); status != http.StatusNotFound {
			t.Fatalf("unknown token: %d", status)
		}
		if status, body, _ := e.do("anonymous", "GET", link, "", ""); status != http.StatusOK || !strings.Contains(body, "an@example.org") {
			t.Fatalf("form: %d", status)
		}
		if status, body, _ := e.form("anonymous", link, url.Values{"password": {"kort"}, "password_again": {"kort"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "minstens 10 tekens") {
			t.Fatalf("short: %d", status)
		}
		if status, body, _ := e.form("anonymous", link, url.Values{"password": {"een lang wachtwoord"}, "password_again": {"een ander wachtwoord"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "niet gelijk") {
			t.Fatalf("mismatch: %d", status)
		}
		if status, _, hdr := e.form("anonymous", link, url.Values{"password": {"een lang wachtwoord"}, "password_again": {"een lang wachtwoord"}}); status != http.StatusSeeOther || hdr.Get("Location") != "/login" {
			t.Fatalf("set: %d %v", status, hdr)
		}
		if status, _, _ := e.form("anonymous", link, url.Values{"password": {"nog een wachtwoord"}, "password_again": {"nog een wachtwoord"}}); status != http.StatusNotFound {
			t.Fatalf("second use: %d", status)
		}
		status, _, hdr := e.form("anonymous", "/login", url.Values{"email": {"an@example.org"}, "password": {"een lang wachtwoord"}})
		if status != http.StatusSeeOther || !strings.Contains(hdr.Get("Set-Cookie"), "ketentest_session") {
			t.Fatalf("login: %d %v", status, hdr)
		}
	})
}

func xlsxFile(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &cells)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportXLSXWithMapping uploads a Microsoft Forms XLSX whose columns
// are mapped by hand, previews (nothing stored) and confirms.
func TestImportXLSXWithMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm := string(blueprint.RoleRelatiemanager)
		path := fmt.Sprintf("/hackathons/%d/participants/import", e.hid)
		data := xlsxFile(t, [][]string{{"ID", "Wie ben je", "Mail", "Bedrijf", "Soort", "Dieet"},
			{"1", "An", "an@example.org", "Zorg Noord", "Zorgaanbieder", "veganistisch"}, {"2", "Bram", "kapot", "Zorg Zuid", "zorgaanbieder", ""}})
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "forms.xlsx")
		fw.Write(data)
		mw.WriteField("action", "preview")
		mw.Close()
		status, body, _ := e.do(rm, "POST", path, mw.FormDataContentType(), buf.String())
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Controleer de koppeling") || !strings.Contains(body, `name="map_chain_role"`) {
			t.Fatalf("unguessable headers must ask for a mapping: %d\n%s", status, body)
		}
		hidden := regexp.MustCompile(`name="xlsx" value="([^"]+)"`).FindStringSubmatch(body)
		if hidden == nil {
			t.Fatal("the file does not travel with the mapping form")
		}
		form := url.Values{"xlsx": {html.UnescapeString(hidden[1])}, "map_name": {"1"}, "map_email": {"2"}, "map_organisation": {"3"}, "map_chain_role": {"4"}, "map_dietary": {"5"}, "action": {"preview"}}
		status, body, _ = e.form(rm, path, form)
		if status != http.StatusOK || !strings.Contains(body, "1 van 2 regels") || !strings.Contains(body, "<td>3</td><td>Bram</td>") {
			t.Fatalf("preview: %d\n%s", status, body)
		}
		var n int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 0 {
			t.Fatal("the preview stored rows")
		}
		form.Set("action", "confirm")
		if status, _, _ := e.form(rm, path, form); status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", status)
		}
		var diet string
		db.QueryRow(context.Background(), "SELECT dietary FROM registrations WHERE email = 'an@example.org' AND status = ?", participant.StatusConfirmed).Scan(&diet)
		if diet != "veganistisch" {
			t.Fatalf("imported diet %q", diet)
		}
	})
}
