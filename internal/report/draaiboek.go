package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report/pdf"
	"github.com/ketentest/ketentest/internal/store"
)

// Draaiboek statuses.
const (
	DraaiboekConcept = "concept"
	DraaiboekFinal   = "final"
)

// Slot is one time slot of a day's programme.
type Slot struct {
	ID    int64
	Start string // HH:MM
	End   string
	Title string
}

// DocSection is one section of a generated document: paragraphs and an
// optional table; Empty marks a section without data yet.
type DocSection struct {
	Key    string
	Title  string
	Paras  []string
	Header []string
	Rows   [][]string
	Empty  string // shown when there is nothing (e.g. "nog niet ingedeeld")
	QR     [][]bool
	Link   string
}

// Draaiboek is the runbook of one test day (annex 1).
type Draaiboek struct {
	Hackathon   *hackathon.Hackathon
	Lang        string
	Day         int
	Date        date.Date
	Status      string
	Version     int
	PublishedAt time.Time
	Slots       []Slot
	Sections    []DocSection
}

func (s *Service) draaiboekState(ctx context.Context, hid int64, day int) (status string, version int, published time.Time, err error) {
	var pub sql.NullTime
	err = s.DB.QueryRow(ctx, "SELECT status, version, published_at FROM draaiboeks WHERE hackathon_id = ? AND day = ?", hid, day).Scan(&status, &version, &pub)
	if errors.Is(err, sql.ErrNoRows) {
		return DraaiboekConcept, 0, time.Time{}, nil
	}
	if pub.Valid {
		published = pub.Time.UTC()
	}
	return status, version, published, err
}

// Slots lists a day's programme.
func (s *Service) Slots(ctx context.Context, hid int64, day int) ([]Slot, error) {
	return store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Slot, error) {
		var sl Slot
		err := row.Scan(&sl.ID, &sl.Start, &sl.End, &sl.Title)
		return &sl, err
	}, "SELECT id, starts, ends, title FROM draaiboek_slots WHERE hackathon_id = ? AND day = ? ORDER BY starts, id", hid, day)
}

func dayOf(h *hackathon.Hackathon, day int) error {
	if day < 1 || day > len(h.Days) {
		return fmt.Errorf("draaiboek day %w", apperr.ErrNotFound)
	}
	return nil
}

func validClock(s string) bool {
	t, err := time.Parse("15:04", s)
	return err == nil && t.Format("15:04") == s
}

// AddSlot adds a time slot to a day's programme; a changed programme makes
// a published draaiboek a concept again until it is published anew.
func (s *Service) AddSlot(ctx context.Context, hid int64, day int, start, end, title string, by int64) error {
	h, err := s.Hackathons.Get(ctx, hid)
	if err != nil {
		return err
	}
	if err := dayOf(h, day); err != nil {
		return err
	}
	var inv apperr.Invalid
	start, end, title = strings.TrimSpace(start), strings.TrimSpace(end), strings.TrimSpace(title)
	if !validClock(start) {
		inv.AddCode("start", "draaiboek_time", "give a time as HH:MM")
	}
	if !validClock(end) {
		inv.AddCode("end", "draaiboek_time", "give a time as HH:MM")
	} else if validClock(start) && end <= start {
		inv.AddCode("end", "draaiboek_end", "the end must be after the start")
	}
	if title == "" || utf8.RuneCountInString(title) > 200 || !utf8.ValidString(title) {
		inv.AddCode("title", "draaiboek_title", "give a title of at most 200 characters")
	}
	if err := inv.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO draaiboek_slots (hackathon_id, day, starts, ends, title) VALUES (?, ?, ?, ?, ?)", hid, day, start, end, title); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE draaiboeks SET status = ? WHERE hackathon_id = ? AND day = ?", DraaiboekConcept, hid, day); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hid, UserID: by, Entity: "draaiboek", EntityID: fmt.Sprint(day), Action: "slot_added", To: start + "–" + end + " " + title})
	})
}

// DeleteSlot removes a time slot.
func (s *Service) DeleteSlot(ctx context.Context, hid int64, day int, id, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := tx.Exec(ctx, "DELETE FROM draaiboek_slots WHERE hackathon_id = ? AND day = ? AND id = ?", hid, day, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("slot %w", apperr.ErrNotFound)
		}
		if _, err := tx.Exec(ctx, "UPDATE draaiboeks SET status = ? WHERE hackathon_id = ? AND day = ?", DraaiboekConcept, hid, day); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hid, UserID: by, Entity: "draaiboek", EntityID: fmt.Sprint(day), Action: "slot_deleted", From: fmt.Sprint(id)})
	})
}

// Publish makes the day's draaiboek final as a new version, shown to
// every member on the participant pages; it completes 2E (concept) and
// 4A (final programme and layout).
func (s *Service) Publish(ctx context.Context, hid int64, day int, by int64) error {
	h, err := s.Hackathons.Get(ctx, hid)
	if err != nil {
		return err
	}
	if err := dayOf(h, day); err != nil {
		return err
	}
	_, version, _, err := s.draaiboekState(ctx, hid, day)
	if err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM draaiboeks WHERE hackathon_id = ? AND day = ?", hid, day); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO draaiboeks (hackathon_id, day, status, version, published_at) VALUES (?, ?, ?, ?, ?)",
			hid, day, DraaiboekFinal, version+1, s.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hid, UserID: by, Entity: "draaiboek", EntityID: fmt.Sprint(day), Action: "published", To: fmt.Sprint(version + 1)})
	})
	if err != nil {
		return err
	}
	for _, code := range []string{"2E", "4A"} {
		if err := s.markDone(ctx, hid, code, by); err != nil {
			return err
		}
	}
	return nil
}

// BuildDraaiboek generates the draaiboek of a test day from the data;
// linkBase makes the logging and evaluation links absolute.
func (s *Service) BuildDraaiboek(ctx context.Context, hid int64, day int, lang, linkBase string) (*Draaiboek, error) {
	h, err := s.Hackathons.Get(ctx, hid)
	if err != nil {
		return nil, err
	}
	if err := dayOf(h, day); err != nil {
		return nil, err
	}
	d := &Draaiboek{Hackathon: h, Lang: lang, Day: day, Date: h.Days[day-1]}
	if d.Status, d.Version, d.PublishedAt, err = s.draaiboekState(ctx, hid, day); err != nil {
		return nil, err
	}
	if d.Slots, err = s.Slots(ctx, hid, day); err != nil {
		return nil, err
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	titles := map[string]string{}
	for _, sec := range blueprint.DraaiboekSections() {
		titles[sec.Key] = sec.Title.In(lang)
	}
	add := func(sec DocSection) { sec.Title = titles[sec.Key]; d.Sections = append(d.Sections, sec) }

	// Inleiding: the canvas' reason and goal.
	canvas, err := s.Hackathons.Canvas(ctx, hid)
	if err != nil {
		return nil, err
	}
	note := hackathon.BuildStartNote(h, canvas, nil, lang)
	intro := DocSection{Key: "inleiding", Empty: t("report.text_empty")}
	if h.Description != "" {
		intro.Paras = append(intro.Paras, h.Description)
	}
	for _, sec := range note.Sections {
		if sec.Key == "reason" || sec.Key == "goal" {
			for _, e := range sec.Entries {
				intro.Paras = append(intro.Paras, e.Label+": "+e.Text)
			}
		}
	}
	add(intro)

	// Voorbereiding: the snelcheck per chain role.
	prep := DocSection{Key: "voorbereiding", Empty: t("draaiboek.no_snelcheck"), Header: []string{t("report.col.role"), t("draaiboek.item"), t("draaiboek.deadline")}}
	lists, err := s.Testday.Checklists(ctx, hid)
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		for _, it := range l.Items {
			dl := "–"
			if !it.Deadline.IsZero() {
				dl = it.Deadline.String()
			}
			prep.Rows = append(prep.Rows, []string{string(l.ChainRole), it.Title, dl})
		}
	}
	if len(prep.Rows) > 0 {
		prep.Paras = []string{t("draaiboek.prep_intro")}
	}
	add(prep)

	loc := DocSection{Key: "locatie", Empty: t("report.text_empty")}
	if h.Location != "" {
		loc.Paras = []string{h.Location, t("draaiboek.date", d.Date.String())}
	}
	add(loc)

	prog := DocSection{Key: "dagplanning", Empty: t("draaiboek.no_programme"), Header: []string{t("draaiboek.time"), t("draaiboek.activity")}}
	for _, sl := range d.Slots {
		prog.Rows = append(prog.Rows, []string{sl.Start + "–" + sl.End, sl.Title})
	}
	add(prog)

	// Groepsindeling and test rounds from the rounds of this day.
	pairs, err := s.Testday.Pairs(ctx, hid)
	if err != nil {
		return nil, err
	}
	groups := DocSection{Key: "groepsindeling", Empty: t("draaiboek.not_arranged"), Header: []string{t("draaiboek.round"), t("rounds.table"), "PGO", "DVA", t("rounds.care_providers")}}
	for _, p := range pairs {
		if p.Round.Day != day {
			continue
		}
		table := "–"
		if p.Table > 0 {
			table = fmt.Sprint(p.Table)
		}
		groups.Rows = append(groups.Rows, []string{p.Round.Label, table, p.PGOName, p.DVAName, strings.Join(p.CareProviders, ", ")})
	}
	add(groups)

	// Handleiding bevindingen: from the finding configuration.
	logURL := fmt.Sprintf("%s/hackathons/%d/findings/new", strings.TrimSuffix(linkBase, "/"), hid)
	man := DocSection{Key: "bevindingen", Link: logURL, Paras: []string{t("draaiboek.log_intro", logURL), t("draaiboek.severities", strings.Join(finding.Severities, ", ")),
		t("draaiboek.chain_links", strings.Join(finding.ChainLinks, ", "))}}
	fs := finding.NewService(s.DB)
	for _, kind := range []string{finding.OptCategory, finding.OptTheme, finding.OptElement, finding.OptLabel} {
		opts, err := fs.Options(ctx, hid, kind)
		if err != nil {
			return nil, err
		}
		if len(opts) > 0 {
			man.Paras = append(man.Paras, t("draaiboek.opt."+kind, strings.Join(opts, ", ")))
		}
	}
	if q, err := qrcode.New(logURL, qrcode.Medium); err == nil {
		man.QR = q.Bitmap()
	}
	add(man)

	rounds, err := s.Testday.Rounds(ctx, hid)
	if err != nil {
		return nil, err
	}
	rs := DocSection{Key: "testrondes", Empty: t("draaiboek.no_rounds"), Header: []string{t("draaiboek.round"), t("draaiboek.time"), t("report.col.pairs")}}
	for _, rd := range rounds {
		if rd.Day != day {
			continue
		}
		n := 0
		for _, p := range pairs {
			if p.Round.ID == rd.ID {
				n++
			}
		}
		rs.Rows = append(rs.Rows, []string{rd.Label, rd.StartsAt.In(s.Zone).Format("15:04") + "–" + rd.EndsAt.In(s.Zone).Format("15:04"), fmt.Sprint(n)})
	}
	scen, err := s.Testday.CurrentScenarios(ctx, hid)
	if err != nil {
		return nil, err
	}
	var titles2 []string
	for _, sc := range scen {
		titles2 = append(titles2, sc.Title)
	}
	if len(titles2) > 0 {
		rs.Paras = []string{t("draaiboek.scenarios", strings.Join(titles2, "; "))}
	}
	add(rs)

	evURL := fmt.Sprintf("%s/hackathons/%d/evaluation", strings.TrimSuffix(linkBase, "/"), hid)
	evs := DocSection{Key: "evaluatie", Paras: []string{t("draaiboek.eval_intro")}}
	if list, err := s.Evaluation.List(ctx, hid); err == nil {
		for _, e := range list {
			if e.Day == day {
				evs.Paras = append(evs.Paras, t("draaiboek.eval_ready", evURL))
			}
		}
	}
	add(evs)
	return d, nil
}

// Doc is the draaiboek as a PDF document.
func (d *Draaiboek) Doc() pdf.Doc {
	t := func(k string, a ...any) string { return i18n.T(d.Lang, k, a...) }
	status := t("draaiboek.status."+d.Status) + fmt.Sprintf(" · %s", d.Date.String())
	if d.Version > 0 {
		status = t("draaiboek.version", d.Version) + " · " + status
	}
	doc := pdf.Doc{Title: t("draaiboek.title_day", d.Hackathon.Name, d.Day), Subtitle: status, ContentsLabel: t("report.contents"), PageLabel: t("report.page"), Created: d.PublishedAt}
	for _, sec := range d.Sections {
		doc.Blocks = append(doc.Blocks, pdf.Heading{Level: 1, Text: sec.Title})
		if len(sec.Paras) == 0 && len(sec.Rows) == 0 {
			doc.Blocks = append(doc.Blocks, pdf.Para{Text: sec.Empty, Muted: true})
		}
		for _, p := range sec.Paras {
			doc.Blocks = append(doc.Blocks, pdf.Para{Text: p})
		}
		if len(sec.Rows) > 0 {
			doc.Blocks = append(doc.Blocks, pdf.Table{Header: sec.Header, Rows: sec.Rows})
		} else if len(sec.Header) > 0 && len(sec.Paras) > 0 {
			doc.Blocks = append(doc.Blocks, pdf.Para{Text: sec.Empty, Muted: true})
		}
		if sec.QR != nil {
			doc.Blocks = append(doc.Blocks, pdf.QR{Bits: sec.QR, Size: 35})
		}
	}
	return doc
}

// PDF renders the draaiboek.
func (d *Draaiboek) PDF() ([]byte, error) { return pdf.Bytes(d.Doc()) }
