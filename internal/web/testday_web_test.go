package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/xuri/excelize/v2"
)

// multipartForm posts fields and one file as subject.
func (e *env) multipartForm(subject, path string, fields map[string]string, fileName string, file []byte) (int, string) {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(file)
	}
	mw.Close()
	status, body, _ := e.do(subject, "POST", path, mw.FormDataContentType(), b.String())
	return status, body
}

// TestSnelcheckPages: the lists are drawn up and applied from the pages;
// the participant sees its own list and ticks a self-declaration, a
// disallowed file is refused on the page naming the field (in Dutch) and
// nothing is saved; the relationship manager sends the personal result
// (no 403), which needs a decision first; a participant cannot fetch the
// organisers' file route.
func TestSnelcheckPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		base := fmt.Sprintf("/hackathons/%d/snelcheck", e.hid)
		if status, body, _ := e.do("deelnemer", "GET", base+"/mine", "", ""); status != 200 || !strings.Contains(body, "nog niet gekoppeld") {
			t.Fatalf("mine before: %d", status)
		}
		for _, p := range []string{"/lists/draw-up", "/lists/establish"} {
			if status, body, _ := e.form("technisch", base+p, nil); status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", p, status, body)
			}
		}
		var org int64
		db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'Vendor BV'").Scan(&org)
		now := time.Now()
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
			VALUES (?, ?, 'pgo', 'Piet', 'piet@vendor.example', 'nl', 'confirmed', 'h1', ?, ?)`, e.hid, org, now, now); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := e.form("technisch", base+"/apply-all", nil); status != http.StatusSeeOther {
			t.Fatalf("apply all: %d", status)
		}
		if status, body, _ := e.do("test", "GET", base, "", ""); status != 200 || !strings.Contains(body, "Vendor BV") || !strings.Contains(body, "sc-row-") {
			t.Fatalf("matrix: %d", status)
		}
		status, body, _ := e.do("deelnemer", "GET", base+"/mine", "", "")
		if status != 200 || !strings.Contains(body, "Aansluiten op de MedMij-zandbak") {
			t.Fatalf("mine: %d", status)
		}
		var self int64
		db.QueryRow(ctx, `SELECT c.id FROM testday_checks c JOIN testday_items i ON i.id = c.item_id WHERE c.organisation_id = ? AND i.kind = 'self' ORDER BY c.id LIMIT 1`, org).Scan(&self)
		status, body = e.multipartForm("deelnemer", fmt.Sprintf("%s/mine/%d/declare", base, self), map[string]string{"note": "klaar"}, "verklaring.exe", []byte("MZ\x90"))
		if status != http.StatusBadRequest || !strings.Contains(body, "alleen .pdf") {
			t.Fatalf("disallowed file: %d %s", status, body)
		}
		var st string
		db.QueryRow(ctx, "SELECT status FROM testday_checks WHERE id = ?", self).Scan(&st)
		if st != "open" {
			t.Fatalf("half saved: %s", st)
		}
		status, _ = e.multipartForm("deelnemer", fmt.Sprintf("%s/mine/%d/declare", base, self), map[string]string{"note": "klaar"}, "verklaring.pdf", []byte("%PDF-1.4 x"))
		if status != http.StatusSeeOther {
			t.Fatalf("declare: %d", status)
		}
		if status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/mine/%d/file", base, self), "", ""); status != 200 || !strings.HasPrefix(body, "%PDF") {
			t.Fatalf("own file: %d", status)
		}
		if status, _, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/checks/%d/file", base, self), "", ""); status != http.StatusForbidden {
			t.Fatalf("organisers' file route as participant: %d", status)
		}
		notify := fmt.Sprintf("%s/participants/%d/notify", base, org)
		if status, body, _ := e.form("relatiemanager", notify, nil); status != http.StatusBadRequest || !strings.Contains(body, "decision") {
			t.Fatalf("notify without decision: %d", status)
		}
		if status, _, _ := e.form("test", fmt.Sprintf("%s/participants/%d/decision", base, org), url.Values{"outcome": {"go"}, "reason": {"alles groen"}}); status != http.StatusSeeOther {
			t.Fatalf("decide: %d", status)
		}
		if status, _, _ := e.form("relatiemanager", notify, nil); status != http.StatusSeeOther {
			t.Fatalf("notify as relationship manager: %d", status)
		}
		if status, body, _ := e.do("deelnemer", "GET", base+"/mine", "", ""); status != 200 || !strings.Contains(body, "sc-my-result") {
			t.Fatalf("result not shown to the participant: %d", status)
		}
	})
}

// TestRoundsPages: rounds are added (an overlap is refused on the page
// naming the field), pairs generated, the layout published and printed,
// and the participant downloads its own schedule as .ics.
func TestRoundsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sc := e.twoGoParticipants(t)
		base := fmt.Sprintf("/hackathons/%d/rounds", e.hid)
		if status, body, _ := e.form("eventplanner", base, url.Values{"day_number": {"1"}, "start": {"10:00"}, "end": {"11:00"}}); status != http.StatusSeeOther {
			t.Fatalf("add round: %d %s", status, body)
		}
		if status, body, _ := e.form("eventplanner", base, url.Values{"day_number": {"1"}, "start": {"10:30"}, "end": {"11:30"}}); status != http.StatusBadRequest || !strings.Contains(body, "overlaps") {
			t.Fatalf("overlapping round: %d", status)
		}
		if status, body, _ := e.form("eventplanner", base+"/generate", url.Values{"tables": {"0"}}); status != 200 || !strings.Contains(body, "1 paren ingedeeld") {
			t.Fatalf("generate: %d", status)
		}
		if status, _, _ := e.form("eventplanner", base+"/publish", nil); status != http.StatusSeeOther {
			t.Fatalf("publish: %d", status)
		}
		if status, body, _ := e.do("loggingteam", "GET", base+"/layout", "", ""); status != 200 || !strings.Contains(body, "Vendor BV") || !strings.Contains(body, "layout-tables") {
			t.Fatalf("layout: %d", status)
		}
		if status, body, _ := e.do("deelnemer", "GET", sc+"/mine/schedule.ics", "", ""); status != 200 || !strings.Contains(body, "BEGIN:VEVENT") || !strings.Contains(body, "Oost DVA") {
			t.Fatalf("own .ics: %d %s", status, body)
		}
		tableEditor(t, e, base)
	})
}

// tableEditor: the layout's tables are edited (seats, power, logging-team
// member) and added on the layout page; bad input is refused naming the
// field in Dutch, nothing saved; a table with pairs is not deleted; the
// logging team sees the layout but cannot edit it.
func tableEditor(t *testing.T, e *env, base string) {
	t.Helper()
	logger := fmt.Sprint(e.users["loggingteam"].ID)
	if status, body, _ := e.do("eventplanner", "GET", base+"/layout", "", ""); status != 200 || !strings.Contains(body, "tables-edit") {
		t.Fatalf("layout editor: %d", status)
	}
	if status, body, _ := e.form("eventplanner", base+"/tables", url.Values{"table": {"1"}, "seats": {"6"}, "logger_id": {logger}}); status != http.StatusSeeOther {
		t.Fatalf("save table: %d %s", status, body)
	}
	status, body, _ := e.do("loggingteam", "GET", base+"/layout", "", "")
	if status != 200 || !strings.Contains(body, `<td class="num">6</td><td>nee</td><td>User loggingteam</td>`) || strings.Contains(body, "tables-edit") {
		t.Fatalf("printed layout after the edit (6 seats, no power) or editor shown to the logging team: %d %s", status, body)
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"table": {"1"}, "seats": {"1"}}, "Stoelen: minder stoelen dan er organisaties in één ronde aan deze tafel zitten"},
		{url.Values{"table": {"2"}, "seats": {"x"}}, "Stoelen: van 1 tot en met 50 stoelen"},
		{url.Values{"table": {"2"}, "seats": {"4"}, "logger_id": {fmt.Sprint(e.users["deelnemer"].ID)}}, "Loggingteam: geen lid van het loggingteam"},
		{url.Values{"table": {"0"}, "seats": {"4"}}, "Tafel: een tafelnummer van 1 tot en met 500"},
	} {
		if status, body, _ := e.form("eventplanner", base+"/tables", c.form); status != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Fatalf("%v: %d, want %q", c.form, status, c.want)
		}
	}
	if status, _, _ := e.form("eventplanner", base+"/tables", url.Values{"table": {"2"}, "seats": {"4"}, "power": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("add table 2: %d", status)
	}
	if status, body, _ := e.form("eventplanner", base+"/tables/1/delete", nil); status != http.StatusBadRequest || !strings.Contains(body, "verplaats ze eerst") {
		t.Fatalf("delete a table with pairs: %d", status)
	}
	if status, _, _ := e.form("eventplanner", base+"/tables/2/delete", nil); status != http.StatusSeeOther {
		t.Fatalf("delete an empty table: %d", status)
	}
	if status, _, _ := e.form("loggingteam", base+"/tables", url.Values{"table": {"1"}, "seats": {"9"}}); status != http.StatusForbidden {
		t.Fatalf("logging team edits the layout: %d", status)
	}
	var seats int
	e.db.QueryRow(context.Background(), "SELECT seats FROM testday_tables WHERE hackathon_id = ? AND table_no = 1", e.hid).Scan(&seats)
	if seats != 6 {
		t.Fatalf("seats after refused edits: %d", seats)
	}
}

// twoGoParticipants gives the test hackathon data service 48 (STU3), the
// deelnemer's organisation (a PGO) and a DVA in the snelcheck, both with a
// go; it returns the snelcheck base path.
func (e *env) twoGoParticipants(t *testing.T) string {
	db, ctx := e.db, context.Background()
	if _, err := db.Exec(ctx, "INSERT INTO hackathon_services (hackathon_id, service_id, name, fhir_version) VALUES (?, '48', 'BgZ', 'STU3')", e.hid); err != nil {
		t.Fatal(err)
	}
	var pgo int64
	db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'Vendor BV'").Scan(&pgo)
	dva, _ := e.srv.Hackathons.CreateOrganisation(ctx, "Oost DVA", "dva")
	now := time.Now()
	for i, org := range []int64{pgo, dva} {
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, language, status, cancel_token_hash, consent_at, created_at)
		VALUES (?, ?, 'pgo', 'Piet', ?, 'nl', 'confirmed', ?, ?, ?)`, e.hid, org, fmt.Sprintf("p%d@x.example", i), fmt.Sprintf("h%d", i), now, now); err != nil {
			t.Fatal(err)
		}
	}
	sc := fmt.Sprintf("/hackathons/%d/snelcheck", e.hid)
	e.form("technisch", sc+"/lists/draw-up", nil)
	e.form("technisch", sc+"/apply-all", nil)
	for _, org := range []int64{pgo, dva} {
		if status, _, _ := e.form("test", fmt.Sprintf("%s/participants/%d/decision", sc, org), url.Values{"outcome": {"go"}, "reason": {"ok"}}); status != http.StatusSeeOther {
			t.Fatalf("decide: %d", status)
		}
	}
	return sc
}

// TestScenarioAndResultPages: a scenario from the blueprint's template is
// reviewed and made final, and then refuses edits naming the field; the
// participant records a failed step of its own pair and is offered "log
// finding" with round and step filled in; a result for a pair that was
// not scheduled is refused naming the field; the matrix and the CSV
// export show the result.
func TestScenarioAndResultPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.twoGoParticipants(t)
		rounds := fmt.Sprintf("/hackathons/%d/rounds", e.hid)
		e.form("test", rounds, url.Values{"day_number": {"1"}, "start": {"10:00"}, "end": {"11:00"}})
		if status, _, _ := e.form("test", rounds+"/generate", nil); status != 200 {
			t.Fatalf("generate: %d", status)
		}
		var pair, round int64
		db.QueryRow(ctx, "SELECT id, round_id FROM testday_pairs WHERE hackathon_id = ?", e.hid).Scan(&pair, &round)
		scen := fmt.Sprintf("/hackathons/%d/scenarios", e.hid)
		if status, _, _ := e.form("test", scen+"/template", url.Values{"template": {"two_hospitals"}, "service": {"48@STU3"}}); status != http.StatusSeeOther {
			t.Fatalf("template: %d", status)
		}
		var sid, step int64
		db.QueryRow(ctx, "SELECT id FROM testday_scenarios WHERE hackathon_id = ?", e.hid).Scan(&sid)
		db.QueryRow(ctx, "SELECT id FROM testday_steps WHERE scenario_id = ? AND position = 3", sid).Scan(&step)
		if status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/%d", scen, sid), "", ""); status != http.StatusNotFound {
			t.Fatalf("concept scenario shown to a participant: %d %s", status, body)
		}
		e.form("test", fmt.Sprintf("%s/%d/advance", scen, sid), url.Values{"to": {"reviewed"}, "reviewers": {"Nictiz"}})
		if status, _, _ := e.form("test", fmt.Sprintf("%s/%d/advance", scen, sid), url.Values{"to": {"final"}}); status != http.StatusSeeOther {
			t.Fatalf("final: %d", status)
		}
		if status, body, _ := e.form("test", fmt.Sprintf("%s/%d", scen, sid), url.Values{"title": {"x"}, "service": {"48@STU3"}, "steps": {"pgo | a | b"}}); status != http.StatusBadRequest || !strings.Contains(body, "status:") {
			t.Fatalf("edit after final: %d", status)
		}
		if status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/%d", scen, sid), "", ""); status != 200 || !strings.Contains(body, "scenario-steps") {
			t.Fatalf("final scenario for a participant: %d", status)
		}
		res := fmt.Sprintf("/hackathons/%d/results", e.hid)
		if status, _, _ := e.form("deelnemer", fmt.Sprintf("%s/pairs/%d", res, pair), url.Values{"step_id": {fmt.Sprint(step)}, "outcome": {"gefaald"}, "note": {"B overschrijft A"}}); status != http.StatusSeeOther {
			t.Fatalf("record: %d", status)
		}
		status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/pairs/%d", res, pair), "", "")
		want := fmt.Sprintf("findings/new?test_round_id=%d&amp;scenario_step_id=%d", round, step)
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("log-finding link %q missing: %d", want, status)
		}
		if status, body, _ := e.form("loggingteam", res+"/pairs/999999", url.Values{"step_id": {fmt.Sprint(step)}, "outcome": {"geslaagd"}}); status != http.StatusBadRequest || !strings.Contains(body, "pair_id") {
			t.Fatalf("unscheduled pair: %d", status)
		}
		if status, body, _ := e.do("test", "GET", res, "", ""); status != 200 || !strings.Contains(body, "results-day-1") || !strings.Contains(body, "1/4") {
			t.Fatalf("matrix: %d", status)
		}
		if status, body, _ := e.do("test", "GET", res+"/export.csv", "", ""); status != 200 || !strings.Contains(body, "gefaald") ||
			!strings.Contains(body, "Uitkomst,Bron") || !strings.Contains(body, "handmatig") {
			t.Fatalf("csv: %d %s", status, body)
		}
		resultExports(t, e, res)
		resultScreenshots(t, e, db, res, pair)
	})
}

// resultExports: the XLSX export is a workbook with the Dutch header and
// a row per result.
func resultExports(t *testing.T, e *env, res string) {
	t.Helper()
	status, body, h := e.do("test", "GET", res+"/export.xlsx", "", "")
	if status != 200 || h.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.Contains(h.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %v", status, h)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) != 2 || rows[0][8] != "Uitkomst" || rows[1][8] != "gefaald" || rows[1][9] != "handmatig" {
		t.Fatalf("xlsx rows: %q %v", rows, err)
	}
	if status, _, _ := e.do("deelnemer", "GET", res+"/export.xlsx", "", ""); status != http.StatusForbidden && status != http.StatusNotFound {
		t.Fatalf("participant exports everyone's results: %d", status)
	}
}

// upload posts one file as the form field "screenshot".
func (e *env) upload(subject, path, name string, data []byte) (int, string) {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("screenshot", name)
	fw.Write(data)
	mw.Close()
	status, body, _ := e.do(subject, "POST", path, mw.FormDataContentType(), b.String())
	return status, body
}

func pngOf(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

// resultScreenshots: a PNG is kept as evidence of a result and served as
// image/png with nosniff; HTML named .png, a GIF or an empty file are
// refused naming the field in Dutch and nothing is saved; someone outside
// the pair cannot fetch it.
func resultScreenshots(t *testing.T, e *env, db *store.DB, res string, pair int64) {
	t.Helper()
	ctx := context.Background()
	var rid int64
	db.QueryRow(ctx, "SELECT id FROM testday_results WHERE pair_id = ?", pair).Scan(&rid)
	up := fmt.Sprintf("%s/entries/%d/screenshots", res, rid)
	if status, body := e.upload("deelnemer", up, "overzicht.png", pngOf(4, 3)); status != http.StatusSeeOther {
		t.Fatalf("upload png: %d %s", status, body)
	}
	var sid int64
	var n int
	db.QueryRow(ctx, "SELECT id FROM testday_screenshots WHERE result_id = ?", rid).Scan(&sid)
	status, body, h := e.do("deelnemer", "GET", fmt.Sprintf("%s/screenshots/%d", res, sid), "", "")
	if status != 200 || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal([]byte(body), pngOf(4, 3)) {
		t.Fatalf("serve: %d %v", status, h)
	}
	if _, page, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/pairs/%d", res, pair), "", ""); !strings.Contains(page, fmt.Sprintf("/results/screenshots/%d", sid)) {
		t.Fatal("pair page does not show the screenshot")
	}
	var gif bytes.Buffer
	gifEncode(&gif)
	for name, data := range map[string][]byte{"x.png": []byte("<html><script>alert(1)</script></html>"), "y.gif": gif.Bytes(), "z.png": nil,
		"trunc.png": pngOf(4, 3)[:20]} {
		status, body := e.upload("deelnemer", up, name, data)
		if status != http.StatusBadRequest || !strings.Contains(body, "Schermafbeelding:") {
			t.Fatalf("%s: %d, no Dutch message naming the field", name, status)
		}
	}
	db.QueryRow(ctx, "SELECT COUNT(*) FROM testday_screenshots WHERE result_id = ?", rid).Scan(&n)
	if n != 1 {
		t.Fatalf("refused files saved: %d screenshots", n)
	}
	if status, _, _ := e.do("nobody", "GET", fmt.Sprintf("%s/screenshots/%d", res, sid), "", ""); status == 200 {
		t.Fatal("screenshot served outside the hackathon")
	}
}

func gifEncode(w *bytes.Buffer) {
	gif.Encode(w, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White}), nil)
}
