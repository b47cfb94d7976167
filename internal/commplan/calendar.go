package commplan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// Statuses of a planned message.
const (
	StatusConcept     = "concept"
	StatusGepland     = "gepland"
	StatusVerzonden   = "verzonden"
	StatusGeannuleerd = "geannuleerd"
)

// Statuses lists the statuses of a planned message in order.
var Statuses = []string{StatusConcept, StatusGepland, StatusVerzonden, StatusGeannuleerd}

// AudienceStatuses are the registration statuses an audience may select;
// cancelled registrations never receive messages.
var AudienceStatuses = []string{participant.StatusConfirmed, participant.StatusWaitlist, participant.StatusPending}

// Audience selects recipients among the registrations: by the chain role of
// their organisation, their registration status (empty: confirmed and
// waiting list) and their organisation's commitment (empty: any).
type Audience struct {
	Roles       []participant.ChainRole `json:"roles"`
	Statuses    []string                `json:"statuses"`
	Commitments []string                `json:"commitments"`
}

func (a *Audience) validate(inv *apperr.Invalid) {
	for _, r := range a.Roles {
		if _, ok := participant.ParseChainRole(string(r)); !ok {
			inv.Add("audience.roles", fmt.Sprintf("unknown chain role %q", r))
		}
	}
	for _, st := range a.Statuses {
		if !slices.Contains(AudienceStatuses, st) {
			inv.Add("audience.statuses", fmt.Sprintf("unknown registration status %q (one of %s)", st, strings.Join(AudienceStatuses, ", ")))
		}
	}
	for _, c := range a.Commitments {
		if !slices.Contains(participant.Commitments, c) {
			inv.Add("audience.commitments", fmt.Sprintf("unknown commitment status %q", c))
		}
	}
	if a.Roles == nil {
		a.Roles = []participant.ChainRole{}
	}
	if a.Statuses == nil {
		a.Statuses = []string{}
	}
	if a.Commitments == nil {
		a.Commitments = []string{}
	}
}

// Item is a planned message in the communication calendar.
type Item struct {
	ID           int64     `json:"id"`
	HackathonID  int64     `json:"hackathon_id"`
	Moment       string    `json:"moment"`
	Milestone    string    `json:"milestone"`
	Title        string    `json:"title"`
	PlannedOn    date.Date `json:"planned_on"`
	Channel      string    `json:"channel"`
	Audience     Audience  `json:"audience"`
	OwnerID      int64     `json:"owner_id"`
	OwnerName    string    `json:"owner_name"`
	Status       string    `json:"status"`
	TemplateID   int64     `json:"template_id"`
	TemplateName string    `json:"template_name"`
	Note         string    `json:"note"`
	AutoDated    bool      `json:"auto_dated"` // proposed from the blueprint; follows the hackathon's dates until its date is edited
	SentAt       time.Time `json:"sent_at,omitzero"`
	Overdue      bool      `json:"overdue"`
	Sends        int       `json:"sends"`
	// MilestoneMarked is set by UpdateItem when marking the message as sent
	// completed the moment's blueprint milestone.
	MilestoneMarked *MilestoneMark `json:"milestone_marked,omitempty"`
}

// IsOverdue: a message still in concept or planned whose date has passed.
func (it *Item) IsOverdue(today date.Date) bool {
	return (it.Status == StatusConcept || it.Status == StatusGepland) && it.PlannedOn.Before(today)
}

// Sendable: an e-mail item that is not cancelled and has a template.
func (it *Item) Sendable() bool {
	return it.Channel == blueprint.ChannelEmail && it.Status != StatusGeannuleerd && it.TemplateID != 0
}

// ItemInput creates or changes a planned message.
type ItemInput struct {
	Moment     string    `json:"moment"`
	Title      string    `json:"title"`
	PlannedOn  date.Date `json:"planned_on"`
	Channel    string    `json:"channel"`
	Audience   Audience  `json:"audience"`
	OwnerID    int64     `json:"owner_id"`
	Status     string    `json:"status"`
	TemplateID int64     `json:"template_id"`
	Note       string    `json:"note"`
}

// ErrItemNotFound is returned for an unknown calendar item.
var ErrItemNotFound = fmt.Errorf("calendar item %w", apperr.ErrNotFound)

func (s *Service) validateItem(ctx context.Context, hackathonID int64, in *ItemInput) error {
	var inv apperr.Invalid
	in.Title = strings.TrimSpace(in.Title)
	in.Note = strings.TrimSpace(in.Note)
	if in.Status == "" {
		in.Status = StatusConcept
	}
	if in.Title == "" || len(in.Title) > 200 {
		inv.Add("title", "required, at most 200 characters")
	}
	if in.PlannedOn.IsZero() {
		inv.Add("planned_on", "required (YYYY-MM-DD)")
	}
	if !slices.Contains(blueprint.CommChannels(), in.Channel) {
		inv.Add("channel", "one of "+strings.Join(blueprint.CommChannels(), ", "))
	}
	if !slices.Contains(Statuses, in.Status) {
		inv.Add("status", "one of "+strings.Join(Statuses, ", "))
	}
	if m, ok := blueprint.CommMomentByKey(in.Moment); in.Moment != "" && !ok {
		inv.Add("moment", "not a communication moment of the blueprint")
	} else if m.System {
		inv.Add("moment", "this message is sent by its own action, not from the calendar")
	}
	if len(in.Note) > MaxText {
		inv.Add("note", "at most 20,000 characters")
	}
	in.Audience.validate(&inv)
	if in.OwnerID != 0 {
		member, err := s.Hackathons.IsMember(ctx, hackathonID, in.OwnerID)
		if err != nil {
			return err
		}
		if !member {
			inv.Add("owner_id", "the owner must be a member of the hackathon")
		}
	}
	if in.TemplateID != 0 {
		t, err := s.Template(ctx, hackathonID, in.TemplateID)
		if errors.Is(err, apperr.ErrNotFound) {
			inv.Add("template_id", "no such template in this hackathon")
		} else if err != nil {
			return err
		} else if m, ok := blueprint.CommMomentByKey(t.Moment); ok && m.System {
			inv.Add("template_id", "this template is sent by its own action, not from the calendar")
		}
	}
	return inv.Err()
}

const itemSelect = `SELECT c.id, c.hackathon_id, c.moment, c.title, c.planned_on, c.channel, c.audience_roles, c.audience_statuses, c.audience_commitments,
	COALESCE(c.owner_id, 0), COALESCE(u.name, ''), c.status, COALESCE(c.template_id, 0), COALESCE(t.name, ''), c.note, c.auto_dated, c.sent_at,
	(SELECT COUNT(*) FROM comm_sends x WHERE x.calendar_id = c.id)
	FROM comm_calendar c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN comm_templates t ON t.id = c.template_id`

func (s *Service) scanItem(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	var roles, statuses, commitments string
	var sent sql.NullTime
	err := row.Scan(&it.ID, &it.HackathonID, &it.Moment, &it.Title, &it.PlannedOn, &it.Channel, &roles, &statuses, &commitments,
		&it.OwnerID, &it.OwnerName, &it.Status, &it.TemplateID, &it.TemplateName, &it.Note, &it.AutoDated, &sent, &it.Sends)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrItemNotFound
	}
	if err != nil {
		return nil, err
	}
	it.SentAt = sent.Time
	for _, r := range splitList(roles) {
		it.Audience.Roles = append(it.Audience.Roles, participant.ChainRole(r))
	}
	it.Audience.Statuses, it.Audience.Commitments = splitList(statuses), splitList(commitments)
	it.Audience.validate(&apperr.Invalid{}) // only fills empty lists
	if m, ok := blueprint.CommMomentByKey(it.Moment); ok {
		it.Milestone = m.Milestone
	}
	it.Overdue = it.IsOverdue(date.Of(s.Now()))
	return &it, nil
}

// Calendar lists a hackathon's planned messages by date.
func (s *Service) Calendar(ctx context.Context, hackathonID int64) ([]Item, error) {
	return store.Collect(ctx, s.DB, s.scanItem, itemSelect+" WHERE c.hackathon_id = ? ORDER BY c.planned_on, c.id", hackathonID)
}

// Item loads one planned message.
func (s *Service) Item(ctx context.Context, hackathonID, id int64) (*Item, error) {
	return s.scanItem(s.DB.QueryRow(ctx, itemSelect+" WHERE c.hackathon_id = ? AND c.id = ?", hackathonID, id))
}

func joinRoles(rs []participant.ChainRole) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return strings.Join(out, ",")
}

// CreateItem adds a planned message.
func (s *Service) CreateItem(ctx context.Context, hackathonID int64, in ItemInput, by int64) (*Item, error) {
	if _, err := s.Hackathons.Get(ctx, hackathonID); err != nil {
		return nil, err
	}
	if err := s.validateItem(ctx, hackathonID, &in); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.insertItem(ctx, tx, hackathonID, in, false, by)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, hackathonID, id)
}

func (s *Service) insertItem(ctx context.Context, tx *store.Tx, hackathonID int64, in ItemInput, autoDated bool, by int64) (int64, error) {
	now := s.Now()
	id, err := tx.Insert(ctx, `INSERT INTO comm_calendar (hackathon_id, moment, title, planned_on, channel, audience_roles, audience_statuses, audience_commitments,
		owner_id, status, template_id, note, auto_dated, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		hackathonID, in.Moment, in.Title, in.PlannedOn, in.Channel, joinRoles(in.Audience.Roles), strings.Join(in.Audience.Statuses, ","),
		strings.Join(in.Audience.Commitments, ","), store.NullID(in.OwnerID), in.Status, store.NullID(in.TemplateID), in.Note, autoDated, now, now)
	if err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_item",
		EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.PlannedOn.String() + " " + in.Title})
}

// UpdateItem changes a planned message; every changed field is audited.
func (s *Service) UpdateItem(ctx context.Context, hackathonID, id int64, in ItemInput, by int64) (*Item, error) {
	old, err := s.Item(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if err := s.validateItem(ctx, hackathonID, &in); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		autoDated := old.AutoDated && old.PlannedOn.String() == in.PlannedOn.String() && old.Moment == in.Moment
		if _, err := tx.Exec(ctx, `UPDATE comm_calendar SET moment = ?, title = ?, planned_on = ?, channel = ?, audience_roles = ?, audience_statuses = ?,
			audience_commitments = ?, owner_id = ?, status = ?, template_id = ?, note = ?, auto_dated = ?, updated_at = ? WHERE id = ? AND hackathon_id = ?`,
			in.Moment, in.Title, in.PlannedOn, in.Channel, joinRoles(in.Audience.Roles), strings.Join(in.Audience.Statuses, ","),
			strings.Join(in.Audience.Commitments, ","), store.NullID(in.OwnerID), in.Status, store.NullID(in.TemplateID), in.Note, autoDated, now, id, hackathonID); err != nil {
			return err
		}
		return recordChanges(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_item", EntityID: strconv.FormatInt(id, 10)}, []change{
			{"moment", old.Moment, in.Moment}, {"title", old.Title, in.Title}, {"planned_on", old.PlannedOn.String(), in.PlannedOn.String()},
			{"channel", old.Channel, in.Channel}, {"status", old.Status, in.Status}, {"note", old.Note, in.Note},
			{"owner", strconv.FormatInt(old.OwnerID, 10), strconv.FormatInt(in.OwnerID, 10)},
			{"template", strconv.FormatInt(old.TemplateID, 10), strconv.FormatInt(in.TemplateID, 10)},
			{"audience", audienceString(old.Audience), audienceString(in.Audience)},
		})
	})
	if err != nil {
		return nil, err
	}
	it, err := s.Item(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	// A message on another channel is marked as sent by hand; that
	// completes its milestone (e-mail is marked by Send).
	if old.Status != StatusVerzonden && it.Status == StatusVerzonden && it.Channel != blueprint.ChannelEmail {
		it.MilestoneMarked = s.markAfter(ctx, hackathonID, it.Milestone, by)
	}
	return it, nil
}

func audienceString(a Audience) string {
	return "roles=" + joinRoles(a.Roles) + "; statuses=" + strings.Join(a.Statuses, ",") + "; commitments=" + strings.Join(a.Commitments, ",")
}

// ItemTrail is a planned message's audit trail, oldest first.
func (s *Service) ItemTrail(ctx context.Context, id int64) ([]audit.Entry, error) {
	return audit.For(ctx, s.DB, "comm_item", strconv.FormatInt(id, 10))
}

// Proposals is the outcome of ProposeCalendar.
type Proposals struct {
	Added   int      `json:"added"`
	Redated int      `json:"redated"` // proposed concepts moved to follow changed hackathon dates
	Skipped []string `json:"skipped"` // moments whose reference date is not planned yet
}

// ProposeCalendar adds, for every blueprint moment that is not in the
// calendar yet, a concept item dated relative to the hackathon's dates,
// owned by the member in the milestone's responsible role, with the
// moment's default template (added when missing). Moments whose reference
// date (kick-off, day 1) is not planned are skipped and reported. Proposed
// items still in concept, unsent and with the date as proposed, move along
// when the hackathon's dates have changed.
//
// The proposed titles are in the language of the proposing user's account.
func (s *Service) ProposeCalendar(ctx context.Context, hackathonID int64, by int64) (Proposals, error) {
	var lang string
	if err := s.DB.QueryRow(ctx, "SELECT language FROM users WHERE id = ?", by).Scan(&lang); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Proposals{}, err
	}
	return s.ProposeCalendarIn(ctx, hackathonID, lang, by)
}

// ProposeCalendarIn is ProposeCalendar with the titles of the proposed
// items in lang ("en", else Dutch), e.g. the language of the page the
// proposal was made on.
func (s *Service) ProposeCalendarIn(ctx context.Context, hackathonID int64, lang string, by int64) (Proposals, error) {
	h, err := s.Hackathons.Get(ctx, hackathonID)
	if err != nil {
		return Proposals{}, err
	}
	members, err := s.Hackathons.Members(ctx, hackathonID)
	if err != nil {
		return Proposals{}, err
	}
	existing, err := s.Calendar(ctx, hackathonID)
	if err != nil {
		return Proposals{}, err
	}
	have := map[string]bool{}
	for _, it := range existing {
		have[it.Moment] = true
	}
	res := Proposals{Skipped: []string{}}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res.Added, res.Redated = 0, 0
		res.Skipped = res.Skipped[:0]
		for _, it := range existing {
			m, ok := blueprint.CommMomentByKey(it.Moment)
			if !ok || !it.AutoDated || it.Status != StatusConcept || it.Sends > 0 {
				continue
			}
			on := date.Of(m.Proposed(h.Kickoff.Time(), h.FirstDay().Time(), h.LastDay().Time()))
			if on.IsZero() || on.String() == it.PlannedOn.String() {
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE comm_calendar SET planned_on = ?, updated_at = ? WHERE id = ?", on, s.Now(), it.ID); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "comm_item",
				EntityID: strconv.FormatInt(it.ID, 10), Action: "planned_on", From: it.PlannedOn.String(), To: on.String()}); err != nil {
				return err
			}
			res.Redated++
		}
		for _, m := range blueprint.CommMoments() {
			if m.System { // sent by its own action: only its editable templates
				var added int
				for _, lang := range []string{"nl", "en"} {
					if _, err := s.ensureDefault(ctx, tx, hackathonID, m, lang, by, &added); err != nil {
						return err
					}
				}
				continue
			}
			if have[m.Key] {
				continue
			}
			on := m.Proposed(h.Kickoff.Time(), h.FirstDay().Time(), h.LastDay().Time())
			if on.IsZero() {
				res.Skipped = append(res.Skipped, m.Key)
				continue
			}
			in := ItemInput{Moment: m.Key, Title: m.Title.In(lang), PlannedOn: date.Of(on), Channel: m.Channel, Status: StatusConcept,
				Audience: Audience{Roles: []participant.ChainRole{}, Statuses: []string{participant.StatusConfirmed}, Commitments: []string{}}}
			if ms, ok := blueprint.MilestoneByID(m.Milestone); ok {
				for _, mb := range members {
					if mb.Role == ms.Responsible {
						in.OwnerID = mb.UserID
						break
					}
				}
			}
			if !m.News {
				var added int
				if in.TemplateID, err = s.ensureDefault(ctx, tx, hackathonID, m, "nl", by, &added); err != nil {
					return err
				}
				if _, err = s.ensureDefault(ctx, tx, hackathonID, m, "en", by, &added); err != nil {
					return err
				}
			}
			if _, err := s.insertItem(ctx, tx, hackathonID, in, true, by); err != nil {
				return err
			}
			res.Added++
		}
		return nil
	})
	return res, err
}

// DeleteItem removes a planned message that nobody received yet; once sent
// it stays in the calendar (cancel it instead).
func (s *Service) DeleteItem(ctx context.Context, hackathonID, id int64, by int64) error {
	it, err := s.Item(ctx, hackathonID, id)
	if err != nil {
		return err
	}
	if it.Sends > 0 {
		return &apperr.Conflict{Message: "this message was sent to recipients and stays in the calendar; set its status to geannuleerd instead"}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM comm_calendar WHERE id = ? AND hackathon_id = ?", id, hackathonID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "comm_item",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted", From: it.PlannedOn.String() + " " + it.Title})
	})
}
