package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report/pdf"
	"github.com/ketentest/ketentest/internal/store"
)

// The kick-off deck's state is kept as "day 0" of the draaiboeks table:
// concept, shared (2D done) and held (3A done).
const (
	KickoffShared = "shared"
	KickoffHeld   = "held"
)

// Kickoff is the kick-off deck (2D, 3A): slides generated from the canvas,
// the phase timeline, the snelcheck per role and the test environment.
type Kickoff struct {
	Hackathon *hackathon.Hackathon
	Lang      string
	Status    string // concept, shared, held
	Slides    []DocSection
}

// BuildKickoff generates the deck; sandboxURL is the reference DVA's base.
func (s *Service) BuildKickoff(ctx context.Context, hid int64, lang, sandboxURL string) (*Kickoff, error) {
	h, err := s.Hackathons.Get(ctx, hid)
	if err != nil {
		return nil, err
	}
	k := &Kickoff{Hackathon: h, Lang: lang}
	if k.Status, _, _, err = s.draaiboekState(ctx, hid, 0); err != nil {
		return nil, err
	}
	t := func(key string, a ...any) string { return i18n.T(lang, key, a...) }
	canvas, err := s.Hackathons.Canvas(ctx, hid)
	if err != nil {
		return nil, err
	}
	note := hackathon.BuildStartNote(h, canvas, nil, lang)
	ctxSlide := DocSection{Key: "context", Title: t("kickoff.s.context"), Empty: t("report.text_empty")}
	if h.Description != "" {
		ctxSlide.Paras = append(ctxSlide.Paras, h.Description)
	}
	for _, sec := range note.Sections {
		if sec.Key == "reason" || sec.Key == "goal" || sec.Key == "scope" {
			for _, e := range sec.Entries {
				ctxSlide.Paras = append(ctxSlide.Paras, e.Label+": "+e.Text)
			}
		}
	}
	k.Slides = append(k.Slides, ctxSlide)

	course := DocSection{Key: "course", Title: t("kickoff.s.course"), Header: []string{t("kickoff.when"), t("kickoff.what")}}
	if !h.Kickoff.IsZero() {
		course.Rows = append(course.Rows, []string{h.Kickoff.String(), t("kickoff.kickoff")})
	}
	for i, d := range h.Days {
		course.Rows = append(course.Rows, []string{d.String(), t("kickoff.day", i+1, h.Location)})
	}
	for _, p := range blueprint.Phases() {
		course.Paras = append(course.Paras, fmt.Sprintf("%d. %s — %s", p.Number, p.Name.In(lang), p.Goal.In(lang)))
	}
	k.Slides = append(k.Slides, course)

	lists, err := s.Testday.Checklists(ctx, hid)
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		sl := DocSection{Key: "snelcheck-" + string(l.ChainRole), Title: t("kickoff.s.snelcheck", string(l.ChainRole)), Header: []string{t("draaiboek.item"), t("draaiboek.deadline")}}
		for _, it := range l.Items {
			dl := "–"
			if !it.Deadline.IsZero() {
				dl = it.Deadline.String()
			}
			sl.Rows = append(sl.Rows, []string{it.Title, dl})
		}
		if strings.TrimSpace(l.FAQ) != "" {
			sl.Paras = append(sl.Paras, l.FAQ)
		}
		k.Slides = append(k.Slides, sl)
	}
	if len(lists) == 0 {
		k.Slides = append(k.Slides, DocSection{Key: "snelcheck", Title: t("kickoff.s.snelcheck", ""), Empty: t("draaiboek.no_snelcheck")})
	}

	env := DocSection{Key: "environment", Title: t("kickoff.s.environment"), Empty: t("report.text_empty")}
	for _, d := range h.Services {
		env.Paras = append(env.Paras, fmt.Sprintf("%s %s (%s, FHIR %s)", d.ServiceID, d.Name, d.Standard, d.FHIRVersion))
		if sandboxURL != "" {
			env.Paras = append(env.Paras, t("kickoff.sandbox", strings.TrimSuffix(sandboxURL, "/")+"/"+d.ServiceID+"/fhir"))
		}
	}
	k.Slides = append(k.Slides, env)
	k.Slides = append(k.Slides, DocSection{Key: "next", Title: t("kickoff.s.next"), Paras: []string{t("kickoff.next")}})
	return k, nil
}

// Doc is the deck as PDF: one slide per page.
func (k *Kickoff) Doc() pdf.Doc {
	t := func(key string, a ...any) string { return i18n.T(k.Lang, key, a...) }
	d := pdf.Doc{Title: t("kickoff.title_of", k.Hackathon.Name), Subtitle: t("kickoff.status." + k.Status), ContentsLabel: t("report.contents"), PageLabel: t("report.page")}
	for i, sl := range k.Slides {
		if i > 0 {
			d.Blocks = append(d.Blocks, pdf.PageBreak{})
		}
		d.Blocks = append(d.Blocks, pdf.Heading{Level: 1, Text: sl.Title})
		if len(sl.Paras) == 0 && len(sl.Rows) == 0 {
			d.Blocks = append(d.Blocks, pdf.Para{Text: sl.Empty, Muted: true})
		}
		for _, p := range sl.Paras {
			d.Blocks = append(d.Blocks, pdf.Para{Text: p})
		}
		if len(sl.Rows) > 0 {
			d.Blocks = append(d.Blocks, pdf.Table{Header: sl.Header, Rows: sl.Rows})
		}
	}
	return d
}

// PDF renders the deck.
func (k *Kickoff) PDF() ([]byte, error) { return pdf.Bytes(k.Doc()) }

// AdvanceKickoff shares the deck (2D done) or records the kick-off as held
// after it was shared (3A done).
func (s *Service) AdvanceKickoff(ctx context.Context, hid int64, to string, by int64) error {
	cur, version, _, err := s.draaiboekState(ctx, hid, 0)
	if err != nil {
		return err
	}
	code := ""
	switch {
	case to == KickoffShared && cur == DraaiboekConcept:
		code = "2D"
	case to == KickoffHeld && cur == KickoffShared:
		code = "3A"
	default:
		return conflictf("the kick-off deck in status %q cannot go to %q", cur, to)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM draaiboeks WHERE hackathon_id = ? AND day = 0", hid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO draaiboeks (hackathon_id, day, status, version, published_at) VALUES (?, 0, ?, ?, ?)", hid, to, version+1, time.Now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hid, UserID: by, Entity: "kickoff", EntityID: fmt.Sprint(hid), Action: "status", From: cur, To: to})
	})
	if err != nil {
		return err
	}
	return s.markDone(ctx, hid, code, by)
}

func conflictf(format string, a ...any) error {
	return &apperr.Conflict{Message: fmt.Sprintf(format, a...)}
}
