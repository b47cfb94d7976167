package commplan

import (
	"context"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
)

// MemberMailer composes the mails of hackathon.Invite for h: a new account
// gets the hackathon's account invitation template with its one-time
// set-password link (the one registrations get), an existing account a
// short notice of the role in its language with a link to the hackathon.
func (s *Service) MemberMailer(ctx context.Context, h *hackathon.Hackathon, baseURL string) (func(hackathon.Invitee) (comms.Message, error), error) {
	invite, err := s.AccountInviter(ctx, h)
	if err != nil {
		return nil, err
	}
	url := fmt.Sprintf("%s/hackathons/%d", strings.TrimSuffix(baseURL, "/"), h.ID)
	return func(in hackathon.Invitee) (comms.Message, error) {
		if in.Link != "" {
			return invite(participant.Registration{Name: in.Name, Email: in.Email, Language: in.Language}, in.Link)
		}
		role := in.Role.Label().In(in.Language)
		msg := comms.Message{HackathonID: h.ID, To: in.Email}
		if in.Language == "en" {
			msg.Subject = "You have a role in " + h.Name
			msg.Body = fmt.Sprintf("Hello %s,\n\nYou now have the role %s in the hackathon %s on ketentest.\nLog in with your account to see it: %s\n", in.Name, role, h.Name, url)
		} else {
			msg.Subject = "Je hebt een rol in " + h.Name
			msg.Body = fmt.Sprintf("Hallo %s,\n\nJe hebt nu de rol %s in de hackathon %s op ketentest.\nLog in met je account om die te zien: %s\n", in.Name, role, h.Name, url)
		}
		return msg, nil
	}, nil
}
