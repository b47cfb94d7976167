package testday

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// Limits of the table layout.
const (
	MaxTables = 500
	MaxSeats  = 50
)

// TableInput changes (or adds) one table of the layout.
type TableInput struct {
	No       int   `json:"table"`
	Seats    int   `json:"seats"`
	Power    bool  `json:"power"`
	LoggerID int64 `json:"logger_id"` // 0: nobody of the logging team yet
}

// Member is a hackathon member that can be picked in a form.
type Member struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// LoggingTeam lists the hackathon's logging-team members by name.
func (s *Service) LoggingTeam(ctx context.Context, hackathonID int64) ([]Member, error) {
	return store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Member, error) {
		m := &Member{}
		return m, r.Scan(&m.ID, &m.Name)
	}, `SELECT DISTINCT u.id, u.name FROM hackathon_members m JOIN users u ON u.id = m.user_id
		WHERE m.hackathon_id = ? AND m.role = ? ORDER BY u.name, u.id`, hackathonID, string(blueprint.RoleLoggingteam))
}

// SaveTable sets a table's seats, power and logging-team member, adding
// the table when it is new (audited). The seats must hold the most
// organisations that sit at the table in any round (PGO, DVA and the care
// providers behind the DVA); the member must be in the logging team.
func (s *Service) SaveTable(ctx context.Context, hackathonID int64, in TableInput, by int64) (*Table, error) {
	var inv apperr.Invalid
	if in.No < 1 || in.No > MaxTables {
		inv.Add("table", "a table number from 1 to 500")
	}
	if in.Seats < 1 || in.Seats > MaxSeats {
		inv.Add("seats", "from 1 to 50 seats")
	}
	if err := inv.Err(); err != nil {
		return nil, err
	}
	if in.LoggerID != 0 {
		team, err := s.LoggingTeam(ctx, hackathonID)
		if err != nil {
			return nil, err
		}
		found := false
		for _, m := range team {
			found = found || m.ID == in.LoggerID
		}
		if !found {
			return nil, apperr.Field("logger_id", "not a logging-team member of this hackathon")
		}
	}
	need, err := s.seatsNeeded(ctx, hackathonID, in.No)
	if err != nil {
		return nil, err
	}
	if in.Seats < need {
		return nil, apperr.Field("seats", "fewer seats than organisations at this table in one round")
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_tables WHERE hackathon_id = ? AND table_no = ?", hackathonID, in.No).Scan(&n); err != nil {
			return err
		}
		var err error
		if n == 0 {
			_, err = tx.Exec(ctx, "INSERT INTO testday_tables (hackathon_id, table_no, seats, power, logger_id) VALUES (?, ?, ?, ?, ?)",
				hackathonID, in.No, in.Seats, in.Power, store.NullID(in.LoggerID))
		} else {
			_, err = tx.Exec(ctx, "UPDATE testday_tables SET seats = ?, power = ?, logger_id = ? WHERE hackathon_id = ? AND table_no = ?",
				in.Seats, in.Power, store.NullID(in.LoggerID), hackathonID, in.No)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_table",
			EntityID: strconv.Itoa(in.No), Action: "saved", To: fmt.Sprintf("%d seats, power %t, logger %d", in.Seats, in.Power, in.LoggerID)})
	})
	if err != nil {
		return nil, err
	}
	ts, err := s.Tables(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].No == in.No {
			return &ts[i], nil
		}
	}
	return nil, fmt.Errorf("table %w", apperr.ErrNotFound)
}

// seatsNeeded is the most organisations at a table in one round.
func (s *Service) seatsNeeded(ctx context.Context, hackathonID int64, no int) (int, error) {
	pairs, err := s.Pairs(ctx, hackathonID)
	if err != nil {
		return 0, err
	}
	need := 0
	for _, p := range pairs {
		if p.Table == no {
			need = max(need, 2+len(p.CareProviders))
		}
	}
	return need, nil
}

// DeleteTable removes a table nobody sits at (audited).
func (s *Service) DeleteTable(ctx context.Context, hackathonID int64, no int, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var used int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_pairs WHERE hackathon_id = ? AND table_no = ?", hackathonID, no).Scan(&used); err != nil {
			return err
		}
		if used > 0 {
			return apperr.Field("table", "pairs sit at this table: move them first")
		}
		res, err := tx.Exec(ctx, "DELETE FROM testday_tables WHERE hackathon_id = ? AND table_no = ?", hackathonID, no)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("table %w", apperr.ErrNotFound)
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_table",
			EntityID: strconv.Itoa(no), Action: "deleted"})
	})
}
