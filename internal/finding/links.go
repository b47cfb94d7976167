package finding

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// A finding may link to evidence: a recorded exchange of the reference DVA
// (exchange_id), an exchange of a reference PGO run (pgo_exchange_id) and
// organisations. Whoever logs or changes a finding may only link what they
// can see themselves, or the finding page would show (and link to) another
// user's evidence. Test rounds and scenario steps are plain numbers without
// an object behind them, so there is nothing to check for them.

// errLink is the one answer for a link to something that does not exist, is
// in another hackathon or may not be seen: the three are not told apart.
func errLink(field, what string) error {
	return apperr.Field(field, "no such "+what+" that you may see in this hackathon")
}

// checkLinks refuses links in in that the user by cannot see in the
// hackathon. It is called on create and on every change of the links.
func checkLinks(ctx context.Context, q store.Querier, hackathonID int64, in *Input, by int64) error {
	if in.ExchangeID < 0 {
		return errLink("exchange_id", "test exchange")
	}
	if in.PGOExchangeID < 0 {
		return errLink("pgo_exchange_id", "reference PGO exchange")
	}
	if in.ExchangeID == 0 && in.PGOExchangeID == 0 && len(in.OrgIDs) == 0 {
		return nil
	}
	traffic, err := canViewTraffic(ctx, q, hackathonID, by)
	if err != nil {
		return err
	}
	if in.PGOExchangeID != 0 {
		// A run is seen by whoever started it and by those who see all traffic.
		var createdBy sql.NullInt64
		err := q.QueryRow(ctx, `SELECT r.created_by FROM pgo_exchanges x JOIN pgo_runs r ON r.id = x.run_id
			WHERE x.id = ? AND r.hackathon_id = ?`, in.PGOExchangeID, hackathonID).Scan(&createdBy)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err != nil || !(traffic || (by != 0 && createdBy.Int64 == by)) {
			return errLink("pgo_exchange_id", "reference PGO exchange")
		}
	}
	if in.ExchangeID != 0 {
		// Traffic of the hackathon's clients is seen by those who see all
		// traffic, and by whoever registered the client or acts for its organisation.
		var registeredBy, org sql.NullInt64
		err := q.QueryRow(ctx, `SELECT c.registered_by, c.organisation_id FROM sandbox_traffic t
			JOIN sandbox_clients c ON c.client_id = t.client_id WHERE t.id = ? AND c.hackathon_id = ?`,
			in.ExchangeID, hackathonID).Scan(&registeredBy, &org)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		ok := err == nil && (traffic || (by != 0 && registeredBy.Int64 == by))
		if err == nil && !ok && org.Valid {
			var n int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND organisation_id = ?`,
				hackathonID, by, org.Int64).Scan(&n); err != nil {
				return err
			}
			ok = n > 0
		}
		if !ok {
			return errLink("exchange_id", "test exchange")
		}
	}
	// Organisations are platform-wide names offered on every logging screen.
	for _, o := range in.OrgIDs {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", o).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NoSuchOrganisation("organisation_ids")
		}
	}
	return nil
}

// canViewTraffic reports whether the user holds authz.TrafficView in the
// hackathon, from the same platform flags and roles the guard decides on.
func canViewTraffic(ctx context.Context, q store.Querier, hackathonID, userID int64) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	var admin bool
	if err := q.QueryRow(ctx, "SELECT is_admin FROM users WHERE id = ?", userID).Scan(&admin); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return false, err
	}
	rows, err := q.Query(ctx, "SELECT role FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", hackathonID, userID)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	s := authz.Subject{LoggedIn: true, IsAdmin: admin}
	for rows.Next() {
		var r blueprint.Role
		if err := rows.Scan(&r); err != nil {
			return false, err
		}
		s.Roles = append(s.Roles, r)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	return authz.Allowed(authz.TrafficView, s), nil
}
