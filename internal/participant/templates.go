package participant

import (
	"context"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Moment is a point in the registration where a participant gets a message.
type Moment string

// The registration moments with a message.
const (
	MomentConfirmRequest Moment = "confirm_request" // double opt-in link
	MomentConfirmed      Moment = "confirmed"       // has a place; with .ics invitation
	MomentWaitlisted     Moment = "waitlisted"
	MomentCancelled      Moment = "cancelled"
)

// MailText composes a registration mail from the hackathon's own
// (editable) template, reading in the registration's transaction q; ok
// false keeps the built-in text. The composed mail carries the notice of a
// pending organisation link itself (PendingNotice). commplan.RegistrationMail provides it for
// the confirmation, waiting-list and cancellation mails.
type MailText func(ctx context.Context, q store.Querier, h *hackathon.Hackathon, r *Registration, m Moment, linkBase string) (msg comms.Message, ok bool, err error)

// MergeFields lists the merge fields the templates may use.
var MergeFields = []string{"name", "organisation", "hackathon", "location", "kickoff", "days", "confirm_link", "cancel_link"}

var templates = map[string]map[Moment]comms.Template{
	"nl": {
		MomentConfirmRequest: {Subject: "Bevestig je aanmelding voor {hackathon}",
			Body: "Beste {name},\n\nJe hebt je aangemeld voor {hackathon} namens {organisation}.\nBevestig je aanmelding via deze link:\n\n{confirm_link}\n\nAfmelden kan altijd via:\n{cancel_link}\n\nHeb je je niet aangemeld? Dan kun je dit bericht negeren.\n"},
		MomentConfirmed: {Subject: "Aanmelding bevestigd: {hackathon}",
			Body: "Beste {name},\n\nJe aanmelding voor {hackathon} is bevestigd; je hebt een plaats.\nKick-off: {kickoff}\nHackathondagen: {days}\nLocatie: {location}\n\nDe uitnodiging voor je agenda zit als bijlage bij dit bericht.\n"},
		MomentWaitlisted: {Subject: "Wachtlijst: {hackathon}",
			Body: "Beste {name},\n\nJe e-mailadres is bevestigd, maar de plaatsen voor jouw rol in de keten zijn vol.\nJe staat op de wachtlijst; komt er een plaats vrij, dan krijg je bericht.\n"},
		MomentCancelled: {Subject: "Afgemeld: {hackathon}",
			Body: "Beste {name},\n\nJe bent afgemeld voor {hackathon}.\n"},
	},
	"en": {
		MomentConfirmRequest: {Subject: "Confirm your registration for {hackathon}",
			Body: "Dear {name},\n\nYou registered for {hackathon} on behalf of {organisation}.\nPlease confirm your registration with this link:\n\n{confirm_link}\n\nYou can cancel at any time with:\n{cancel_link}\n\nDid not register? Then ignore this message.\n"},
		MomentConfirmed: {Subject: "Registration confirmed: {hackathon}",
			Body: "Dear {name},\n\nYour registration for {hackathon} is confirmed; you have a place.\nKick-off: {kickoff}\nHackathon days: {days}\nLocation: {location}\n\nThe calendar invitation is attached.\n"},
		MomentWaitlisted: {Subject: "Waiting list: {hackathon}",
			Body: "Dear {name},\n\nYour e-mail address is confirmed, but the places for your chain role are taken.\nYou are on the waiting list and will hear from us when a place frees up.\n"},
		MomentCancelled: {Subject: "Cancelled: {hackathon}",
			Body: "Dear {name},\n\nYour registration for {hackathon} is cancelled.\n"},
	},
}

// TemplateFor returns the message template of a moment in lang (Dutch by default).
func TemplateFor(m Moment, lang string) comms.Template {
	if t, ok := templates[lang][m]; ok {
		return t
	}
	return templates["nl"][m]
}
