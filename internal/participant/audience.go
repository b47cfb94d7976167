package participant

import (
	"context"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// AudienceFields are the merge fields of a message to an audience.
var AudienceFields = []string{"name", "organisation", "hackathon", "location", "kickoff", "days"}

// Audience selects registrations by chain role and status (empty: all).
type Audience struct {
	Roles    []ChainRole
	Statuses []string
}

func (a Audience) matches(r Registration) bool {
	ok := len(a.Roles) == 0
	for _, x := range a.Roles {
		ok = ok || x == r.ChainRole
	}
	if !ok {
		return false
	}
	if len(a.Statuses) == 0 {
		return r.Status == StatusConfirmed || r.Status == StatusWaitlist
	}
	for _, s := range a.Statuses {
		if s == r.Status {
			return true
		}
	}
	return false
}

// SendToAudience queues one message per matching registration, merged
// with its fields, in one transaction; withInvite attaches the .ics.
// It returns the number of messages queued.
func (s *Service) SendToAudience(ctx context.Context, h *hackathon.Hackathon, a Audience, t comms.Template, withInvite bool, linkBase string, by int64) (int, error) {
	var inv apperr.Invalid
	if strings.TrimSpace(t.Subject) == "" || len(t.Subject) > 200 {
		inv.RequiredMax("subject", "200")
	}
	if strings.TrimSpace(t.Body) == "" {
		inv.Required("body")
	}
	probe := map[string]string{}
	for _, f := range AudienceFields {
		probe[f] = ""
	}
	if _, _, err := t.Merge(probe); err != nil {
		inv.Add("body", err.Error())
	}
	if err := inv.Err(); err != nil {
		return 0, err
	}
	regs, err := s.List(ctx, h.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range regs {
			if !a.matches(r) {
				continue
			}
			subject, body, err := t.Merge(mergeFields(h, r.Name, r.Organisation))
			if err != nil {
				return err
			}
			ics := ""
			if withInvite {
				ics = s.Invitation(h, linkBase, r.Email, r.Language)
			}
			if _, err := s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: h.ID, To: r.Email, Subject: subject, Body: body, ICS: ics}); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return apperr.FieldCode("audience", "audience_empty", "no registrations match this audience")
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: s.Now(), Entity: "message",
			EntityID: "audience", Action: "queued", To: strconv.Itoa(n) + " × " + t.Subject})
	})
	return n, err
}

// Matches reports whether a registration belongs to the audience.
func (a Audience) Matches(r Registration) bool { return a.matches(r) }
