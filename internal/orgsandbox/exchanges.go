package orgsandbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/twiin"
)

// MaxExchanges is how many recorded exchanges a hackathon keeps in the
// database; older ones are dropped.
const MaxExchanges = 5000

// Exchange is a recorded exchange with its row id (to point at it from a
// check or a finding).
type Exchange struct {
	ID int64
	twiin.Exchange
}

// clip bounds a recorded text.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// saveExchange stores e for hackathon hid and drops the oldest beyond
// MaxExchanges. Paths are recorded masked (twiin.RecordedPath); no token
// or key reaches a record.
func saveExchange(ctx context.Context, db *store.DB, hid int64, e twiin.Exchange) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if _, err := db.Exec(ctx, `INSERT INTO twiin_exchanges (hackathon_id, role, at, method, path, status, peer_subject, peer_ura, token_ura, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, hid, clip(e.Role, 40), e.At.UTC(), clip(e.Method, 10), clip(e.Path, 2000), e.Status,
		clip(e.PeerSubject, 500), clip(e.PeerURA, 40), clip(e.TokenURA, 40), clip(e.Note, 1000)); err != nil {
		return err
	}
	_, err := db.Exec(ctx, `DELETE FROM twiin_exchanges WHERE hackathon_id = ? AND id <=
		(SELECT id FROM twiin_exchanges WHERE hackathon_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`, hid, hid, MaxExchanges)
	return err
}

// record stores an exchange of the hackathon; a failure is logged
// (without the exchange's contents) and does not fail the request.
func (h *hackathon) record(e twiin.Exchange) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := saveExchange(ctx, h.db, h.id, e); err != nil {
		slog.Warn("orgsandbox: exchange not recorded", "hackathon", h.code, "role", e.Role, "err", err)
	}
}

// ListExchanges returns up to limit of hackathon hid's recorded exchanges,
// newest first; ura non-empty keeps only those with that peer or token
// organisation.
func ListExchanges(ctx context.Context, db *store.DB, hid int64, ura string, limit int) ([]Exchange, error) {
	q := "SELECT id, role, at, method, path, status, peer_subject, peer_ura, token_ura, note FROM twiin_exchanges WHERE hackathon_id = ?"
	args := []any{hid}
	if ura != "" {
		q += " AND (peer_ura = ? OR token_ura = ?)"
		args = append(args, ura, ura)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Exchange
	for rows.Next() {
		var x Exchange
		if err := rows.Scan(&x.ID, &x.Role, &x.At, &x.Method, &x.Path, &x.Status, &x.PeerSubject, &x.PeerURA, &x.TokenURA, &x.Note); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Exchanges returns up to limit recorded exchanges of hackathon code,
// newest first (ura: only those of that organisation, "" all).
func (e *Engine) Exchanges(ctx context.Context, code, ura string, limit int) ([]Exchange, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return nil, err
	}
	return ListExchanges(ctx, e.opts.DB, h.id, ura, limit)
}
