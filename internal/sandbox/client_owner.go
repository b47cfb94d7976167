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

// RegisterOwnedClient is self-service registration: a participant
// registers (or updates) a client for a hackathon. An existing client_id
// may only be changed by whoever registered it in the same hackathon, or
// by a sandbox manager of that hackathon.
func RegisterOwnedClient(ctx context.Context, db *store.DB, c Client, userID int64, manager bool) error {
	c.ClientID = strings.ToLower(strings.TrimSpace(c.ClientID))
	if strings.HasSuffix(c.ClientID, ReservedClientSuffix) {
		return fmt.Errorf("sandbox: client ids ending in %s are reserved for ketentest", ReservedClientSuffix)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	var hid, by sql.NullInt64
	err := db.QueryRow(ctx, "SELECT hackathon_id, registered_by FROM sandbox_clients WHERE client_id = ?", c.ClientID).Scan(&hid, &by)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case hid.Int64 != c.HackathonID || (!manager && by.Int64 != userID):
		return ErrClientTaken
	}
	if err := RegisterClient(ctx, db, c); err != nil {
		return err
	}
	_, err = db.Exec(ctx, "UPDATE sandbox_clients SET registered_by = COALESCE(registered_by, ?) WHERE client_id = ?", userID, c.ClientID)
	return err
}
