package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/report/pdf/pdftest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestReportPages: before the first test day the report says so; after
// it the organiser writes texts, sends it for review, a reviewer comments,
// it is delivered and the client accepts it; a participant sees it only
// once delivered; the PDF holds the texts.
func TestReportPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/report", e.hid)
		st, body, _ := e.do("projectleider", "GET", base, "", "")
		if st != http.StatusConflict || !strings.Contains(body, "pas na de eerste testdag") {
			t.Fatalf("before the first day: %d", st)
		}
		if _, err := db.Exec(t.Context(), "UPDATE hackathon_days SET day_date = ? WHERE hackathon_id = ?", date.New(2026, 1, 15), e.hid); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := e.form("projectleider", base+"/texts", url.Values{"summary": {"Eén keten, veel geleerd."}, "rec_vzvz": {"Publiceer de ZAL eerder."}}); st != http.StatusSeeOther {
			t.Fatalf("texts: %d", st)
		}
		if st, _, _ := e.form("projectleider", base+"/status", url.Values{"to": {"review"}}); st != http.StatusConflict {
			t.Errorf("review without concept: %d, want 409", st)
		}
		if st, _, _ := e.form("projectleider", base+"/status", url.Values{"to": {"concept"}}); st != http.StatusSeeOther {
			t.Fatalf("concept: %d", st)
		}
		if st, body, _ := e.do("deelnemer", "GET", base, "", ""); st != http.StatusOK || !strings.Contains(body, "nog niet opgeleverd") || strings.Contains(body, "Eén keten") {
			t.Errorf("participant sees a concept: %d", st)
		}
		if st, _, _ := e.form("projectleider", base+"/status", url.Values{"to": {"review"}, "note": {"MedMij, Nictiz, VZVZ"}}); st != http.StatusSeeOther {
			t.Fatalf("review: %d", st)
		}
		if st, _, _ := e.form("observer", base+"/comments", url.Values{"comment": {"Noem de termijnen."}}); st != http.StatusSeeOther {
			t.Fatalf("comment: %d", st)
		}
		if st, _, _ := e.form("projectleider", base+"/status", url.Values{"to": {"delivered"}}); st != http.StatusSeeOther {
			t.Fatalf("deliver: %d", st)
		}
		if st, _, _ := e.form("opdrachtgever", base+"/accept", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("accept: %d", st)
		}
		st, body, _ = e.do("deelnemer", "GET", base, "", "")
		if st != http.StatusOK || !strings.Contains(body, "Eén keten, veel geleerd.") || !strings.Contains(body, "Noem de termijnen.") || !strings.Contains(body, `id="report-accepted"`) {
			t.Errorf("delivered report for a participant: %d", st)
		}
		st, body, hdr := e.do("deelnemer", "GET", base+"/report.pdf", "", "")
		if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix([]byte(body), []byte("%PDF")) {
			t.Fatalf("pdf: %d %s", st, hdr.Get("Content-Type"))
		}
		text := strings.Join(strings.Fields(pdftest.MustText(t, []byte(body))), " ")
		for _, want := range []string{"Eindrapportage Testhackathon", "Eén keten, veel geleerd.", "Publiceer de ZAL eerder.", "Aanbevelingen voor VZVZ", "Versie 1, opgeleverd"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	})
}
