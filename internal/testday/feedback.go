package testday

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/store"
)

// FeedbackResult is what sending the feedback of a day (6B) did.
type FeedbackResult struct {
	Told      int            `json:"told"`     // organisations that got their feedback
	Messages  int            `json:"messages"` // messages queued
	Milestone *MilestoneMark `json:"milestone,omitempty"`
}

// dayFinding is one finding as the feedback lists it.
type dayFinding struct {
	number           int
	title            string
	status, severity string
	created          time.Time
}

// openFindingStatuses are the statuses of a finding its actor must still
// follow up.
var openFindingStatuses = map[string]bool{"nieuw": true, "in_triage": true, "toegewezen": true, "in_analyse": true}

// SendFeedback sends every participating organisation its own feedback on
// test day `day` (1-based): the hackathon's feedback template (moment
// "feedback", 6B) in each recipient's language, with {{dag}}, the
// organisation's findings of that day ({{bevindingen}}), its results of
// that day ({{resultaten}}) and its open actions ({{acties}}), to the
// organisation's contact persons (else everyone confirmed). When every
// participant has been sent its feedback, milestone 6B is done.
func (s *Service) SendFeedback(ctx context.Context, hackathonID int64, day int, linkBase string, by int64) (FeedbackResult, error) {
	var res FeedbackResult
	if s.Outbox == nil {
		return res, errors.New("testday: no outbox to send with")
	}
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	if day < 1 || day > len(h.Days) {
		return res, apperr.Field("day", "not a day of this hackathon")
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	if len(parts) == 0 {
		return res, apperr.Field("organisation_id", "no participants to send feedback to")
	}
	templates, err := s.Comm.Templates(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	results, err := s.Results(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	zone := s.Zone
	if zone == nil {
		zone = time.UTC
	}
	dd := h.Days[day-1].Time()
	from := time.Date(dd.Year(), dd.Month(), dd.Day(), 0, 0, 0, 0, zone)
	to := from.AddDate(0, 0, 1)
	link := strings.TrimSuffix(linkBase, "/") + fmt.Sprintf("/hackathons/%d/findings", hackathonID)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res.Told, res.Messages = 0, 0
		now := s.Now()
		for _, p := range parts {
			fs, err := orgFindings(ctx, tx, hackathonID, p.OrgID)
			if err != nil {
				return err
			}
			var ofDay, open []dayFinding
			for _, f := range fs {
				if !f.created.Before(from) && f.created.Before(to) {
					ofDay = append(ofDay, f)
				}
				if openFindingStatuses[f.status] {
					open = append(open, f)
				}
			}
			var passed, failed, other int
			for _, r := range results {
				if r.Day != day || (r.PGO != p.OrgID && r.DVA != p.OrgID) {
					continue
				}
				switch r.Outcome {
				case ResultPassed:
					passed++
				case ResultFailed:
					failed++
				default:
					other++
				}
			}
			rcs, err := recipients(ctx, tx, hackathonID, p.OrgID)
			if err != nil {
				return err
			}
			if len(rcs) == 0 {
				return apperr.Field("organisation_id", p.Name+" has no confirmed registration to send the feedback to")
			}
			for _, rc := range rcs {
				t := feedbackTemplate(templates, rc.Language)
				fields := commplan.Fields(h, rc, t.Language, link)
				for k, v := range feedbackFields(t.Language, day, ofDay, open, passed, failed, other) {
					fields[k] = v
				}
				msg, err := commplan.Render(t, fields)
				if err != nil {
					return apperr.Field("template", "the feedback template: "+err.Error())
				}
				if _, err := s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: hackathonID, To: rc.Email, Subject: msg.Subject, Body: msg.Text, HTML: msg.HTML}); err != nil {
					return err
				}
				res.Messages++
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "feedback",
				EntityID: strconv.FormatInt(p.OrgID, 10), Action: "sent", To: fmt.Sprintf("day %d (%d recipients)", day, len(rcs))}); err != nil {
				return err
			}
			res.Told++
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Milestone, err = s.markDone(ctx, hackathonID, "6B", by)
	return res, err
}

func orgFindings(ctx context.Context, tx *store.Tx, hackathonID, orgID int64) ([]dayFinding, error) {
	rows, err := tx.Query(ctx, `SELECT number, title, status, severity, created_at FROM findings
		WHERE hackathon_id = ? AND actor_org_id = ? AND status <> 'duplicaat' ORDER BY number`, hackathonID, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dayFinding
	for rows.Next() {
		var f dayFinding
		if err := rows.Scan(&f.number, &f.title, &f.status, &f.severity, &f.created); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// feedbackFields are the 6B merge values of one organisation in lang.
func feedbackFields(lang string, day int, ofDay, open []dayFinding, passed, failed, other int) map[string]string {
	en := lang == "en"
	none := "- geen"
	if en {
		none = "- none"
	}
	list := func(fs []dayFinding) string {
		if len(fs) == 0 {
			return none
		}
		var lines []string
		for _, f := range fs {
			lines = append(lines, fmt.Sprintf("- #%d %s (%s, %s)", f.number, f.title, f.status, f.severity))
		}
		return strings.Join(lines, "\n")
	}
	count := func(fs []dayFinding, key func(dayFinding) string) string {
		n := map[string]int{}
		var order []string
		for _, f := range fs {
			k := key(f)
			if n[k] == 0 {
				order = append(order, k)
			}
			n[k]++
		}
		var parts []string
		for _, k := range order {
			parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
		}
		return strings.Join(parts, ", ")
	}
	findings := fmt.Sprintf("%d bevinding%s", len(ofDay), map[bool]string{true: "", false: "en"}[len(ofDay) == 1])
	results := fmt.Sprintf("%d stappen geslaagd, %d gefaald, %d overig", passed, failed, other)
	if en {
		findings = fmt.Sprintf("%d finding%s", len(ofDay), map[bool]string{true: "", false: "s"}[len(ofDay) == 1])
		results = fmt.Sprintf("%d steps passed, %d failed, %d other", passed, failed, other)
	}
	if len(ofDay) > 0 {
		findings += fmt.Sprintf(" (status: %s; ernst: %s)", count(ofDay, func(f dayFinding) string { return f.status }), count(ofDay, func(f dayFinding) string { return f.severity }))
		if en {
			findings = strings.Replace(findings, "ernst:", "severity:", 1)
		}
	}
	findings += "\n\n" + list(ofDay)
	return map[string]string{"dag": strconv.Itoa(day), "bevindingen": findings, "resultaten": results, "acties": list(open)}
}

// feedbackTemplate is the hackathon's feedback template in lang (else in
// the other language), else the default.
func feedbackTemplate(all []commplan.Template, lang string) commplan.Template {
	var fallback *commplan.Template
	for i := range all {
		if all[i].Moment != commplan.MomentFeedback {
			continue
		}
		if all[i].Language == lang {
			return all[i]
		}
		if fallback == nil {
			fallback = &all[i]
		}
	}
	if fallback != nil {
		return *fallback
	}
	if lang != "en" {
		lang = "nl"
	}
	d, _ := commplan.DefaultTemplate(commplan.MomentFeedback, lang)
	return commplan.Template{Moment: commplan.MomentFeedback, Language: lang, Subject: d.Subject, Body: d.Body, Format: commplan.FormatMarkdown}
}
