package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// formulaStart reports whether a cell would run as a formula in a spreadsheet.
func formulaStart(cell string) bool {
	return cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0]))
}

// TestExportsDefuseFormulas: text that users entered (question labels,
// names, organisations, finding titles) is never a formula in a CSV or XLSX
// export, header line included.
func TestExportsDefuseFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hk := fmt.Sprintf("/hackathons/%d", e.hid)
		lead := string(blueprint.RoleProjectleider)
		if st, b, _ := e.form(lead, hk+"/questions", url.Values{"label": {`=HYPERLINK("http://evil.example","Laptop?")`}, "kind": {"text"}}); st != http.StatusSeeOther {
			t.Fatalf("question: %d %.300s", st, b)
		}
		csvIn := "Naam,E-mail,Organisatie,Rol,Functie\n\"=cmd|' /C calc'!A0\",an@example.org,@SUM(1),zorgaanbieder,+31 functie\n"
		if st, b, _ := e.form(string(blueprint.RoleRelatiemanager), hk+"/participants/import", url.Values{"csv": {csvIn}, "action": {"confirm"}}); st != http.StatusSeeOther {
			t.Fatalf("import: %d %.300s", st, b)
		}
		e.logFinding("loggingteam", url.Values{"title": {"=1+2 bevinding"}, "reported_by": {"@melder"}})
		checked := 0
		for _, rt := range e.srv.Routes() {
			if rt.Method != "GET" || !strings.Contains(rt.Pattern, "{hid}") || !(strings.HasSuffix(rt.Pattern, ".csv") || strings.HasSuffix(rt.Pattern, ".xlsx")) {
				continue
			}
			path := strings.Replace(rt.Pattern, "{hid}", fmt.Sprint(e.hid), 1)
			if strings.Contains(path, "{") {
				// An export of one object inside the hackathon (an
				// evaluation's results.csv) needs that object; its writer
				// defuses cells with sheet.SafeCell like the others.
				continue
			}
			st, body, _ := e.do(lead, "GET", path, "", "")
			if st != http.StatusOK {
				t.Errorf("GET %s: %d", path, st)
				continue
			}
			checked++
			var rows [][]string
			if strings.HasSuffix(path, ".csv") {
				r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf")))
				r.FieldsPerRecord = -1
				var err error
				if rows, err = r.ReadAll(); err != nil {
					t.Errorf("GET %s: not CSV: %v", path, err)
				}
			} else {
				x, err := excelize.OpenReader(strings.NewReader(body))
				if err != nil {
					t.Errorf("GET %s: not XLSX: %v", path, err)
					continue
				}
				for _, sh := range x.GetSheetList() {
					rs, _ := x.GetRows(sh)
					rows = append(rows, rs...)
				}
				x.Close()
			}
			for i, row := range rows {
				for _, cell := range row {
					if formulaStart(cell) {
						t.Errorf("GET %s line %d: cell %q would run as a formula", path, i+1, cell)
					}
				}
			}
		}
		if checked < 6 {
			t.Fatalf("only %d exports checked", checked)
		}
	})
}
