// Package audit owns the one audit trail of the platform: who changed what,
// when, from which value to which. Every capability writes to it inside the
// transaction of its change, so a change and its audit entry land together.
package audit

import (
	"context"
	"database/sql"
	"time"

	"github.com/ketentest/ketentest/internal/store"
)

// Entry is one audited change.
type Entry struct {
	ID          int64     `json:"id"`
	HackathonID int64     `json:"hackathon_id,omitempty"`
	UserID      int64     `json:"user_id,omitempty"`
	UserName    string    `json:"user_name,omitempty"`
	At          time.Time `json:"at"`
	Entity      string    `json:"entity"`
	EntityID    string    `json:"entity_id"`
	Action      string    `json:"action"`
	From        string    `json:"from"`
	To          string    `json:"to"`
}

// Record writes an entry with q, normally the transaction of the change.
func Record(ctx context.Context, q store.Querier, e Entry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_log (hackathon_id, user_id, at, entity, entity_id, action, from_value, to_value)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, store.NullID(e.HackathonID), store.NullID(e.UserID), e.At, e.Entity, e.EntityID, e.Action, e.From, e.To)
	return err
}

// For lists the entries of one entity, oldest first.
func For(ctx context.Context, q store.Querier, entity, entityID string) ([]Entry, error) {
	return list(ctx, q, "a.entity = ? AND a.entity_id = ? ORDER BY a.id", entity, entityID)
}

// ForHackathon lists a hackathon's entries, newest first, at most limit.
func ForHackathon(ctx context.Context, q store.Querier, hackathonID int64, limit int) ([]Entry, error) {
	return list(ctx, q, "a.hackathon_id = ? ORDER BY a.id DESC LIMIT ?", hackathonID, limit)
}

func list(ctx context.Context, q store.Querier, where string, args ...any) ([]Entry, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.hackathon_id, a.user_id, COALESCE(u.name, ''), a.at, a.entity, a.entity_id, a.action, a.from_value, a.to_value
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var hid, uid sql.NullInt64
		if err := rows.Scan(&e.ID, &hid, &uid, &e.UserName, &e.At, &e.Entity, &e.EntityID, &e.Action, &e.From, &e.To); err != nil {
			return nil, err
		}
		e.HackathonID, e.UserID = hid.Int64, uid.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}
