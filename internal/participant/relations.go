package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Commitment statuses of an organisation for a hackathon.
var Commitments = []string{"benaderd", "informeel_toegezegd", "aangemeld", "bevestigd", "afgemeld"}

// Contact channels.
var Channels = []string{"email", "telefoon", "overleg", "anders"}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Contact is one entry in the contact log.
type Contact struct {
	ID            int64     `json:"id"`
	UserName      string    `json:"user_name"`
	On            date.Date `json:"contacted_on"`
	Channel       string    `json:"channel"`
	Summary       string    `json:"summary"`
	NextAction    string    `json:"next_action"`
	NextActionDue date.Date `json:"next_action_due"`
}

// Relation is an organisation's standing with a hackathon.
type Relation struct {
	OrganisationID int64     `json:"organisation_id"`
	Name           string    `json:"name"`
	ChainRole      ChainRole `json:"chain_role"`
	Status         string    `json:"status"`
	Compensation   string    `json:"compensation"`
	Product        string    `json:"product"`
	ProductVersion string    `json:"product_version"`
	IssueContact   string    `json:"issue_contact"`
	Last           *Contact  `json:"last_contact,omitempty"`
	Overdue        bool      `json:"overdue"` // the next action's date has passed
	Stale          bool      `json:"stale"`   // no contact in the last StaleDays
}

// StaleDays: without contact for this long an organisation needs attention.
const StaleDays = 14

// CommitmentInput is an organisation's facts and its commitment to a hackathon.
type CommitmentInput struct {
	Organisation   string
	ChainRole      string
	Status         string
	Compensation   string
	Product        string // product or system under test
	ProductVersion string
	IssueContact   string // the person who follows up findings
}

// SetCommitment adds an organisation (by name, created when new) to the
// hackathon's relations or changes its commitment status and compensation;
// the organisation's product, version and issue contact are updated when given.
func (s *Service) SetCommitment(ctx context.Context, hackathonID int64, in CommitmentInput, by int64) (int64, error) {
	orgName, chainRole, status, compensation := in.Organisation, in.ChainRole, in.Status, in.Compensation
	var inv apperr.Invalid
	orgName = strings.TrimSpace(orgName)
	if orgName == "" || len(orgName) > 200 {
		inv.RequiredMax("organisation", "200")
	}
	role, ok := ParseChainRole(chainRole)
	if !ok {
		inv.Add("chain_role", "choose the organisation's role in the chain")
	}
	if !oneOf(status, Commitments) {
		inv.Add("status", "unknown commitment status")
	}
	if len(in.Product) > 200 || len(in.ProductVersion) > 100 || len(in.IssueContact) > 200 {
		inv.Add("product", "too long")
	}
	if len(compensation) > 500 {
		inv.TooLong("compensation", "500")
	}
	if err := inv.Err(); err != nil {
		return 0, err
	}
	now := s.Now()
	var orgID int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if orgID, err = organisationID(ctx, tx, orgName, role, now); err != nil {
			return err
		}
		if in.Product != "" || in.ProductVersion != "" || in.IssueContact != "" {
			// What the organisation brings is per hackathon; its main chain
			// role is global and follows only where by may change it (org_scope.go).
			if err := saveParticipation(ctx, tx, hackathonID, orgID, in.Product, in.ProductVersion, in.IssueContact); err != nil {
				return err
			}
			if ok, err := mayEditGlobal(ctx, tx, hackathonID, orgID, by); err != nil {
				return err
			} else if ok {
				if _, err := tx.Exec(ctx, "UPDATE organisations SET chain_role = ? WHERE id = ?", role, orgID); err != nil {
					return err
				}
			}
		}
		var was string
		err = tx.QueryRow(ctx, "SELECT status FROM org_commitments WHERE hackathon_id = ? AND organisation_id = ?", hackathonID, orgID).Scan(&was)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO org_commitments (hackathon_id, organisation_id, status, compensation, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (hackathon_id, organisation_id) DO UPDATE SET status = excluded.status, compensation = excluded.compensation, updated_at = excluded.updated_at`,
			hackathonID, orgID, status, compensation, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "commitment",
			EntityID: strconv.FormatInt(orgID, 10), Action: "status", From: was, To: status})
	})
	return orgID, err
}

// LogContact records a contact with an organisation of the hackathon's relations.
func (s *Service) LogContact(ctx context.Context, hackathonID, orgID int64, c Contact, by int64) error {
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM org_commitments WHERE hackathon_id = ? AND organisation_id = ?", hackathonID, orgID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("organisation %w", apperr.ErrNotFound)
	}
	var inv apperr.Invalid
	c.Summary = strings.TrimSpace(c.Summary)
	if c.Summary == "" || len(c.Summary) > 5000 {
		inv.RequiredMax("summary", "5000")
	}
	if !oneOf(c.Channel, Channels) {
		inv.Add("channel", "unknown channel")
	}
	if c.On.IsZero() {
		c.On = date.Of(s.Now())
	}
	if c.NextAction != "" && c.NextActionDue.IsZero() {
		inv.Add("next_action_due", "a next action needs a date")
	}
	if err := inv.Err(); err != nil {
		return err
	}
	now := s.Now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.Insert(ctx, `INSERT INTO contact_log (hackathon_id, organisation_id, user_id, contacted_on, channel, summary, next_action, next_action_due, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, orgID, nullUser(by), c.On, c.Channel, c.Summary, c.NextAction, c.NextActionDue, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "contact",
			EntityID: strconv.FormatInt(id, 10), Action: "logged", To: c.Channel})
	})
}

func nullUser(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Relations lists the hackathon's organisations with their commitment, last
// contact and whether they need attention on today.
func (s *Service) Relations(ctx context.Context, hackathonID int64, today date.Date) ([]Relation, error) {
	rows, err := s.DB.Query(ctx, `SELECT o.id, o.name, o.chain_role, c.status, c.compensation, COALESCE(p.product, o.product), COALESCE(p.product_version, o.product_version),
		COALESCE(p.issue_contact, o.issue_contact) FROM org_commitments c JOIN organisations o ON o.id = c.organisation_id
		LEFT JOIN org_participation p ON p.organisation_id = o.id AND p.hackathon_id = c.hackathon_id WHERE c.hackathon_id = ? ORDER BY o.name`, hackathonID)
	if err != nil {
		return nil, err
	}
	var out []Relation
	for rows.Next() {
		var r Relation
		if err := rows.Scan(&r.OrganisationID, &r.Name, &r.ChainRole, &r.Status, &r.Compensation, &r.Product, &r.ProductVersion, &r.IssueContact); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	for i := range out {
		log, err := s.Contacts(ctx, hackathonID, out[i].OrganisationID, 1)
		if err != nil {
			return nil, err
		}
		r := &out[i]
		if len(log) > 0 {
			r.Last = &log[0]
			r.Overdue = r.Last.NextAction != "" && r.Last.NextActionDue.Before(today)
		}
		r.Stale = r.Status != "afgemeld" && (r.Last == nil || r.Last.On.Before(today.AddDays(-StaleDays)))
	}
	return out, nil
}

// Contacts lists an organisation's contacts, newest first (limit 0: all).
func (s *Service) Contacts(ctx context.Context, hackathonID, orgID int64, limit int) ([]Contact, error) {
	q := `SELECT l.id, COALESCE(u.name, ''), l.contacted_on, l.channel, l.summary, l.next_action, l.next_action_due
		FROM contact_log l LEFT JOIN users u ON u.id = l.user_id WHERE l.hackathon_id = ? AND l.organisation_id = ?
		ORDER BY l.contacted_on DESC, l.id DESC`
	args := []any{hackathonID, orgID}
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.UserName, &c.On, &c.Channel, &c.Summary, &c.NextAction, &c.NextActionDue); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
