package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/report/chart"
	"github.com/ketentest/ketentest/internal/report/pdf"
	"github.com/ketentest/ketentest/internal/report/pdf/pdftest"
)

func sampleDoc(sections int) pdf.Doc {
	d := pdf.Doc{Title: "Eindrapportage Hackathon BgZ", Subtitle: "Concept, versie 2", ContentsLabel: "Inhoud"}
	for i := 1; i <= sections; i++ {
		d.Blocks = append(d.Blocks, pdf.Heading{Level: 1, Text: fmt.Sprintf("Hoofdstuk %d: coördinatie en één", i)})
		d.Blocks = append(d.Blocks, pdf.Para{Text: strings.Repeat("Deelnemers van de zorgaanbieder hebben hun ideeën gedeeld; ", 20)})
		d.Blocks = append(d.Blocks, pdf.Heading{Level: 2, Text: fmt.Sprintf("Paragraaf %d.1 naïef", i)})
		rows := [][]string{}
		for r := 0; r < 30; r++ {
			rows = append(rows, []string{fmt.Sprintf("BGZ-%d", r), "Medicatie wordt niet getoond in het PGO, ook niet na opnieuw ophalen", "open", "hoog"})
		}
		d.Blocks = append(d.Blocks, pdf.Table{Header: []string{"Sleutel", "Titel", "Status", "Ernst"}, Rows: rows, Widths: []float64{1, 4, 1, 1}})
		d.Blocks = append(d.Blocks, pdf.Chart{Bars: chart.Bars{Title: "Verdeling per ernst", Bars: []chart.Bar{{Label: "blokkerend", Value: 3}, {Label: "hoog", Value: 12}, {Label: "laag", Value: 0}}}})
	}
	return d
}

// TestRenderDutchTOCPages renders a document and reads it back with
// pdftotext: Dutch characters survive, the contents list every heading
// with the page it is on, and every page says "Pagina n van m".
func TestRenderDutchTOCPages(t *testing.T) {
	b, err := pdf.Bytes(sampleDoc(6))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(20, len(b))])
	}
	if dir := os.Getenv("KETENTEST_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "pdf-sample.pdf"), b, 0o644)
	}
	text := pdftest.MustText(t, b)
	for _, want := range []string{"Eindrapportage Hackathon BgZ", "Inhoud", "coördinatie en één", "ideeën", "naïef", "Verdeling per ernst", "blokkerend"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	pages := strings.Split(text, "\f")
	total := len(pages) - 1 // pdftotext ends every page with a form feed
	if total < 6 {
		t.Fatalf("%d pages, want a multi-page document", total)
	}
	for i := 0; i < total; i++ {
		if want := fmt.Sprintf("Pagina %d van %d", i+1, total); !strings.Contains(pages[i], want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	// The contents (page 1) give each chapter's page, and that page has it.
	re := regexp.MustCompile(`Hoofdstuk (\d+): coördinatie en één\s+(\d+)`)
	ms := re.FindAllStringSubmatch(pages[0], -1)
	if len(ms) != 6 {
		t.Fatalf("contents list %d chapters, want 6:\n%s", len(ms), pages[0])
	}
	for _, m := range ms {
		var pg int
		fmt.Sscan(m[2], &pg)
		if pg < 2 || pg > total || !strings.Contains(pages[pg-1], "Hoofdstuk "+m[1]+":") {
			t.Errorf("contents say chapter %s is on page %d, which does not hold it", m[1], pg)
		}
	}
}

// TestRenderHostileText: control characters, huge words and empty tables
// give a PDF, never an error or a panic.
func TestRenderHostileText(t *testing.T) {
	d := pdf.Doc{Title: strings.Repeat("x", 500), Blocks: []pdf.Block{
		pdf.Heading{Level: 1, Text: "\x00\x07<script>alert(1)</script>"},
		pdf.Para{Text: strings.Repeat("a", 20000)},
		pdf.Table{Header: []string{"a"}, Rows: [][]string{{strings.Repeat("woord ", 5000)}}},
		pdf.Table{},
		pdf.Chart{Bars: chart.Bars{Bars: []chart.Bar{{Label: "", Value: -3}}}},
	}}
	b, err := pdf.Bytes(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdftest.MustText(t, b), "<script>") {
		t.Error("hostile heading text not rendered as text")
	}
}

func BenchmarkRender50Pages(b *testing.B) {
	d := sampleDoc(20)
	for b.Loop() {
		if _, err := pdf.Bytes(d); err != nil {
			b.Fatal(err)
		}
	}
}
