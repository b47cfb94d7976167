package participant

import (
	"github.com/ketentest/ketentest/internal/date"
	"io"
	"strconv"
	"strings"
	"time"
)

// ExportHeader is the header line of the participant list export.
var ExportHeader = []string{"Naam", "E-mailadres", "Organisatie", "Rol in de keten", "Functie", "Status", "Kick-off", "Dagen", "Dieetwensen", "Aangemeld op"}

func exportRecord(r Registration, zone *time.Location) []string {
	days := make([]string, len(r.AttendDays))
	for i, d := range r.AttendDays {
		days[i] = strconv.Itoa(d)
	}
	kickoff := "nee"
	if r.AttendKickoff {
		kickoff = "ja"
	}
	return []string{r.Name, r.Email, r.Organisation, string(r.ChainRole), r.JobTitle, r.Status, kickoff, strings.Join(days, ","), r.Dietary,
		r.CreatedAt.In(zone).Format("2006-01-02 15:04")}
}

// WriteCSV writes the participant list as CSV (UTF-8 with BOM, for Excel),
// times in the default zone.
func WriteCSV(w io.Writer, regs []Registration) error {
	return WriteSheetCSV(w, ParticipantSheet(regs, nil, date.DefaultLocation()))
}

// WriteXLSX writes the participant list as an Excel workbook.
func WriteXLSX(w io.Writer, regs []Registration) error {
	return WriteSheetXLSX(w, ParticipantSheet(regs, nil, date.DefaultLocation()))
}
