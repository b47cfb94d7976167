package commplan

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// Recipients lists the registrations an audience selects, one per e-mail
// address; cancelled registrations are never included.
func (s *Service) Recipients(ctx context.Context, hackathonID int64, a Audience) ([]Recipient, error) {
	regs, err := s.Participants.List(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	var commitment map[int64]string
	if len(a.Commitments) > 0 {
		rels, err := s.Participants.Relations(ctx, hackathonID, date.Of(s.Now()))
		if err != nil {
			return nil, err
		}
		commitment = map[int64]string{}
		for _, r := range rels {
			commitment[r.OrganisationID] = r.Status
		}
	}
	pa := participant.Audience{Roles: a.Roles, Statuses: a.Statuses}
	seen := map[string]bool{}
	var out []Recipient
	for _, r := range regs {
		if r.Status == participant.StatusCancelled || !pa.Matches(r) {
			continue
		}
		if commitment != nil && !slices.Contains(a.Commitments, commitment[r.OrganisationID]) {
			continue
		}
		key := strings.ToLower(r.Email)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, Recipient{Name: r.Name, Email: r.Email, Organisation: r.Organisation, Language: r.Language})
	}
	return out, nil
}

// momentPages are the pages {{link}} points to by default after the
// registration phase: the snelcheck result refers to the test environment
// page, the logistics message (5C) to the draaiboek, the feedback message to
// the findings, the closing message (9E) to
// the final report.
var momentPages = map[string]string{
	"snelcheck_result": "/hackathons/%d/snelcheck/mine",
	"logistics":        "/hackathons/%d/draaiboek",
	"feedback":         "/hackathons/%d/findings",
	"closing":          "/hackathons/%d/report",
}

// linkFor is the {{link}} of a template: its own link, else the page of
// its moment, else the hackathon's public page.
func linkFor(t *Template, h *hackathon.Hackathon, linkBase string) string {
	if t.Link != "" {
		return t.Link
	}
	page, ok := momentPages[t.Moment]
	if !ok {
		page = "/register/%d"
	}
	return strings.TrimSuffix(linkBase, "/") + fmt.Sprintf(page, h.ID)
}

// Preview renders a template for the sample recipient. Unknown merge
// fields are an error naming them.
func (s *Service) Preview(h *hackathon.Hackathon, in TemplateInput, linkBase string) (Rendered, error) {
	if err := in.validate(); err != nil {
		return Rendered{}, err
	}
	t := &Template{Moment: in.Moment, Language: in.Language, Subject: in.Subject, Body: in.Body, Format: in.Format, Link: in.Link}
	rc := SampleRecipient
	fields := Fields(h, rc, t.Language, linkFor(t, h, linkBase))
	if t.Moment == MomentAccountInvitation {
		fields["link"] = strings.TrimSuffix(linkBase, "/") + participant.AccountInvitePath + "voorbeeld"
		fields["email"], fields["geldig_dagen"] = rc.Email, validDays()
	}
	for k, v := range momentSamples[t.Moment][t.Language] {
		fields[k] = v
	}
	return Render(*t, fields)
}

// SendResult says what a send did.
type SendResult struct {
	ItemID  int64 `json:"item_id"`
	Queued  int   `json:"queued"`  // new messages in the outbox
	Skipped int   `json:"skipped"` // recipients who already had this message
	// Milestone is set when the send reached every recipient of the
	// audience and so completed the moment's blueprint milestone.
	Milestone *MilestoneMark `json:"milestone,omitempty"`
}

// Send queues the planned message for every recipient of its audience who
// has not had it yet: one outbox message per recipient, merged with the
// recipient's fields (in the recipient's language when the moment has a
// template in it), with a sanitised HTML part. A second send of the same
// item only reaches recipients added since; nobody gets it twice.
func (s *Service) Send(ctx context.Context, hackathonID, itemID int64, linkBase string, by int64) (SendResult, error) {
	return s.send(ctx, hackathonID, itemID, linkBase, false, by)
}

// send is Send; skipVersion also skips recipients who already had the
// item's template in its current version through any other send.
func (s *Service) send(ctx context.Context, hackathonID, itemID int64, linkBase string, skipVersion bool, by int64) (SendResult, error) {
	res := SendResult{ItemID: itemID}
	it, err := s.Item(ctx, hackathonID, itemID)
	if err != nil {
		return res, err
	}
	switch {
	case it.Status == StatusGeannuleerd:
		return res, &apperr.Conflict{Message: "a cancelled message is not sent"}
	case it.Channel != blueprint.ChannelEmail:
		return res, &apperr.Conflict{Message: "only e-mail messages are sent through the outbox; mark messages on other channels as sent yourself"}
	case it.TemplateID == 0:
		return res, apperr.FieldCode("template_id", "template_required", "choose a template before sending")
	case it.Moment == MomentSnelcheckResult:
		return res, &apperr.Conflict{Message: "the snelcheck result is personal: send it per participant from the snelcheck page (/hackathons/{id}/snelcheck), which completes 5B once everyone has been told"}
	case it.Moment == MomentFeedback:
		return res, &apperr.Conflict{Message: "the feedback after a test day is personal: send it per organisation with the test day's feedback send (testday.Service.SendFeedback), which completes 6B"}
	}
	h, err := s.Hackathons.Get(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	all, err := s.Templates(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	var base *Template
	for i := range all {
		if all[i].ID == it.TemplateID {
			base = &all[i]
		}
	}
	if base == nil {
		return res, apperr.Field("template_id", "no such template in this hackathon")
	}
	if err := (comms.Template{Subject: base.Subject, Body: base.Body}).Validate(MomentMergeFields(base.Moment)); err != nil {
		return res, err
	}
	recipients, err := s.Recipients(ctx, hackathonID, it.Audience)
	if err != nil {
		return res, err
	}
	if len(recipients) == 0 {
		return res, apperr.FieldCode("audience", "audience_empty", "no registrations match this audience")
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res.Queued, res.Skipped = 0, 0
		now := s.Now()
		// Touching the item first serialises concurrent sends of it.
		if _, err := tx.Exec(ctx, "UPDATE comm_calendar SET updated_at = ? WHERE id = ?", now, itemID); err != nil {
			return err
		}
		done := map[string]bool{}
		rows, err := tx.Query(ctx, "SELECT recipient FROM comm_sends WHERE calendar_id = ?", itemID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				rows.Close()
				return err
			}
			done[r] = true
		}
		rows.Close()
		if skipVersion {
			had, err := sentVersion(ctx, tx, base)
			if err != nil {
				return err
			}
			for r := range had {
				done[r] = true
			}
		}
		for _, rc := range recipients {
			key := strings.ToLower(rc.Email)
			if done[key] {
				res.Skipped++
				continue
			}
			t := variant(all, base, rc.Language)
			msg, err := Render(*t, Fields(h, rc, t.Language, linkFor(t, h, linkBase)))
			if err != nil {
				return err
			}
			oid, err := s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: hackathonID, To: rc.Email, Subject: msg.Subject, Body: msg.Text, HTML: msg.HTML})
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO comm_sends (calendar_id, recipient, name, outbox_id, template_id, template_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				itemID, key, rc.Name, oid, base.ID, base.Version, now); err != nil {
				return err
			}
			res.Queued++
		}
		if res.Queued == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE comm_calendar SET status = ?, sent_at = COALESCE(sent_at, ?) WHERE id = ?", StatusVerzonden, now, itemID); err != nil {
			return err
		}
		if it.Status != StatusVerzonden {
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_item",
				EntityID: strconv.FormatInt(itemID, 10), Action: "status", From: it.Status, To: StatusVerzonden}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_item",
			EntityID: strconv.FormatInt(itemID, 10), Action: "sent", To: fmt.Sprintf("%d recipients (%d already had it)", res.Queued, res.Skipped)})
	})
	if err != nil {
		return res, err
	}
	// Every recipient of the audience now has the message in the durable
	// outbox (queued now or before), which delivers it: the milestone the
	// moment serves is done.
	if res.Queued+res.Skipped == len(recipients) {
		res.Milestone = s.markAfter(ctx, hackathonID, it.Milestone, by)
	}
	return res, nil
}

// SendTemplate sends a template straight to an audience: it adds an e-mail
// item for today to the calendar (so the send is recorded like any other)
// and sends it. It is idempotent per template version and recipient:
// whoever already had this version of the template (through any send) is
// skipped and counted in Skipped, unless resend asks to send it to them
// again. When everyone already had it, nothing is added to the calendar
// and ItemID is 0.
func (s *Service) SendTemplate(ctx context.Context, hackathonID, templateID int64, a Audience, resend bool, linkBase string, by int64) (SendResult, error) {
	t, err := s.Template(ctx, hackathonID, templateID)
	if err != nil {
		return SendResult{}, err
	}
	var inv apperr.Invalid
	a.validate(&inv)
	if err := inv.Err(); err != nil {
		return SendResult{}, err
	}
	rc, err := s.Recipients(ctx, hackathonID, a)
	if err != nil {
		return SendResult{}, err
	} else if len(rc) == 0 {
		return SendResult{}, apperr.FieldCode("audience", "audience_empty", "no registrations match this audience")
	}
	if !resend {
		had, err := sentVersion(ctx, s.DB, t)
		if err != nil {
			return SendResult{}, err
		}
		n := 0
		for _, r := range rc {
			if had[strings.ToLower(r.Email)] {
				n++
			}
		}
		if n == len(rc) {
			return SendResult{Skipped: n}, nil
		}
	}
	it, err := s.CreateItem(ctx, hackathonID, ItemInput{Moment: t.Moment, Title: t.Name, PlannedOn: date.Of(s.Now()), Channel: blueprint.ChannelEmail,
		Audience: a, Status: StatusGepland, TemplateID: t.ID}, by)
	if err != nil {
		return SendResult{}, err
	}
	return s.send(ctx, hackathonID, it.ID, linkBase, !resend, by)
}

// sentVersion lists the recipients (lower-case addresses) who had template
// t in its current version through any send.
func sentVersion(ctx context.Context, q store.Querier, t *Template) (map[string]bool, error) {
	rows, err := q.Query(ctx, "SELECT recipient FROM comm_sends WHERE template_id = ? AND template_version = ?", t.ID, t.Version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out[r] = true
	}
	return out, rows.Err()
}

// Delivery is one recipient of a planned message with the state of its
// outbox message.
type Delivery struct {
	Recipient string    `json:"recipient"`
	Name      string    `json:"name"`
	OutboxID  int64     `json:"outbox_id"`
	Status    string    `json:"status"` // queued, sent, failed
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	QueuedAt  time.Time `json:"queued_at"`
	SentAt    time.Time `json:"sent_at,omitzero"`
}

// Deliveries lists the recipients of a planned message with their status.
func (s *Service) Deliveries(ctx context.Context, hackathonID, itemID int64) ([]Delivery, error) {
	if _, err := s.Item(ctx, hackathonID, itemID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Query(ctx, `SELECT x.recipient, x.name, COALESCE(o.id, 0), COALESCE(o.status, 'failed'), COALESCE(o.attempts, 0), COALESCE(o.last_error, ''), x.created_at, o.sent_at
		FROM comm_sends x LEFT JOIN outbox o ON o.id = x.outbox_id WHERE x.calendar_id = ? ORDER BY x.recipient`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var sent sql.NullTime
		if err := rows.Scan(&d.Recipient, &d.Name, &d.OutboxID, &d.Status, &d.Attempts, &d.LastError, &d.QueuedAt, &sent); err != nil {
			return nil, err
		}
		d.SentAt = sent.Time
		out = append(out, d)
	}
	return out, rows.Err()
}
