package participant_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/participant"
	"github.com/xuri/excelize/v2"
)

func TestExport(t *testing.T) {
	regs := []participant.Registration{{Name: "=HYPERLINK(\"x\")", Email: "a@example.org", Organisation: "Zorg, Noord", ChainRole: "zorgaanbieder",
		Status: "confirmed", AttendKickoff: true, AttendDays: []int{1, 2}}}
	var b bytes.Buffer
	if err := participant.WriteCSV(&b, regs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""x"")"`) || !strings.Contains(b.String(), `"Zorg, Noord"`) || !strings.Contains(b.String(), `ja,"1,2"`) {
		t.Fatalf("csv:\n%s", b.String())
	}
	b.Reset()
	if err := participant.WriteXLSX(&b, regs); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Deelnemers")
	if err != nil || len(rows) != 2 || rows[1][1] != "a@example.org" || rows[0][0] != "Naam" {
		t.Fatalf("xlsx rows %v %v", rows, err)
	}
}
