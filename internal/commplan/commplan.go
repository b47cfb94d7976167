// Package commplan is the communication building block of a hackathon
// (annex 4, milestones 2A–2C, 2F, 3A, 5B, 5C, 6B, 6C, 9E, 9F): the
// communication plan as a structured document, the communication calendar
// of planned messages, message templates with merge fields for the
// blueprint's moments, sending a planned message to an audience through the
// durable outbox (one message per recipient, never twice), and news items
// exported as HTML and Markdown.
package commplan

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxText is the longest plan section, template body or news body.
const MaxText = 20000

// Service is the communication capability over the database.
type Service struct {
	DB           *store.DB
	Hackathons   *hackathon.Service
	Participants *participant.Service
	Outbox       *comms.Outbox
	Now          func() time.Time
}

// NewService returns a service on the wall clock that queues mail in outbox.
func NewService(db *store.DB, outbox *comms.Outbox) *Service {
	return &Service{DB: db, Hackathons: hackathon.NewService(db), Participants: NewParticipants(db, outbox),
		Outbox: outbox, Now: func() time.Time { return time.Now().UTC() }}
}

// NewParticipants is the participant service whose confirmation mail
// comes from the hackathon's editable template.
func NewParticipants(db *store.DB, outbox *comms.Outbox) *participant.Service {
	ps := participant.NewService(db, outbox)
	ps.MailText = RegistrationMail
	return ps
}

// PlanSection is one section of the communication plan with its answer.
type PlanSection struct {
	Key       string    `json:"key"`
	Title     string    `json:"title"`
	Value     string    `json:"value"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Plan returns the sections of annex 4 in order with the hackathon's answers.
func (s *Service) Plan(ctx context.Context, hackathonID int64, lang string) ([]PlanSection, error) {
	rows, err := s.DB.Query(ctx, "SELECT section_key, value, updated_at FROM comm_plan_sections WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type answer struct {
		v  string
		at time.Time
	}
	got := map[string]answer{}
	for rows.Next() {
		var k string
		var a answer
		if err := rows.Scan(&k, &a.v, &a.at); err != nil {
			return nil, err
		}
		got[k] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []PlanSection
	for _, sec := range blueprint.CommunicationPlanSections() {
		a := got[sec.Key]
		out = append(out, PlanSection{Key: sec.Key, Title: sec.Title.In(lang), Value: a.v, UpdatedAt: a.at})
	}
	return out, nil
}

func planSectionKnown(key string) bool {
	for _, sec := range blueprint.CommunicationPlanSections() {
		if sec.Key == key {
			return true
		}
	}
	return false
}

// SavePlan stores the given answers; sections not given stay as they are.
// Unknown sections and overlong answers refuse the whole save. Each changed
// section gets its own audit entry (entity "commplan", the section as action).
func (s *Service) SavePlan(ctx context.Context, hackathonID int64, answers map[string]string, by int64) error {
	var inv apperr.Invalid
	for k, v := range answers {
		if !planSectionKnown(k) {
			inv.Add(k, "not a section of the communication plan")
		} else if len(v) > MaxText {
			inv.Add(k, "at most 20,000 characters")
		}
	}
	if err := inv.Err(); err != nil {
		return err
	}
	if _, err := s.Hackathons.Get(ctx, hackathonID); err != nil {
		return err
	}
	old, err := s.Plan(ctx, hackathonID, "nl")
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		for _, sec := range old {
			v, ok := answers[sec.Key]
			v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
			if !ok || v == sec.Value {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO comm_plan_sections (hackathon_id, section_key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (hackathon_id, section_key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				hackathonID, sec.Key, v, store.NullID(by), now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "commplan",
				EntityID: strconv.FormatInt(hackathonID, 10), Action: sec.Key, From: excerpt(sec.Value), To: excerpt(v)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// PlanTrail is the plan's own audit trail, oldest first.
func (s *Service) PlanTrail(ctx context.Context, hackathonID int64) ([]audit.Entry, error) {
	return audit.For(ctx, s.DB, "commplan", strconv.FormatInt(hackathonID, 10))
}

// change is one field of an edit, before and after.
type change struct{ field, from, to string }

// recordChanges writes an audit entry (the field as its action, long texts
// shortened) for every field of an edit that changed; base names the
// entity, the hackathon, who and when.
func recordChanges(ctx context.Context, tx *store.Tx, base audit.Entry, changes []change) error {
	for _, c := range changes {
		if c.from == c.to {
			continue
		}
		e := base
		e.Action, e.From, e.To = c.field, excerpt(c.from), excerpt(c.to)
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// excerpt shortens a long text for the audit trail.
func excerpt(s string) string {
	const n = 300
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
