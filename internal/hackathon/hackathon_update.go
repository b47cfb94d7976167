package hackathon

import (
	"context"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// Update replaces a hackathon's facts. Days may be added or moved; a day
// that is removed must not leave milestone iterations behind, so the number
// of days can only shrink to the number of repeated iterations plus one.
func (s *Service) Update(ctx context.Context, id int64, in Input, userID int64) (*Hackathon, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	old, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM hackathons WHERE code = ? AND id <> ?", in.Code, id).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return apperr.Field("code", "another hackathon already uses this code")
		}
		iterations, err := maxIteration(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(in.Days) < iterations+1 && len(old.Days) >= iterations+1 {
			return apperr.Field("days", "phases 7–8 were repeated for "+strconv.Itoa(iterations+1)+" days; keep at least that many days")
		}
		now := s.Now()
		if _, err := tx.Exec(ctx, `UPDATE hackathons SET code = ?, name = ?, variant = ?, description = ?, location = ?, kickoff_date = ?,
			financier = ?, client_org = ?, contractor_org = ?, updated_at = ? WHERE id = ?`,
			in.Code, in.Name, in.Variant, in.Description, in.Location, in.Kickoff,
			in.Financier, in.ClientOrg, in.ContractorOrg, now, id); err != nil {
			return err
		}
		if err := writeServicesAndDays(ctx, tx, id, in); err != nil {
			return err
		}
		if string(old.Variant) != in.Variant {
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: id, UserID: userID, At: now, Entity: "hackathon",
				EntityID: strconv.FormatInt(id, 10), Action: "variant", From: string(old.Variant), To: in.Variant}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: id, UserID: userID, At: now, Entity: "hackathon",
			EntityID: strconv.FormatInt(id, 10), Action: "updated", To: in.Code + " " + in.Name})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func maxIteration(ctx context.Context, q store.Querier, id int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COALESCE(MAX(iteration), 1) FROM milestones WHERE hackathon_id = ?", id).Scan(&n)
	return n, err
}
