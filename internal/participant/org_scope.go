package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// What of an organisation is global and what is per hackathon.
//
// An organisation is one party platform-wide: its name and its chain roles
// are what every hackathon, finding and registration refers to, so they are
// global. What it brings to a hackathon — product, product version and the
// person who follows up findings — may differ per hackathon and is stored
// per hackathon (org_participation).
//
// Organisers of a hackathon (participant.manage) therefore change the
// per-hackathon facts of any organisation that takes part in their
// hackathon, but its global facts only while it takes part in no other
// hackathon (it is then theirs alone, e.g. just created or misspelt at
// registration). Once another hackathon has it (relations, registrations or
// members), only a platform administrator changes its name or chain roles:
// otherwise adding a party to one's own hackathon would let one rename it,
// or change its roles, in everyone else's.

// ErrOrgShared is the refusal to change the global facts of an
// organisation that other hackathons share.
var ErrOrgShared = fmt.Errorf("this organisation also takes part in other hackathons: only a platform administrator can change its name or chain roles (product and version are per hackathon and can be changed here): %w", apperr.ErrForbidden)

// inOtherHackathons reports whether the organisation takes part in a
// hackathon other than hackathonID.
func inOtherHackathons(ctx context.Context, q store.Querier, hackathonID, orgID int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM org_commitments WHERE organisation_id = ? AND hackathon_id <> ?) +
		(SELECT COUNT(*) FROM registrations WHERE organisation_id = ? AND hackathon_id <> ?) +
		(SELECT COUNT(*) FROM hackathon_members WHERE organisation_id = ? AND hackathon_id <> ?) +
		(SELECT COUNT(*) FROM org_participation WHERE organisation_id = ? AND hackathon_id <> ?)`,
		orgID, hackathonID, orgID, hackathonID, orgID, hackathonID, orgID, hackathonID).Scan(&n)
	return n > 0, err
}

// mayEditGlobal reports whether user by may change the organisation's
// global facts through hackathonID: a platform administrator always, an
// organiser while no other hackathon has the organisation.
func mayEditGlobal(ctx context.Context, q store.Querier, hackathonID, orgID, by int64) (bool, error) {
	var admin bool
	err := q.QueryRow(ctx, "SELECT is_admin FROM users WHERE id = ?", by).Scan(&admin)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if admin {
		return true, nil
	}
	shared, err := inOtherHackathons(ctx, q, hackathonID, orgID)
	return !shared, err
}

// saveParticipation stores what the organisation brings to the hackathon.
func saveParticipation(ctx context.Context, tx *store.Tx, hackathonID, orgID int64, product, version, issueContact string) error {
	_, err := tx.Exec(ctx, `INSERT INTO org_participation (hackathon_id, organisation_id, product, product_version, issue_contact) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hackathon_id, organisation_id) DO UPDATE SET product = excluded.product, product_version = excluded.product_version, issue_contact = excluded.issue_contact`,
		hackathonID, orgID, product, version, issueContact)
	return err
}

// issueContact is the organisation's follow-up person in the hackathon.
func (s *Service) issueContact(ctx context.Context, q store.Querier, hackathonID, orgID int64) string {
	var c string
	if err := q.QueryRow(ctx, `SELECT COALESCE(p.issue_contact, o.issue_contact) FROM organisations o
		LEFT JOIN org_participation p ON p.organisation_id = o.id AND p.hackathon_id = ? WHERE o.id = ?`, hackathonID, orgID).Scan(&c); err != nil {
		return ""
	}
	return c
}

// sameRoles reports whether two chain role lists name the same main role
// and the same set of roles.
func sameRoles(a, b []ChainRole) bool {
	if len(a) == 0 || len(b) == 0 || a[0] != b[0] {
		return len(a) == 0 && len(b) == 0
	}
	set := func(rs []ChainRole) map[ChainRole]bool {
		m := map[ChainRole]bool{}
		for _, r := range rs {
			m[r] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) != len(sb) {
		return false
	}
	for r := range sa {
		if !sb[r] {
			return false
		}
	}
	return true
}
