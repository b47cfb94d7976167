// Package comms is communication with participants: the mail outbox (one
// row per recipient message, sent over SMTP by durable background jobs),
// message templates with merge fields, and iCalendar invitations and feeds.
//
// Delivery is at least once: a message is marked sent only after the SMTP
// server accepted it, in the transaction that completes its job. A worker
// that stops gracefully finishes its message first; one that crashes between
// the SMTP acceptance and that transaction causes one resend, with the same
// Message-ID, so receivers can recognise the duplicate.
package comms

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// KindSendMail is the job kind that sends one outbox message.
const KindSendMail = "mail.send"

// Outbox statuses.
const (
	StatusQueued = "queued"
	StatusSent   = "sent"
	StatusFailed = "failed"
)

// Config is the mail configuration (internal/config resolves it from
// --smtp-* and KETENTEST_SMTP_*).
type Config struct {
	Addr     string // host:port of the SMTP server; empty: queue only
	From     string // sender address
	User     string // optional SMTP AUTH PLAIN user
	Password string
}

// Message is one message to one recipient.
type Message struct {
	ID          int64  `json:"id"`
	HackathonID int64  `json:"hackathon_id,omitempty"`
	MessageID   string `json:"message_id"`
	To          string `json:"to"`
	Subject     string `json:"subject"`
	Body        string `json:"body"`
	HTML        string `json:"html,omitempty"` // optional HTML alternative of Body (already safe)
	ICS         string `json:"ics,omitempty"`  // attached as invite.ics when set
	// Secrets are usable secrets in Body/HTML (a set-password token): they
	// are stored apart and deleted once sent (see secrets.go). Only for Queue.
	Secrets   []string  `json:"-"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	CreatedAt time.Time `json:"created_at"`
	SentAt    time.Time `json:"sent_at"`
}

// Outbox queues messages and lists them.
type Outbox struct {
	DB     *store.DB
	Jobs   *jobs.Queue
	Domain string // right-hand side of Message-IDs
	From   string // sender address (the ORGANIZER of invitations)
	Now    func() time.Time
}

// NewOutbox returns an outbox whose Message-IDs use the domain of from.
func NewOutbox(db *store.DB, q *jobs.Queue, from string) *Outbox {
	domain := "ketentest.local"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = strings.Trim(d, "<> ")
	}
	sender := from
	if a, err := mail.ParseAddress(from); err == nil {
		sender = a.Address
	}
	return &Outbox{DB: db, Jobs: q, Domain: domain, From: sender, Now: func() time.Time { return time.Now().UTC() }}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Queue adds a message and the job that sends it, using tx (normally the
// transaction of the change that causes the message).
func (o *Outbox) Queue(ctx context.Context, tx store.Querier, m Message) (int64, error) {
	addr, err := mail.ParseAddress(m.To)
	if err != nil || strings.ContainsAny(m.To, "\r\n") {
		return 0, apperr.Field("email", "not a valid e-mail address")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return 0, errors.New("comms: subject contains a line break")
	}
	msgID := fmt.Sprintf("<%s.%s@%s>", o.Now().Format("20060102150405"), randomHex(8), o.Domain)
	secrets := hideSecrets(&m)
	id, err := tx.Insert(ctx, `INSERT INTO outbox (hackathon_id, message_id, recipient, subject, body, html, ics, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?)`, store.NullID(m.HackathonID), msgID, addr.Address, m.Subject, m.Body, m.HTML, m.ICS, o.Now())
	if err != nil {
		return 0, err
	}
	if err := storeSecrets(ctx, tx, id, secrets); err != nil {
		return 0, err
	}
	_, err = o.Jobs.Enqueue(ctx, tx, jobs.New{Kind: KindSendMail, Payload: sendPayload{OutboxID: id},
		DedupeKey: fmt.Sprintf("mail:%d", id), MaxAttempts: 12})
	return id, err
}

type sendPayload struct {
	OutboxID int64 `json:"outbox_id"`
}

const outboxColumns = `id, COALESCE(hackathon_id, 0), message_id, recipient, subject, body, html, ics, status, attempts, last_error, created_at, sent_at`

func scanMessage(row interface{ Scan(...any) error }) (*Message, error) {
	var m Message
	var sent sql.NullTime
	err := row.Scan(&m.ID, &m.HackathonID, &m.MessageID, &m.To, &m.Subject, &m.Body, &m.HTML, &m.ICS, &m.Status, &m.Attempts, &m.LastError, &m.CreatedAt, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("message %w", apperr.ErrNotFound)
	}
	m.SentAt = sent.Time
	return &m, err
}

// Get loads one message.
func (o *Outbox) Get(ctx context.Context, q store.Querier, id int64) (*Message, error) {
	return scanMessage(q.QueryRow(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id))
}

// List lists a hackathon's messages, newest first, at most limit.
func (o *Outbox) List(ctx context.Context, hackathonID int64, limit int) ([]Message, error) {
	rows, err := o.DB.Query(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE hackathon_id = ? ORDER BY id DESC LIMIT ?", hackathonID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// Counts returns a hackathon's number of messages per status.
func (o *Outbox) Counts(ctx context.Context, hackathonID int64) (map[string]int, error) {
	rows, err := o.DB.Query(ctx, "SELECT status, COUNT(*) FROM outbox WHERE hackathon_id = ? GROUP BY status", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
