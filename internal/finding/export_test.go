package finding_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// exportFindings are fixed findings covering what exports must get right:
// formula-looking text, several labels, quotes and newlines, no actor.
func exportFindings() []*finding.Finding {
	at := time.Date(2027, 3, 10, 9, 15, 0, 0, time.UTC)
	return []*finding.Finding{
		{Key: "PZP-1", Title: "Token verloopt te vroeg", Description: "Na 5 minuten\n\"expired\"", LoggedByName: "Lotte Logger", ReportedBy: "Piet (Vendor A)",
			Orgs: []finding.Org{{ID: 1, Name: "Vendor A"}}, ChainLink: "dva", DataService: "48 BgZ", Kind: "technisch", Severity: "blokkerend",
			Status: finding.StatusToegewezen, Labels: []string{"OAuth flow", "dag 1"}, ActorName: "Vendor A", Due: date.New(2027, 3, 1),
			TrackerKey: "VA-7", TrackerURL: "https://jira.vendor-a.example/browse/VA-7", CreatedAt: at, HackathonID: 3, ID: 11,
			Comments: []finding.Comment{{UserName: "Vera Vendor", Body: "We kijken ernaar.", At: at.Add(time.Hour)}, {UserName: "Tom Triage", Body: "=1+1 graag voor vrijdag", At: at.Add(2 * time.Hour)}}},
		{Key: "PZP-2", HackathonID: 3, ID: 12, Title: "=HYPERLINK(\"http://evil\")", Description: "", LoggedByName: "Lotte Logger", ChainLink: "pgo", Kind: "functioneel",
			Severity: "laag", Status: finding.StatusNieuw, Labels: []string{}, RootCause: "@cmd", CreatedAt: at.Add(time.Minute)},
		{Key: "PZP-3", HackathonID: 3, ID: 13, Title: "Allergieën ontbreken", LoggedByName: "Lotte Logger", ChainLink: "xis", Kind: "technisch", Severity: "hoog",
			Status: finding.StatusGeverifieerd, Labels: []string{"BgZ"}, ActorName: "Vendor B", Due: date.New(2027, 3, 20), CreatedAt: at.Add(2 * time.Minute)},
		{Key: "PZP-4", HackathonID: 3, ID: 14, Title: "Niet te doen", LoggedByName: "Lotte Logger", ChainLink: "overig", Kind: "technisch", Severity: "midden",
			Status: finding.StatusNietOplossen, Labels: []string{}, ActorName: "Vendor B", CreatedAt: at.Add(3 * time.Minute)},
	}
}

func exportOptions(lang string, today date.Date) finding.ExportOptions {
	return finding.ExportOptions{Lang: lang, BaseURL: "https://ketentest.example.nl", Today: today, Location: time.UTC}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestExportGoldenFiles(t *testing.T) {
	today := date.New(2027, 3, 15)
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"handover.golden.csv", func(b *bytes.Buffer) error {
			return finding.WriteHandoverCSV(b, finding.FindingsOf(exportFindings()), exportOptions("nl", today))
		}},
		{"handover.en.golden.csv", func(b *bytes.Buffer) error {
			return finding.WriteHandoverCSV(b, finding.FindingsOf(exportFindings()), exportOptions("en", today))
		}},
		{"jira.golden.csv", func(b *bytes.Buffer) error { return finding.WriteJiraCSV(b, exportFindings()) }},
		{"overview9a.golden.csv", func(b *bytes.Buffer) error { return finding.WriteOverviewCSV(b, exportFindings(), today) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
			recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
			if err != nil {
				t.Fatalf("not valid CSV: %v", err)
			}
			for _, r := range recs {
				for _, c := range r {
					if c != "" && (c[0] == '=' || c[0] == '@' || c[0] == '+') {
						t.Errorf("cell %q would run as a formula", c)
					}
				}
			}
		})
	}
}

func TestJiraCSVShape(t *testing.T) {
	var b bytes.Buffer
	if err := finding.WriteJiraCSV(&b, exportFindings()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string][]int{}
	for i, h := range recs[0] {
		col[h] = append(col[h], i)
	}
	if len(col["Labels"]) != 3 {
		t.Errorf("want 3 Labels columns (chain link + 2 labels), got %d", len(col["Labels"]))
	}
	first := recs[1]
	for h, want := range map[string]string{"Summary": "PZP-1 Token verloopt te vroeg", "Priority": "Highest", "Issue Type": "Bug",
		"Status": "To Do", "Reporter": "Piet (Vendor A)", "Created": "2027-03-10 09:15", "External ID": "PZP-1", "Due date": "2027-03-01 00:00"} {
		if got := first[col[h][0]]; got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	var labels []string
	for _, i := range col["Labels"] {
		labels = append(labels, first[i])
	}
	if labels[0] != "dva" || labels[1] != "OAuth_flow" || labels[2] != "dag_1" {
		t.Errorf("labels = %v", labels)
	}
	if st := recs[4][col["Resolution"][0]]; st != "Won't Do" {
		t.Errorf("niet oplossen resolution = %q", st)
	}
	if _, err := time.Parse(finding.JiraDateLayout, recs[2][col["Created"][0]]); err != nil {
		t.Errorf("Created not in the documented layout: %v", err)
	}
}

func TestHandoverXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := finding.WriteHandoverXLSX(&b, finding.FindingsOf(exportFindings()), exportOptions("nl", date.New(2027, 3, 15))); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows(finding.SheetHandover)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "Nummer" || rows[1][0] != "PZP-1" || rows[1][9] != "2027-03-01" {
		t.Fatalf("handover sheet: %q", rows)
	}
	// Labels of the interface, not codes; the description, the comments and the link back.
	for col, want := range map[int]string{3: "Toegewezen", 4: "Blokkerend", 6: "DVA", 2: "Na 5 minuten\n\"expired\"",
		17: "2027-03-10 10:15 Vera Vendor: We kijken ernaar.\n\n2027-03-10 11:15 Tom Triage: =1+1 graag voor vrijdag",
		18: "https://ketentest.example.nl/hackathons/3/findings/11"} {
		if rows[1][col] != want {
			t.Errorf("handover column %d (%s) = %q, want %q", col, rows[0][col], rows[1][col], want)
		}
	}
	if rows[2][1] != `'=HYPERLINK("http://evil")` {
		t.Errorf("formula not defused: %q", rows[2][1])
	}
	for _, cell := range []string{"B3", "M3"} {
		if f, err := x.GetCellFormula(finding.SheetHandover, cell); err != nil || f != "" {
			t.Errorf("%s has formula %q (%v)", cell, f, err)
		}
	}
	ov, err := x.GetRows(finding.SheetOverview)
	if err != nil {
		t.Fatal(err)
	}
	// Vendor A: 1 open, overdue (term 1 March, today 15 March); Vendor B: 1 solved, 1 won't fix; – : 1 open.
	want := [][]string{{"Actor", "Totaal", "Open", "Niet oplossen", "Opgelost", "Termijn verstreken"}, {"Vendor A", "1", "1", "0", "0", "1"},
		{"Vendor B", "2", "0", "1", "1", "0"}, {"–", "1", "1", "0", "0", "0"}}
	if len(ov) != len(want) {
		t.Fatalf("overview sheet: %q", ov)
	}
	for i := range want {
		for j := range want[i] {
			if ov[i][j] != want[i][j] {
				t.Errorf("overview[%d][%d] = %q, want %q", i, j, ov[i][j], want[i][j])
			}
		}
	}
}

// FuzzExportCSV: whatever users type, the exports stay valid CSV with one
// record per finding and no cell that a spreadsheet would run as a formula.
func FuzzExportCSV(f *testing.F) {
	f.Add("=cmd|' /C calc'!A0", "@SUM(1)", "label met spatie", "\"quoted\"\nnewline")
	f.Add("+31 6", "-1", "\ttab", "\rcr")
	f.Fuzz(func(t *testing.T, title, desc, label, reporter string) {
		fs := []*finding.Finding{{Key: "PZP-1", Title: title, Description: desc, Labels: []string{label}, ReportedBy: reporter,
			ActorName: label, TrackerKey: title, RootCause: desc, ChainLink: "dva", Kind: "technisch", Severity: "hoog", Status: finding.StatusNieuw}}
		for name, write := range map[string]func(*bytes.Buffer) error{
			"handover": func(b *bytes.Buffer) error {
				return finding.WriteHandoverCSV(b, finding.FindingsOf(fs), finding.ExportOptions{Lang: "en"})
			},
			"jira":     func(b *bytes.Buffer) error { return finding.WriteJiraCSV(b, fs) },
			"overview": func(b *bytes.Buffer) error { return finding.WriteOverviewCSV(b, fs, date.New(2027, 1, 1)) },
		} {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r := csv.NewReader(&b)
			r.FieldsPerRecord = -1
			recs, err := r.ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%s: %d records, %v", name, len(recs), err)
			}
			for _, c := range recs[1] {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Fatalf("%s: cell %q would run as a formula", name, c)
				}
			}
		}
	})
}
