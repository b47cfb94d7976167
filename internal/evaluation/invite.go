package evaluation

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// Invite is one personal link (its token is never stored, only its hash).
type Invite struct {
	ID             int64
	EvaluationID   int64
	RegistrationID int64
	UserID         int64
	Role           Role
	Name           string
	Email          string
	Sent           bool
	Reminded       bool
	Used           bool
}

// newToken returns a 192-bit secret in hex and its hash.
func newToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = hex.EncodeToString(b)
	return token, account.HashToken(token)
}

// Link is the personal link of a token.
func Link(linkBase, token string) string {
	return strings.TrimSuffix(linkBase, "/") + "/evaluation/" + token
}

// Invites lists a questionnaire's links.
func (s *Service) Invites(ctx context.Context, evaluationID int64) ([]Invite, error) {
	return store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Invite, error) {
		var in Invite
		err := row.Scan(&in.ID, &in.EvaluationID, &in.RegistrationID, &in.UserID, &in.Role, &in.Name, &in.Email, &in.Sent, &in.Reminded, &in.Used)
		return &in, err
	}, `SELECT id, evaluation_id, COALESCE(registration_id, 0), COALESCE(user_id, 0), role, name, email,
		sent_at IS NOT NULL, reminded_at IS NOT NULL, used_at IS NOT NULL FROM evaluation_invites WHERE evaluation_id = ? ORDER BY role, name, id`, evaluationID)
}

// Recipient is someone who gets a personal link.
type Recipient struct {
	RegistrationID int64
	UserID         int64
	Role           Role
	Name           string
	Email          string
	Lang           string
}

// Recipients are the confirmed registrations that attend the day (or named
// no days), plus the
// project team (each person once).
func (s *Service) Recipients(ctx context.Context, h *hackathon.Hackathon, day int) ([]Recipient, error) {
	regs, err := participant.NewService(s.DB, nil).List(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Recipient
	for _, r := range regs {
		if r.Status != participant.StatusConfirmed || (len(r.AttendDays) > 0 && !r.Attends(day)) || seen[strings.ToLower(r.Email)] {
			continue
		}
		seen[strings.ToLower(r.Email)] = true
		out = append(out, Recipient{RegistrationID: r.ID, Role: RoleOf(r.ChainRole), Name: r.Name, Email: r.Email, Lang: r.Language})
	}
	members, err := s.Hackathons.Members(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if !m.Role.IsProjectRole() || seen[strings.ToLower(m.Email)] {
			continue
		}
		seen[strings.ToLower(m.Email)] = true
		out = append(out, Recipient{UserID: m.UserID, Role: RoleProjectteam, Name: m.Name, Email: m.Email, Lang: "nl"})
	}
	return out, nil
}

// AddInvite makes a personal link for one recipient without sending it
// (for a QR code on site or the demo) and returns its token.
func (s *Service) AddInvite(ctx context.Context, q store.Querier, evaluationID int64, r Recipient) (string, int64, error) {
	token, hash := newToken()
	id, err := q.Insert(ctx, `INSERT INTO evaluation_invites (evaluation_id, registration_id, user_id, role, name, email, token_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, evaluationID, store.NullID(r.RegistrationID), store.NullID(r.UserID), string(r.Role), r.Name, r.Email, hash, s.Now())
	return token, id, err
}

// SendResult counts what Send or Remind did.
type SendResult struct {
	Sent      int
	Skipped   int // already invited (Send) or already answered (Remind)
	Milestone *MilestoneMark
}

// Send gives every recipient without a link one and mails it through the
// outbox (the token travels as an outbox secret, so the stored message
// keeps only a placeholder). Sending completes 2L.
func (s *Service) Send(ctx context.Context, h *hackathon.Hackathon, evaluationID int64, linkBase string, by int64) (*SendResult, error) {
	if s.Outbox == nil {
		return nil, &apperr.Conflict{Message: "no outbox configured"}
	}
	e, err := s.editable(ctx, h.ID, evaluationID)
	if err != nil {
		return nil, err
	}
	recips, err := s.Recipients(ctx, h, e.Day)
	if err != nil {
		return nil, err
	}
	invites, err := s.Invites(ctx, evaluationID)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, in := range invites {
		have[strings.ToLower(in.Email)] = true
	}
	res := &SendResult{}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range recips {
			if have[strings.ToLower(r.Email)] {
				res.Skipped++
				continue
			}
			token, id, err := s.AddInvite(ctx, tx, evaluationID, r)
			if err != nil {
				return err
			}
			if _, err := s.Outbox.Queue(ctx, tx, mail(h, e, r, Link(linkBase, token), token, false)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE evaluation_invites SET sent_at = ? WHERE id = ?", s.Now(), id); err != nil {
				return err
			}
			res.Sent++
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "sent", To: fmt.Sprint(res.Sent)})
	})
	if err != nil {
		return nil, err
	}
	res.Milestone, err = s.markDone(ctx, h.ID, "2L", by)
	return res, err
}

// Remind mails everyone who has not answered yet a fresh link: the token
// of the first mail is not kept anywhere, so the reminder carries a new
// one and the old link stops working.
func (s *Service) Remind(ctx context.Context, h *hackathon.Hackathon, evaluationID int64, linkBase string, by int64) (*SendResult, error) {
	if s.Outbox == nil {
		return nil, &apperr.Conflict{Message: "no outbox configured"}
	}
	e, err := s.editable(ctx, h.ID, evaluationID)
	if err != nil {
		return nil, err
	}
	invites, err := s.Invites(ctx, evaluationID)
	if err != nil {
		return nil, err
	}
	res := &SendResult{}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, in := range invites {
			if in.Used || in.Email == "" {
				res.Skipped++
				continue
			}
			token, hash := newToken()
			r, err := tx.Exec(ctx, "UPDATE evaluation_invites SET token_hash = ?, reminded_at = ? WHERE id = ? AND used_at IS NULL", hash, s.Now(), in.ID)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				res.Skipped++
				continue
			}
			rc := Recipient{Role: in.Role, Name: in.Name, Email: in.Email, Lang: "nl"}
			if _, err := s.Outbox.Queue(ctx, tx, mail(h, e, rc, Link(linkBase, token), token, true)); err != nil {
				return err
			}
			res.Sent++
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "reminded", To: fmt.Sprint(res.Sent)})
	})
	return res, err
}

func mail(h *hackathon.Hackathon, e *Evaluation, r Recipient, link, token string, reminder bool) comms.Message {
	if r.Lang == "en" {
		subject := fmt.Sprintf("Evaluation of %s, day %d", h.Name, e.Day)
		if reminder {
			subject = "Reminder: " + subject
		}
		body := fmt.Sprintf("Dear %s,\n\nThank you for taking part in %s. Please tell us how day %d went; it takes about five minutes and the link is personal (you answer once):\n\n%s\n\nThe project team", r.Name, h.Name, e.Day, link)
		return comms.Message{HackathonID: h.ID, To: r.Email, Subject: subject, Body: body, Secrets: []string{token}}
	}
	subject := fmt.Sprintf("Evaluatie %s, dag %d", h.Name, e.Day)
	if reminder {
		subject = "Herinnering: " + subject
	}
	body := fmt.Sprintf("Beste %s,\n\nDank je wel voor je deelname aan %s. Laat je weten hoe dag %d ging? Het kost ongeveer vijf minuten en de link is persoonlijk (je antwoordt één keer):\n\n%s\n\nHet projectteam", r.Name, h.Name, e.Day, link)
	return comms.Message{HackathonID: h.ID, To: r.Email, Subject: subject, Body: body, Secrets: []string{token}}
}
