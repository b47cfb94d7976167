package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ketentest/ketentest/internal/store"
)

// ReservedClientSuffix ends the client ids ketentest registers for its own
// reference PGO; participants cannot take them.
const ReservedClientSuffix = ".ketentest"

// ErrClientTaken is returned when a client id belongs to someone else.
var ErrClientTaken = errors.New("sandbox: this client_id is registered by someone else")

// Owner is who registers a client: the user and the organisation they act
// for in the hackathon (0 when none).
type Owner struct {
	UserID         int64
	OrganisationID int64
	Manager        bool // holds sandbox.manage in the hackathon
}

// RegisterOwnedClient is self-service registration: a participant
// registers (or updates) a client for their organisation in a hackathon.
// An existing client_id may only be changed in the same hackathon, by
// whoever registered it, a colleague of the same organisation, or a
// sandbox manager.
func RegisterOwnedClient(ctx context.Context, db *store.DB, c Client, o Owner) error {
	c.ClientID = strings.ToLower(strings.TrimSpace(c.ClientID))
	if strings.HasSuffix(c.ClientID, ReservedClientSuffix) {
		return fmt.Errorf("sandbox: client ids ending in %s are reserved for ketentest", ReservedClientSuffix)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	var hid, by, org sql.NullInt64
	err := db.QueryRow(ctx, "SELECT hackathon_id, registered_by, organisation_id FROM sandbox_clients WHERE client_id = ?", c.ClientID).Scan(&hid, &by, &org)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case hid.Int64 != c.HackathonID:
		return ErrClientTaken
	case o.Manager, by.Int64 == o.UserID, o.OrganisationID != 0 && org.Int64 == o.OrganisationID:
	default:
		return ErrClientTaken
	}
	if err := RegisterClient(ctx, db, c); err != nil {
		return err
	}
	var orgID any
	if o.OrganisationID != 0 {
		orgID = o.OrganisationID
	}
	_, err = db.Exec(ctx, "UPDATE sandbox_clients SET registered_by = COALESCE(registered_by, ?), organisation_id = COALESCE(organisation_id, ?) WHERE client_id = ?",
		o.UserID, orgID, c.ClientID)
	return err
}

// RegisteredClient is a client with who registered it.
type RegisteredClient struct {
	Client
	Organisation   string
	OrganisationID int64 // 0 when none
	RegisteredBy   string
	RegisteredByID int64 // 0 when none
}

// ClientFor is the first client (by client_id) of o's organisation in
// list, else the first o registered themselves; ok is false when there is
// none.
func ClientFor(list []RegisteredClient, o Owner) (c RegisteredClient, ok bool) {
	if o.OrganisationID != 0 {
		for _, c := range list {
			if c.OrganisationID == o.OrganisationID {
				return c, true
			}
		}
	}
	for _, c := range list {
		if o.UserID != 0 && c.RegisteredByID == o.UserID {
			return c, true
		}
	}
	return RegisteredClient{}, false
}

// HackathonClientList lists a hackathon's clients with their organisation
// and registrant, by client_id.
func HackathonClientList(ctx context.Context, db *store.DB, hackathonID int64) ([]RegisteredClient, error) {
	rows, err := db.Query(ctx, `SELECT c.client_id, c.name, c.redirect_uris, c.created_at, COALESCE(o.name, ''), COALESCE(u.name, ''),
		COALESCE(c.organisation_id, 0), COALESCE(c.registered_by, 0)
		FROM sandbox_clients c LEFT JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users u ON u.id = c.registered_by
		WHERE c.hackathon_id = ? ORDER BY c.client_id`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegisteredClient
	for rows.Next() {
		var c RegisteredClient
		var uris string
		if err := rows.Scan(&c.ClientID, &c.Name, &uris, &c.CreatedAt, &c.Organisation, &c.RegisteredBy, &c.OrganisationID, &c.RegisteredByID); err != nil {
			return nil, err
		}
		c.HackathonID = hackathonID
		c.RedirectURIs = strings.Split(uris, "\n")
		out = append(out, c)
	}
	return out, rows.Err()
}
