// Package participant is the participants capability: organisations in the
// chain and the public registration of people for a hackathon, without an
// account — capacity per chain role, a waiting list, double opt-in by an
// e-mail link (the token is stored hashed), a cancellation link, a honeypot
// and rate limit against spam, consent with the privacy statement, and
// export and deletion of a person's data (AVG).
package participant

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// ChainRole is an organisation's role in the chain.
type ChainRole string

// The chain roles; registration capacity is set per role.
const (
	RolePGO             ChainRole = "pgo"             // PGO-leverancier / DVP
	RoleDVA             ChainRole = "dva"             // DVA
	RoleXIS             ChainRole = "xis"             // XIS-leverancier / bronsysteem
	RoleZorgaanbieder   ChainRole = "zorgaanbieder"   // zorgaanbieder
	RoleStandaardisatie ChainRole = "standaardisatie" // standaardisatie / kennisinstituut
	RoleOverig          ChainRole = "overig"
)

// ChainRoles lists the chain roles in display order.
func ChainRoles() []ChainRole {
	return []ChainRole{RolePGO, RoleDVA, RoleXIS, RoleZorgaanbieder, RoleStandaardisatie, RoleOverig}
}

// ParseChainRole checks a chain role.
func ParseChainRole(s string) (ChainRole, bool) {
	for _, r := range ChainRoles() {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Registration statuses.
const (
	StatusPending   = "pending"   // waiting for the e-mail confirmation (double opt-in)
	StatusConfirmed = "confirmed" // has a place
	StatusWaitlist  = "waitlist"  // confirmed the address, no place yet
	StatusCancelled = "cancelled"
)

// Service is the participants capability over the database.
type Service struct {
	DB     *store.DB
	Outbox *comms.Outbox
	Now    func() time.Time
	// RateLimit submissions per address per RateWindow on the public form.
	RateLimit  int
	RateWindow time.Duration
	// MailText, when set, composes the confirmation mail from the
	// hackathon's editable template (commplan.RegistrationMail).
	MailText MailText
}

// NewService returns a service on the wall clock that queues mail in outbox.
func NewService(db *store.DB, outbox *comms.Outbox) *Service {
	return &Service{DB: db, Outbox: outbox, Now: func() time.Time { return time.Now().UTC() }, RateLimit: 30, RateWindow: 10 * time.Minute}
}

// ErrNotFound is returned for an unknown registration or token.
var ErrNotFound = fmt.Errorf("registration %w", apperr.ErrNotFound)

// newToken returns a link secret and the hash that is stored of it. The
// secret is hex (192 bits) so that the link stays on one line in a
// quoted-printable mail body.
func newToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = hex.EncodeToString(b)
	return token, account.HashToken(token)
}

func hashToken(token string) string { return account.HashToken(token) }

// Events are the kick-off and the hackathon days as calendar events, with
// labels in both languages (a feed has no reader's language).
func Events(h *hackathon.Hackathon, baseURL string) []comms.Event {
	return eventsIn(h, baseURL, "")
}

// eventsIn are Events labelled in lang ("nl", "en", or "" for both).
func eventsIn(h *hackathon.Hackathon, baseURL, lang string) []comms.Event {
	day := func(i int) string {
		switch lang {
		case "nl":
			return fmt.Sprintf("dag %d", i)
		case "en":
			return fmt.Sprintf("day %d", i)
		}
		return fmt.Sprintf("dag %d / day %d", i, i)
	}
	var out []comms.Event
	url := ""
	if baseURL != "" {
		url = fmt.Sprintf("%s/register/%d", baseURL, h.ID)
	}
	if !h.Kickoff.IsZero() {
		out = append(out, comms.Event{UID: fmt.Sprintf("hackathon-%d-kickoff@ketentest", h.ID), Summary: h.Name + " – kick-off",
			Description: h.Description, Location: h.Location, Date: h.Kickoff, URL: url})
	}
	for i, d := range h.Days {
		out = append(out, comms.Event{UID: fmt.Sprintf("hackathon-%d-day-%d@ketentest", h.ID, i+1),
			Summary: h.Name + " – " + day(i+1), Description: h.Description, Location: h.Location, Date: d, URL: url})
	}
	return out
}

// Calendar is the .ics feed of a hackathon.
func Calendar(h *hackathon.Hackathon, baseURL, method string, now time.Time) string {
	return comms.Calendar(h.Name, method, Events(h, baseURL), now)
}

// Invitation is the .ics invitation (METHOD:REQUEST) of a hackathon for
// one person: organised by the sender of the mail, that person the
// attendee, labels in the person's language.
func (s *Service) Invitation(h *hackathon.Hackathon, baseURL, to, lang string) string {
	return comms.Invitation(h.Name, comms.Invite{Organizer: s.Outbox.From, OrganizerName: h.Name, Attendee: to},
		eventsIn(h, baseURL, i18nLang(lang)), s.Now())
}

func i18nLang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "nl"
}
