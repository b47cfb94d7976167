package hackathon

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// Create stores a new hackathon with the blueprint's phases and milestones,
// the proposed project organisation, and its creator as projectleider —
// all in one transaction.
func (s *Service) Create(ctx context.Context, in Input, creatorID int64) (*Hackathon, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hackathons WHERE code = ?", in.Code).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return apperr.Field("code", "another hackathon already uses this code")
		}
		now := s.Now()
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO hackathons (code, name, variant, description, location, kickoff_date,
			financier, client_org, contractor_org, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.Code, in.Name, in.Variant, in.Description, in.Location, in.Kickoff,
			in.Financier, in.ClientOrg, in.ContractorOrg, store.NullID(creatorID), now, now)
		if err != nil {
			return fmt.Errorf("insert hackathon: %w", err)
		}
		if err := writeServicesAndDays(ctx, tx, id, in); err != nil {
			return err
		}
		h := &Hackathon{Kickoff: in.Kickoff, Days: in.Days}
		if err := s.seedMilestones(ctx, tx, id, h); err != nil {
			return err
		}
		if err := seedProjectRoles(ctx, tx, id); err != nil {
			return err
		}
		if creatorID != 0 {
			if _, err := tx.Exec(ctx, "INSERT INTO hackathon_members (hackathon_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
				id, creatorID, blueprint.RoleProjectleider, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: id, UserID: creatorID, At: now, Entity: "hackathon",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.Code + " " + in.Name})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func writeServicesAndDays(ctx context.Context, tx *store.Tx, id int64, in Input) error {
	if _, err := tx.Exec(ctx, "DELETE FROM hackathon_services WHERE hackathon_id = ?", id); err != nil {
		return err
	}
	for i, ds := range in.Services {
		if _, err := tx.Exec(ctx, "INSERT INTO hackathon_services (hackathon_id, service_id, name, standard, fhir_version, position) VALUES (?, ?, ?, ?, ?, ?)",
			id, ds.ServiceID, ds.Name, ds.Standard, ds.FHIRVersion, i); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM hackathon_days WHERE hackathon_id = ?", id); err != nil {
		return err
	}
	for i, d := range in.Days {
		if _, err := tx.Exec(ctx, "INSERT INTO hackathon_days (hackathon_id, day_number, day_date) VALUES (?, ?, ?)", id, i+1, d); err != nil {
			return err
		}
	}
	return nil
}
