package comms

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// Resend queues a new copy of a hackathon's message to its recipient (same
// subject, parts and invitation; a new Message-ID), for an organiser whose
// participant did not get or lost it. The original stays as it was; the
// copy is audited. A message of another hackathon is not found.
func (o *Outbox) Resend(ctx context.Context, hackathonID, id, by int64) (int64, error) {
	var newID int64
	err := o.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := o.Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.HackathonID != hackathonID {
			return fmt.Errorf("message %w", apperr.ErrNotFound)
		}
		// A secret the original still holds (not sent yet) goes to the copy,
		// again kept apart; a sent original has none left, so its copy's
		// set-password link stays a placeholder and a new invitation is needed.
		full, secrets, err := reveal(ctx, tx, m)
		if err != nil {
			return err
		}
		newID, err = o.Queue(ctx, tx, Message{HackathonID: m.HackathonID, To: m.To, Subject: m.Subject, Body: full.Body, HTML: full.HTML, ICS: m.ICS, Secrets: secrets})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: o.Now(), Entity: "outbox",
			EntityID: strconv.FormatInt(id, 10), Action: "resent", To: strconv.FormatInt(newID, 10)})
	})
	return newID, err
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"'()\[\]]+`)

// Links lists the http(s) links in a message's text part, in order and
// each once, so a reader sees every link it holds (a confirmation or
// set-password link among them) without opening the HTML part.
func (m Message) Links() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range linkPattern.FindAllString(m.Body, -1) {
		l = trimLinkEnd(l)
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// trimLinkEnd drops the punctuation that ends a sentence after a link.
func trimLinkEnd(l string) string {
	for len(l) > 0 {
		switch l[len(l)-1] {
		case '.', ',', ';', ':', '!', '?':
			l = l[:len(l)-1]
			continue
		}
		break
	}
	return l
}
