package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// hasSetPasswordSecret reports whether msg holds a set-password link whose
// token the outbox keeps apart (or erased once sent): its stored body has
// the link's path followed by a placeholder such as "[secret-1]".
func hasSetPasswordSecret(msg *comms.Message) bool {
	return strings.Contains(msg.Body, participant.AccountInvitePath+"[secret-")
}

// outboxSetPasswordLink issues a fresh set-password link for the account
// of the recipient of a message that carried one, and shows it once on the
// answer, for an organiser who hands it over when no mail reaches the
// person (no SMTP). It is authorised like the resend (authz.CommsManage),
// the token goes through account.NewSetPasswordLinkFor (earlier unused
// links of the account stop working, the issue is audited without the
// token) and is neither stored in the outbox nor logged: the path holds no
// secret, and the page is not cached. An account that has set its password
// gets no link; the page says so.
func (p *participantPages) outboxSetPasswordLink(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	rq := httpx.From(r)
	msg, err := p.hackathonMessage(r)
	if err == nil && !hasSetPasswordSecret(msg) {
		err = fmt.Errorf("set-password link in message %w", apperr.ErrNotFound)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = msg.Subject
	v.D["Message"] = msg
	w.Header().Set("Cache-Control", "no-store")
	link, err := p.Accounts.NewSetPasswordLinkFor(r.Context(), msg.To, rq.HackathonID, rq.UserID(), "outbox "+strconv.FormatInt(msg.ID, 10))
	switch {
	case errors.Is(err, account.ErrPasswordAlreadySet):
		v.D["PasswordSet"] = true
		p.render(w, http.StatusConflict, "outbox_setpw_link", v)
		return
	case err != nil:
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	who := link.User.Name
	if who == "" {
		who = link.User.Email
	} else {
		who += " (" + link.User.Email + ")"
	}
	v.D["Link"] = p.linkBase(r) + participant.AccountInvitePath + link.Token
	v.D["Who"] = who
	v.D["Expires"] = link.Expires
	p.render(w, http.StatusOK, "outbox_setpw_link", v)
}
