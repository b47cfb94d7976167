package comms

import (
	"context"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/store"
)

// Secrets in mail. A message may carry usable secrets (the token of a
// set-password link) in Message.Secrets. The outbox never stores them in
// the message: Queue replaces each by a placeholder such as "[secret-1]"
// in the stored body and HTML and keeps the secret in outbox_secrets; the
// worker puts it back only in the mail it sends, and deletes it in the
// transaction that marks the message sent. A stored message — on the
// "Berichten" page, in the API, in a backup — never shows a usable link.

// SecretPlaceholder is the text that stands for the i-th secret (from 1).
func SecretPlaceholder(i int) string { return fmt.Sprintf("[secret-%d]", i) }

// hideSecrets replaces m's secrets in Body and HTML by placeholders and
// returns the placeholders with their values.
func hideSecrets(m *Message) map[string]string {
	out := map[string]string{}
	for _, s := range m.Secrets {
		if len(s) < 8 || !strings.Contains(m.Body+m.HTML, s) {
			continue // too short to replace safely, or not in the message
		}
		ph := SecretPlaceholder(len(out) + 1)
		m.Body = strings.ReplaceAll(m.Body, s, ph)
		m.HTML = strings.ReplaceAll(m.HTML, s, ph)
		out[ph] = s
	}
	m.Secrets = nil
	return out
}

func storeSecrets(ctx context.Context, q store.Querier, outboxID int64, secrets map[string]string) error {
	for ph, v := range secrets {
		if _, err := q.Exec(ctx, "INSERT INTO outbox_secrets (outbox_id, placeholder, value) VALUES (?, ?, ?)", outboxID, ph, v); err != nil {
			return err
		}
	}
	return nil
}

// Reveal returns a copy of a stored message with its secrets put back, for
// sending (and for tests that follow a mailed link). A message that was
// sent has none left: its placeholders stay.
func Reveal(ctx context.Context, q store.Querier, m *Message) (*Message, error) {
	c, _, err := reveal(ctx, q, m)
	return c, err
}

func reveal(ctx context.Context, q store.Querier, m *Message) (*Message, []string, error) {
	rows, err := q.Query(ctx, "SELECT placeholder, value FROM outbox_secrets WHERE outbox_id = ? ORDER BY placeholder", m.ID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	c := *m
	var values []string
	for rows.Next() {
		var ph, v string
		if err := rows.Scan(&ph, &v); err != nil {
			return nil, nil, err
		}
		c.Body = strings.ReplaceAll(c.Body, ph, v)
		c.HTML = strings.ReplaceAll(c.HTML, ph, v)
		values = append(values, v)
	}
	return &c, values, rows.Err()
}

func deleteSecrets(ctx context.Context, q store.Querier, outboxID int64) error {
	_, err := q.Exec(ctx, "DELETE FROM outbox_secrets WHERE outbox_id = ?", outboxID)
	return err
}
