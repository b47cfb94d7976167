// Package pdf renders ketentest's documents (final report, evaluation
// results, draaiboek) to PDF without a browser, with the pure-Go library
// codeberg.org/go-pdf/fpdf: the embedded DejaVu fonts (Dutch characters),
// page numbers "Pagina n van m", a table of contents with links and
// bookmarks, tables that wrap and repeat nothing half, and bar charts drawn
// with PDF primitives from the same model (internal/report/chart) that the
// HTML pages show as SVG.
//
// A document is a list of blocks, rendered twice: the first pass learns on
// which page each heading lands, the second writes the contents with those
// numbers (the contents take the same number of pages in both passes).
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ketentest/ketentest/internal/report/chart"
	"github.com/ketentest/ketentest/internal/report/fonts"
)

// Doc is a document to render.
type Doc struct {
	Title    string
	Subtitle string
	// Labels in the document's language.
	ContentsLabel string // "Inhoud"
	PageLabel     string // "Pagina %d van %s" (the second verb is the total)
	Created       time.Time
	Blocks        []Block
}

// Block is one part of a document: Heading, Para, Table or Chart.
type Block interface{ block() }

// Heading starts a section (Level 1) or subsection (Level 2); both are
// listed in the table of contents.
type Heading struct {
	Level int
	Text  string
}

// Para is a paragraph; blank lines in Text separate paragraphs, single
// newlines break lines. Muted paragraphs are grey.
type Para struct {
	Text  string
	Muted bool
}

// Table is a table with a header row; Widths are relative (nil: equal).
type Table struct {
	Header []string
	Rows   [][]string
	Widths []float64
}

// Chart is a bar chart.
type Chart struct{ Bars chart.Bars }

// PageBreak starts a new page (slides).
type PageBreak struct{}

// QR is a QR code's modules (true = dark), drawn Size mm wide.
type QR struct {
	Bits [][]bool
	Size float64
}

func (Heading) block()   {}
func (Para) block()      {}
func (Table) block()     {}
func (Chart) block()     {}
func (QR) block()        {}
func (PageBreak) block() {}

const (
	family     = "DejaVu"
	margin     = 18.0
	lineH      = 5.0
	bodySize   = 10.0
	tocPerPage = 36
	nbAlias    = "{nb}"
)

// Render writes the document as PDF to w.
func Render(d Doc, w io.Writer) error {
	var headings []Heading
	for _, b := range d.Blocks {
		if h, ok := b.(Heading); ok && h.Level <= 2 {
			headings = append(headings, h)
		}
	}
	tocPages := (len(headings) + tocPerPage - 1) / tocPerPage
	first, err := render(d, headings, tocPages, nil)
	if err != nil {
		return err
	}
	f, err := render(d, headings, tocPages, first.pages)
	if err != nil {
		return err
	}
	return f.pdf.Output(w)
}

// Bytes renders the document to memory.
func Bytes(d Doc) ([]byte, error) {
	var buf bytes.Buffer
	if err := Render(d, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type writer struct {
	pdf   *fpdf.Fpdf
	pages []int // page of each heading, in order
	links []int
	width float64
}

func render(d Doc, headings []Heading, tocPages int, pagesOf []int) (*writer, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.AddUTF8FontFromBytes(family, "", fonts.Regular)
	p.AddUTF8FontFromBytes(family, "B", fonts.Bold)
	p.SetTitle(d.Title, true)
	p.SetProducer("ketentest", true)
	if !d.Created.IsZero() {
		p.SetCreationDate(d.Created)
		p.SetModificationDate(d.Created)
	}
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin+4)
	p.AliasNbPages(nbAlias)
	pageLabel := d.PageLabel
	if pageLabel == "" {
		pageLabel = "Pagina %d van %s"
	}
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(family, "", 8)
		p.SetTextColor(110, 110, 110)
		p.CellFormat(0, 5, chart.Short(d.Title, 80), "", 0, "L", false, 0, "")
		p.CellFormat(0, 5, fmt.Sprintf(pageLabel, p.PageNo(), nbAlias), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	wr := &writer{pdf: p}
	wr.width, _ = p.GetPageSize()
	wr.width -= 2 * margin

	// Title page with the contents.
	p.AddPage()
	p.SetFont(family, "B", 20)
	p.MultiCell(0, 9, d.Title, "", "L", false)
	if d.Subtitle != "" {
		p.SetFont(family, "", 12)
		p.SetTextColor(80, 80, 80)
		p.MultiCell(0, 6, d.Subtitle, "", "L", false)
		p.SetTextColor(0, 0, 0)
	}
	p.Ln(6)
	label := d.ContentsLabel
	if label == "" {
		label = "Inhoud"
	}
	p.SetFont(family, "B", 14)
	p.CellFormat(0, 8, label, "", 1, "L", false, 0, "")
	for range headings {
		wr.links = append(wr.links, p.AddLink())
	}
	for i, h := range headings {
		if i > 0 && i%tocPerPage == 0 {
			p.AddPage()
		}
		indent := 0.0
		p.SetFont(family, "B", bodySize)
		if h.Level == 2 {
			indent = 6
			p.SetFont(family, "", bodySize)
		}
		num := ""
		if pagesOf != nil && i < len(pagesOf) {
			num = fmt.Sprint(pagesOf[i])
		}
		p.SetX(margin + indent)
		p.CellFormat(wr.width-indent-15, 5.5, chart.Short(h.Text, 90), "", 0, "L", false, wr.links[i], "")
		p.CellFormat(15, 5.5, num, "", 1, "R", false, wr.links[i], "")
	}
	for p.PageNo() < tocPages && tocPages > 0 {
		p.AddPage()
	}

	p.AddPage()
	hi := 0
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Heading:
			wr.heading(b, hi)
			if b.Level <= 2 {
				hi++
			}
		case Para:
			wr.para(b)
		case Table:
			wr.table(b)
		case Chart:
			wr.chart(b.Bars)
		case QR:
			wr.qr(b)
		case PageBreak:
			p.AddPage()
		}
	}
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return wr, nil
}

func (w *writer) heading(h Heading, i int) {
	p := w.pdf
	size, space := 15.0, 6.0
	if h.Level == 2 {
		size, space = 12, 4
	} else if h.Level > 2 {
		size, space = 10.5, 3
	}
	// Keep a heading with at least a few lines of what follows.
	_, ph := p.GetPageSize()
	if p.GetY() > ph-margin-35 {
		p.AddPage()
	} else if p.GetY() > margin+1 {
		p.Ln(space)
	}
	if h.Level <= 2 {
		w.pages = append(w.pages, p.PageNo())
		p.SetLink(w.links[i], p.GetY(), p.PageNo())
		p.Bookmark(h.Text, h.Level-1, -1)
	}
	p.SetFont(family, "B", size)
	p.MultiCell(0, size*0.5, h.Text, "", "L", false)
	p.Ln(1.5)
}

func (w *writer) para(t Para) {
	p := w.pdf
	p.SetFont(family, "", bodySize)
	if t.Muted {
		p.SetTextColor(100, 100, 100)
	}
	for _, par := range strings.Split(strings.ReplaceAll(t.Text, "\r\n", "\n"), "\n\n") {
		par = strings.TrimSpace(par)
		if par == "" {
			continue
		}
		p.MultiCell(0, lineH, par, "", "L", false)
		p.Ln(1.5)
	}
	p.SetTextColor(0, 0, 0)
}

// lines splits a cell's text into lines that fit width.
func (w *writer) lines(s string, width float64) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l == "" {
			out = append(out, "")
			continue
		}
		out = append(out, w.pdf.SplitText(l, width)...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func (w *writer) table(t Table) {
	p := w.pdf
	n := len(t.Header)
	if n == 0 {
		return
	}
	widths := make([]float64, n)
	total := 0.0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	for i := range widths {
		widths[i] = widths[i] / total * w.width
	}
	const cellH = 4.6
	_, ph := p.GetPageSize()
	row := func(cells []string, header bool) {
		style := ""
		if header {
			style = "B"
		}
		p.SetFont(family, style, 9)
		split := make([][]string, n)
		rows := 1
		for i := 0; i < n; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			split[i] = w.lines(c, widths[i])
			if len(split[i]) > 30 { // a cell never runs over a page
				split[i] = append(split[i][:29], "…")
			}
			rows = max(rows, len(split[i]))
		}
		h := float64(rows)*cellH + 1.6
		if p.GetY()+h > ph-margin-4 {
			p.AddPage()
		}
		x, y := margin, p.GetY()
		if header {
			p.SetFillColor(230, 236, 245)
			p.Rect(margin, y, w.width, h, "F")
		}
		p.SetDrawColor(200, 200, 200)
		p.Line(margin, y+h, margin+w.width, y+h)
		for i := 0; i < n; i++ {
			for j, l := range split[i] {
				p.SetXY(x, y+0.8+float64(j)*cellH)
				p.CellFormat(widths[i], cellH, l, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		p.SetXY(margin, y+h)
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	p.Ln(3)
}

func (w *writer) chart(b chart.Bars) {
	p := w.pdf
	const barH, gap, labelW, valueW = 5.0, 2.0, 60.0, 22.0
	_, ph := p.GetPageSize()
	need := float64(len(b.Bars))*(barH+gap) + 10
	if p.GetY()+min(need, 80) > ph-margin-4 {
		p.AddPage()
	}
	if b.Title != "" {
		p.SetFont(family, "B", 10)
		p.MultiCell(0, 5, b.Title, "", "L", false)
	}
	scale := b.Scale()
	full := w.width - labelW - valueW
	p.SetFont(family, "", 8.5)
	for i, bar := range b.Bars {
		if p.GetY()+barH+gap > ph-margin-4 {
			p.AddPage()
			p.SetFont(family, "", 8.5)
		}
		y := p.GetY() + gap/2
		p.SetXY(margin, y)
		p.CellFormat(labelW-2, barH, chart.Short(bar.Label, 38), "", 0, "L", false, 0, "")
		bw := max(0, full*bar.Value/scale)
		p.SetFillColor(43, 108, 176)
		if bw > 0 {
			p.Rect(margin+labelW, y, bw, barH, "F")
		}
		p.SetXY(margin+labelW+bw+1, y)
		p.CellFormat(valueW, barH, b.ValueText(i), "", 0, "L", false, 0, "")
		p.SetXY(margin, y+barH+gap/2)
	}
	p.Ln(3)
}

func (w *writer) qr(q QR) {
	p := w.pdf
	n := len(q.Bits)
	if n == 0 {
		return
	}
	size := q.Size
	if size <= 0 {
		size = 35
	}
	_, ph := p.GetPageSize()
	if p.GetY()+size > ph-margin-4 {
		p.AddPage()
	}
	m := size / float64(n)
	x0, y0 := margin, p.GetY()
	p.SetFillColor(0, 0, 0)
	for y, row := range q.Bits {
		for x, dark := range row {
			if dark {
				p.Rect(x0+float64(x)*m, y0+float64(y)*m, m, m, "F")
			}
		}
	}
	p.SetXY(margin, y0+size+2)
}
