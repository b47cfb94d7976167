package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestFindingBulkTriageForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		a := strings.TrimPrefix(e.logFinding("loggingteam", url.Values{"title": {"Eerste"}}), base+"/")
		b := strings.TrimPrefix(e.logFinding("loggingteam", url.Values{"title": {"Tweede"}}), base+"/")
		_, body, _ := e.do("triageteam", "GET", base+"?status=nieuw,in_triage", "", "")
		if !strings.Contains(body, `id="bulk-form"`) || !strings.Contains(body, `name="ids" value="`+a+`"`) {
			t.Fatalf("triage queue has no bulk form:\n%s", body)
		}
		if _, body, _ := e.do("loggingteam", "GET", base, "", ""); strings.Contains(body, `id="bulk-form"`) {
			t.Errorf("logging team sees the bulk form")
		}
		if status, _, _ := e.form("loggingteam", base+"/bulk", url.Values{"ids": {a}, "severity": {"hoog"}}); status != http.StatusForbidden {
			t.Errorf("bulk as logging team: %d, want 403", status)
		}
		status, body, _ := e.form("triageteam", base+"/bulk", url.Values{"severity": {"hoog"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "select at least one finding") {
			t.Fatalf("bulk without selection: %d", status)
		}
		status, _, hdr := e.form("triageteam", base+"/bulk", url.Values{"ids": {a, b}, "severity": {"blokkerend"},
			"actor_organisation_id": {e.orgID("Vendor BV")}, "back": {"?status=nieuw%2Cin_triage"}})
		if status != http.StatusSeeOther || hdr.Get("Location") != base+"?status=nieuw%2Cin_triage" {
			t.Fatalf("bulk: %d → %s", status, hdr.Get("Location"))
		}
		for _, id := range []string{a, b} {
			_, body, _ := e.do("triageteam", "GET", base+"/"+id, "", "")
			if !strings.Contains(body, "Blokkerend") || !strings.Contains(body, `<dd id="actor">Vendor BV`) {
				t.Errorf("finding %s after bulk not classified", id)
			}
		}
		status, body, _ = e.form("triageteam", base+"/bulk", url.Values{"ids": {a, b}, "status": {"geverifieerd"}})
		if status != http.StatusConflict && status != http.StatusUnprocessableEntity {
			t.Fatalf("bulk to a status the workflow refuses: %d", status)
		}
		if !strings.Contains(body, "TEST-") {
			t.Errorf("refused bulk does not name the finding:\n%s", body)
		}
	})
}

func TestFindingExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		page := e.logFinding("loggingteam", url.Values{"title": {"=1+1 formule"}, "severity": {"blokkerend"}})
		if status, _, _ := e.form("triageteam", page+"/triage", url.Values{"actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatal(status)
		}
		e.logFinding("loggingteam", url.Values{"title": {"Zonder actor"}})

		status, body, hdr := e.do("issue", "GET", base+"/handover.xlsx?actor="+e.orgID("Vendor BV"), "", "")
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), finding.ContentTypeXLSX) {
			t.Fatalf("handover.xlsx: %d %s", status, hdr.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("Overdracht")
		x.Close()
		if len(rows) != 2 || rows[1][1] != "'=1+1 formule" || rows[1][8] != "Vendor BV" || rows[1][3] != "Toegewezen" ||
			rows[1][18] != e.ts.URL+page { // an absolute link under the base URL
			t.Errorf("handover.xlsx for the actor: %q", rows)
		}
		status, body, _ = e.do("issue", "GET", base+"/jira.csv", "", "")
		if status != http.StatusOK || !strings.HasPrefix(body, "Summary,Description,Issue Type,Priority") || !strings.Contains(body, "Highest") {
			t.Errorf("jira.csv: %d %s", status, body)
		}
		status, body, _ = e.do("issue", "GET", base+"/overview.csv", "", "")
		if status != http.StatusOK || !strings.Contains(body, "Vendor BV,1,1,0,0,0") || !strings.Contains(body, "–,1,1,0,0,0") {
			t.Errorf("overview.csv: %d %s", status, body)
		}
		_, body, _ = e.do("issue", "GET", base+"?actor="+e.orgID("Vendor BV"), "", "")
		if !strings.Contains(body, `handover.xlsx?actor=`+e.orgID("Vendor BV")) {
			t.Errorf("export links do not carry the filter")
		}
	})
}

func TestFindingLogScreenAndExchangeLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/findings", e.hid)
		// A finding links only to recorded traffic of the hackathon's own clients.
		now := time.Now().UTC()
		if _, err := db.Exec(context.Background(), `INSERT INTO sandbox_clients (client_id, redirect_uris, hackathon_id, created_at) VALUES ('log.pgo', 'https://pgo.example/cb', ?, ?)`, e.hid, now); err != nil {
			t.Fatal(err)
		}
		xid, err := db.Insert(context.Background(), `INSERT INTO sandbox_traffic (at, client_id, method, path, status, duration_us) VALUES (?, 'log.pgo', 'GET', '/48/fhir/Patient', 200, 1)`, now)
		if err != nil {
			t.Fatal(err)
		}
		x := strconv.FormatInt(xid, 10)
		status, body, _ := e.do("loggingteam", "GET", base+"/new?exchange_id="+x, "", "")
		for _, want := range []string{`<kbd>Ctrl</kbd>+<kbd>Enter</kbd>`, `<kbd>Alt</kbd>+<kbd>L</kbd>`, `src="/static/logging.js"`,
			`name="exchange_id" value="` + x + `"`, `/sandbox/traffic/` + x, `Deelnemers van deze hackathon`, `id="queue-status"`} {
			if status != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("logging screen lacks %q", want)
			}
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("inline script on the logging screen")
		}
		page := e.logFinding("loggingteam", url.Values{"title": {"Uit het verkeer"}, "exchange_id": {x}})
		_, body, _ = e.do("triageteam", "GET", page, "", "")
		if !strings.Contains(body, fmt.Sprintf(`href="/hackathons/%d/sandbox/traffic/%s"`, e.hid, x)) {
			t.Errorf("finding page has no link to its exchange")
		}
		if status, _, _ := e.form("loggingteam", base, url.Values{"title": {"x"}, "exchange_id": {"abc"}}); status != http.StatusUnprocessableEntity {
			t.Errorf("bad exchange id: %d, want 422", status)
		}
		_, body, _ = e.do("loggingteam", "GET", base+"/new", "", "")
		if !strings.Contains(body, "Uit het verkeer") {
			t.Errorf("recent findings not on the logging screen")
		}
		status, body, _ = e.do("anonymous", "GET", "/static/logging.js", "", "")
		if status != http.StatusOK || !strings.Contains(body, "idempotency_key") {
			t.Errorf("logging.js: %d", status)
		}
	})
}

func TestFindingVerificationPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Te verifiëren"}})
		e.form("triageteam", page+"/triage", url.Values{"actor_organisation_id": {e.orgID("Vendor BV")}})
		_, body, _ := e.do("actor", "GET", page, "", "")
		if !strings.Contains(body, `id="mark-solved"`) || strings.Contains(body, `id="verify"`) {
			t.Fatalf("actor does not get the solve button only")
		}
		if status, _, _ := e.form("actor", page+"/status", url.Values{"status": {"opgelost"}}); status != http.StatusSeeOther {
			t.Fatalf("mark solved: %d", status)
		}
		_, body, _ = e.do("triageteam", "GET", page, "", "")
		if !strings.Contains(body, `id="verify"`) || !strings.Contains(body, "latere testdag") || !strings.Contains(body, `aria-current="step">Opgelost`) {
			t.Fatalf("triage does not get the verification step:\n%s", body)
		}
		if status, _, _ := e.form("triageteam", page+"/status", url.Values{"status": {"geverifieerd"}}); status != http.StatusSeeOther {
			t.Fatalf("verify: %d", status)
		}
		_, body, _ = e.do("triageteam", "GET", page, "", "")
		if !strings.Contains(body, `aria-current="step">Geverifieerd`) {
			t.Errorf("verified finding's workflow")
		}
	})
}
