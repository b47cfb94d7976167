package web

import (
	"context"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
)

// memberInviting is what hackathon.Invite needs on the pages: the outbox,
// the hackathon's account invitation template and the set-password link
// under base (Server.linkBase).
func (s *Server) memberInviting(ctx context.Context, h *hackathon.Hackathon, base string) (hackathon.Inviting, error) {
	mail, err := s.App.Comms.MemberMailer(ctx, h, base)
	if err != nil {
		return hackathon.Inviting{}, err
	}
	return hackathon.Inviting{Accounts: s.Accounts, Outbox: s.App.Outbox, LinkPrefix: base + participant.AccountInvitePath, Mail: mail}, nil
}
