package finding

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// SetOptions replaces one pick list of the hackathon (labels/epics,
// category, theme or element). Values are trimmed; blanks and repeats dropped.
func (s *Service) SetOptions(ctx context.Context, hackathonID int64, kind string, values []string, by int64) error {
	if !slices.Contains(OptionKinds, kind) {
		return apperr.Field("kind", "must be one of "+strings.Join(OptionKinds, ", "))
	}
	var clean []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || slices.Contains(clean, v) {
			continue
		}
		if len(v) > 100 {
			return apperr.Field(kind, "each value at most 100 characters")
		}
		clean = append(clean, v)
	}
	if len(clean) > 200 {
		return apperr.Field(kind, "at most 200 values")
	}
	old, err := s.Options(ctx, hackathonID, kind)
	if err != nil {
		return err
	}
	slices.Sort(clean)
	if slices.Equal(old, clean) {
		return nil
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM finding_options WHERE hackathon_id = ? AND kind = ?", hackathonID, kind); err != nil {
			return err
		}
		for _, v := range clean {
			if _, err := tx.Exec(ctx, "INSERT INTO finding_options (hackathon_id, kind, value) VALUES (?, ?, ?)", hackathonID, kind, v); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "finding options",
			EntityID: kind, Action: "set", From: strings.Join(old, ", "), To: strings.Join(clean, ", ")})
	})
}

// Actors lists the actors of the hackathon with their responsible person.
func (s *Service) Actors(ctx context.Context, hackathonID int64) ([]Actor, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.organisation_id, o.name, a.responsible_id, COALESCE(u.name, '') FROM finding_actors a
		JOIN organisations o ON o.id = a.organisation_id LEFT JOIN users u ON u.id = a.responsible_id
		WHERE a.hackathon_id = ? ORDER BY o.name`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Actor
	for rows.Next() {
		var a Actor
		var resp sql.NullInt64
		if err := rows.Scan(&a.OrganisationID, &a.Name, &resp, &a.Responsible); err != nil {
			return nil, err
		}
		a.ResponsibleID = resp.Int64
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetActor makes an organisation an actor with one responsible person, who
// must be a member of the hackathon (0 clears the person).
func (s *Service) SetActor(ctx context.Context, hackathonID, orgID, responsibleID, by int64) error {
	var n int
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", orgID).Scan(&n); err != nil || n == 0 {
		return apperr.NoSuchOrganisation("organisation_id")
	}
	if responsibleID != 0 {
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", hackathonID, responsibleID).Scan(&n); err != nil || n == 0 {
			return apperr.Field("responsible_id", "the responsible person must be a member of the hackathon")
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM finding_actors WHERE hackathon_id = ? AND organisation_id = ?", hackathonID, orgID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO finding_actors (hackathon_id, organisation_id, responsible_id) VALUES (?, ?, ?)", hackathonID, orgID, store.NullID(responsibleID)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "finding actor",
			EntityID: strconv.FormatInt(orgID, 10), Action: "responsible", To: strconv.FormatInt(responsibleID, 10)})
	})
}
