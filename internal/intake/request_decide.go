package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Decision is the core team's answer to a request.
type Decision struct {
	Outcome  string // StatusAccepted, StatusDeclined or StatusAdvised
	Response string // the reason or advice; required unless accepted
	// For an accepted request: the new hackathon and its project lead.
	Code      string
	Name      string
	Variant   string
	LeadEmail string
}

// Validate checks the decision on its own (the lead is looked up by Decide).
func (d *Decision) Validate() error {
	var v apperr.Invalid
	switch d.Outcome {
	case StatusAccepted, StatusDeclined, StatusAdvised:
	default:
		v.AddCode("outcome", "intake_outcome", "choose accept, decline or advise otherwise")
	}
	checkText(&v, "response", &d.Response, MaxText, d.Outcome != StatusAccepted)
	if d.Outcome == StatusAccepted {
		checkText(&v, "lead", &d.LeadEmail, MaxLine, true)
	}
	return v.Err()
}

// Decide records the decision on request id by deciderID. Accepting creates
// the hackathon (with the chosen lead as its projectleider) and pre-fills
// its canvas from the request; the requester gets a Dutch message in the
// outbox. A request is decided once.
func (s *Service) Decide(ctx context.Context, id int64, d Decision, deciderID int64) (*Request, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Get(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusNew {
		return nil, &apperr.Conflict{Message: "this request has already been decided"}
	}
	var hid int64
	if d.Outcome == StatusAccepted {
		var leadID int64
		err := s.DB.QueryRow(ctx, "SELECT id FROM users WHERE LOWER(email) = LOWER(?) AND disabled = ?", d.LeadEmail, false).Scan(&leadID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.FieldCode("lead", "intake_lead", "no active user with this e-mail address")
		} else if err != nil {
			return nil, err
		}
		h, err := s.Hackathons.Create(ctx, hackathon.Input{Code: d.Code, Name: d.Name, Variant: d.Variant,
			Description: r.Goal, ClientOrg: r.Organisation}, leadID)
		if err != nil {
			return nil, err
		}
		hid = h.ID
		if err := s.Hackathons.SaveCanvas(ctx, hid, CanvasFrom(r), deciderID); err != nil {
			return nil, err
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE hackathon_requests SET status = ?, response = ?, hackathon_id = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status = ?`, d.Outcome, d.Response, store.NullID(hid), deciderID, s.Now(), id, StatusNew)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &apperr.Conflict{Message: "this request has already been decided"}
		}
		subject, body := Notice(r, d, hid)
		_, err = s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: hid, To: r.RequesterEmail, Subject: subject, Body: body})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, s.DB, id)
}

// CanvasFrom is the canvas a request pre-fills: reason, goal, why a
// hackathon, data service and period.
func CanvasFrom(r *Request) hackathon.Canvas {
	return hackathon.Canvas{
		"aanleiding_achtergrond": fmt.Sprintf("Aangevraagd door %s (contact: %s).", r.Organisation, r.Contact),
		"aanleiding_doel":        r.Goal,
		"aanleiding_middel":      r.Reason,
		"scope_gegevensdienst":   r.DataService,
		"scope_planning":         r.Period,
	}
}

// Notice is the Dutch message that tells the requester the decision.
func Notice(r *Request, d Decision, hackathonID int64) (subject, body string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nBedankt voor je aanvraag voor een hackathon voor %s (%s).\n\n", r.RequesterName, r.DataService, r.Organisation)
	switch d.Outcome {
	case StatusAccepted:
		subject = "Je aanvraag voor een hackathon is geaccepteerd"
		fmt.Fprintf(&b, "We hebben je aanvraag geaccepteerd. De hackathon %s (%s) is aangemaakt; de projectleider neemt contact met je op over het canvas en de planning.\n", d.Name, d.Code)
		if d.Response != "" {
			fmt.Fprintf(&b, "\nToelichting:\n%s\n", d.Response)
		}
	case StatusDeclined:
		subject = "Je aanvraag voor een hackathon is afgewezen"
		fmt.Fprintf(&b, "We hebben besloten je aanvraag niet te honoreren.\n\nReden:\n%s\n", d.Response)
	default:
		subject = "Advies over je aanvraag voor een hackathon"
		fmt.Fprintf(&b, "We denken dat een ander middel beter bij je doel past dan een hackathon.\n\nOns advies:\n%s\n", d.Response)
	}
	b.WriteString("\nMet vriendelijke groet,\nHet kernteam\n")
	return subject, b.String()
}
