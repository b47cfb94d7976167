package testday

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/store"
)

// OutcomeLabel is how a result message names an outcome.
func OutcomeLabel(o Outcome, lang string) string {
	nl := map[Outcome]string{OutcomeGo: "geslaagd (go)", OutcomeNoGo: "niet geslaagd (no-go)", OutcomeEigenRisico: "niet geslaagd; je doet op eigen risico mee"}
	en := map[Outcome]string{OutcomeGo: "passed (go)", OutcomeNoGo: "not passed (no-go)", OutcomeEigenRisico: "not passed; you take part at your own risk"}
	if lang == "en" {
		return en[o]
	}
	return nl[o]
}

// NotifyResult is what sending results did.
type NotifyResult struct {
	Told      int            `json:"told"`     // participants that got their message now
	Messages  int            `json:"messages"` // messages queued
	Milestone *MilestoneMark `json:"milestone,omitempty"`
}

// ownPath is the participant's own snelcheck page, the {{link}} of the result.
const ownPath = "/hackathons/%d/snelcheck/mine"

// Notify sends each given participant (none: every decided participant
// not yet told its current outcome) its own result: the hackathon's
// "Uitslag snelcheck" template in each recipient's language with
// {{status}} and {{open_punten}}, to the organisation's contact persons
// (else everyone confirmed). When every participant has been told its
// current outcome, milestone 5B is done.
func (s *Service) Notify(ctx context.Context, hackathonID int64, orgIDs []int64, linkBase string, by int64) (NotifyResult, error) {
	var res NotifyResult
	if s.Outbox == nil {
		return res, errors.New("testday: no outbox to send with")
	}
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	want := map[int64]bool{}
	for _, id := range orgIDs {
		want[id] = true
		if ds[id] == nil {
			return res, apperr.Field("organisation_id", fmt.Sprintf("organisation %d has no go / no-go decision yet", id))
		}
	}
	templates, err := s.Comm.Templates(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	checks, err := s.AllChecks(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	open := map[int64][]Check{}
	for _, c := range checks {
		if c.Status != StatusVerified {
			open[c.OrgID] = append(open[c.OrgID], c)
		}
	}
	link := strings.TrimSuffix(linkBase, "/") + fmt.Sprintf(ownPath, hackathonID)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res.Told, res.Messages = 0, 0
		now := s.Now()
		for _, p := range parts {
			d := ds[p.OrgID]
			if d == nil || (len(orgIDs) > 0 && !want[p.OrgID]) || (len(orgIDs) == 0 && d.Told()) {
				continue
			}
			rcs, err := recipients(ctx, tx, hackathonID, p.OrgID)
			if err != nil {
				return err
			}
			if len(rcs) == 0 {
				return apperr.Field("organisation_id", p.Name+" has no confirmed registration to send the result to")
			}
			for _, rc := range rcs {
				t := resultTemplate(templates, rc.Language)
				fields := commplan.Fields(h, rc, t.Language, link)
				fields["status"] = OutcomeLabel(d.Outcome, t.Language)
				fields["open_punten"] = openItems(open[p.OrgID], t.Language)
				msg, err := commplan.Render(t, fields)
				if err != nil {
					return apperr.Field("template", "the Uitslag snelcheck template: "+err.Error())
				}
				if _, err := s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: hackathonID, To: rc.Email, Subject: msg.Subject, Body: msg.Text, HTML: msg.HTML}); err != nil {
					return err
				}
				res.Messages++
			}
			if _, err := tx.Exec(ctx, "INSERT INTO testday_notices (hackathon_id, organisation_id, outcome, recipients, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
				hackathonID, p.OrgID, d.Outcome, len(rcs), by, now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_decision",
				EntityID: strconv.FormatInt(p.OrgID, 10), Action: "told", To: fmt.Sprintf("%s (%d recipients)", d.Outcome, len(rcs))}); err != nil {
				return err
			}
			res.Told++
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	ds, err = s.Decisions(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	for _, p := range parts {
		if !ds[p.OrgID].Told() {
			return res, nil
		}
	}
	if len(parts) > 0 {
		if done, err := s.milestoneDone(ctx, hackathonID, "5A"); err != nil || !done {
			res.Milestone = &MilestoneMark{Milestone: "5B", Reason: "5A is not done yet"}
			return res, err
		}
		res.Milestone, err = s.markDone(ctx, hackathonID, "5B", by)
	}
	return res, err
}

func recipients(ctx context.Context, tx *store.Tx, hackathonID, orgID int64) ([]commplan.Recipient, error) {
	rows, err := tx.Query(ctx, `SELECT r.name, r.email, r.language, o.name, r.is_contact FROM registrations r JOIN organisations o ON o.id = r.organisation_id
		WHERE r.hackathon_id = ? AND r.organisation_id = ? AND r.status = 'confirmed' ORDER BY r.id`, hackathonID, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all, contacts []commplan.Recipient
	for rows.Next() {
		var rc commplan.Recipient
		var contact bool
		if err := rows.Scan(&rc.Name, &rc.Email, &rc.Language, &rc.Organisation, &contact); err != nil {
			return nil, err
		}
		all = append(all, rc)
		if contact {
			contacts = append(contacts, rc)
		}
	}
	if len(contacts) > 0 {
		return contacts, rows.Err()
	}
	return all, rows.Err()
}

// resultTemplate is the hackathon's "Uitslag snelcheck" template in lang
// (else in the other language), else the default.
func resultTemplate(all []commplan.Template, lang string) commplan.Template {
	var fallback *commplan.Template
	for i := range all {
		if all[i].Moment != commplan.MomentSnelcheckResult {
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
	d, _ := commplan.DefaultTemplate(commplan.MomentSnelcheckResult, lang)
	return commplan.Template{Moment: commplan.MomentSnelcheckResult, Language: lang, Subject: d.Subject, Body: d.Body, Format: commplan.FormatMarkdown}
}

func openItems(cs []Check, lang string) string {
	if len(cs) == 0 {
		if lang == "en" {
			return "- none"
		}
		return "- geen"
	}
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "- %s (%s)", c.Item.Title, statusLabel(c.Status, lang))
	}
	return b.String()
}

func statusLabel(s Status, lang string) string {
	nl := map[Status]string{StatusOpen: "open", StatusClaimed: "afgevinkt, nog niet geverifieerd", StatusVerified: "geverifieerd", StatusFailed: "niet gehaald"}
	en := map[Status]string{StatusOpen: "open", StatusClaimed: "ticked, not verified yet", StatusVerified: "verified", StatusFailed: "failed"}
	if lang == "en" {
		return en[s]
	}
	return nl[s]
}
