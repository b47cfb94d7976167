package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/markdown"
)

// outboxMessage shows one message of the hackathon as its recipient gets
// it: the text part, the HTML part (sanitised again before it is shown)
// and every link it holds, so without SMTP an organiser can still pass on
// a confirmation or set-password link. Who may read messages is who
// manages communication (authz.CommsManage: communication expert, project
// lead, administrators); vendors and other participants may not.
func (p *participantPages) outboxMessage(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	msg, err := p.hackathonMessage(r)
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = msg.Subject
	v.D["Message"] = msg
	v.D["HTML"] = markdown.Sanitize(msg.HTML)
	v.D["Links"] = shownLinks(msg)
	v.D["SpentSecret"] = spentSecret(msg)
	v.D["SetPasswordLink"] = hasSetPasswordSecret(msg)
	p.render(w, http.StatusOK, "outbox_message", v)
}

// shownLink is a link of a message as Berichten lists it. A link whose
// secret (a set-password token) comm keeps apart ends in a placeholder
// such as "[secret-1]": it is shown as text with a note, not as a link
// that would open a broken page.
type shownLink struct {
	URL    string
	Secret string // the placeholder that follows the URL, "" for none
}

func shownLinks(msg *comms.Message) []shownLink {
	var out []shownLink
	for _, l := range msg.Links() {
		sl := shownLink{URL: l}
		if i := strings.Index(msg.Body, l+"[secret-"); i >= 0 {
			rest := msg.Body[i+len(l):]
			if j := strings.IndexByte(rest, ']'); j > 0 {
				sl.Secret = rest[:j+1]
			}
		}
		out = append(out, sl)
	}
	return out
}

// hackathonMessage loads the message of the path if it belongs to the
// hackathon of the path; another hackathon's message is not found.
func (p *participantPages) hackathonMessage(r *http.Request) (*comms.Message, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	msg, err := p.outbox.Get(r.Context(), p.DB, id)
	if err != nil || msg.HackathonID != httpx.From(r).HackathonID {
		return nil, fmt.Errorf("message %w", apperr.ErrNotFound)
	}
	return msg, nil
}

// spentSecret reports whether msg was sent with a secret (a set-password
// token) that is gone now: a copy would mail the placeholder instead of a
// working link, so it is not offered.
func spentSecret(msg *comms.Message) bool {
	return msg.Status == comms.StatusSent && strings.Contains(msg.Body, "[secret-")
}

// outboxResend queues a copy of the message to its recipient.
func (p *participantPages) outboxResend(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	msg, err := p.hackathonMessage(r)
	if err == nil && spentSecret(msg) {
		err = &apperr.Conflict{Message: "outbox.resend_spent"}
	}
	var newID int64
	if err == nil {
		newID, err = p.outbox.Resend(r.Context(), rq.HackathonID, msg.ID, rq.UserID())
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.outbox_resent")
	redirect(w, r, hackathonPath(rq.HackathonID, "/outbox/"+strconv.FormatInt(newID, 10)))
}
