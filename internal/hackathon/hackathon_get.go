package hackathon

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

const hackathonColumns = `id, code, name, variant, description, location, kickoff_date,
	financier, client_org, contractor_org, created_at, updated_at`

func scanHackathon(row interface{ Scan(...any) error }) (*Hackathon, error) {
	h := &Hackathon{}
	err := row.Scan(&h.ID, &h.Code, &h.Name, &h.Variant, &h.Description, &h.Location, &h.Kickoff,
		&h.Financier, &h.ClientOrg, &h.ContractorOrg, &h.CreatedAt, &h.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return h, err
}

// Get loads a hackathon with its data services and days.
func (s *Service) Get(ctx context.Context, id int64) (*Hackathon, error) {
	h, err := scanHackathon(s.DB.QueryRow(ctx, "SELECT "+hackathonColumns+" FROM hackathons WHERE id = ?", id))
	if err != nil {
		return nil, err
	}
	return h, s.loadDetails(ctx, s.DB, h)
}

func (s *Service) loadDetails(ctx context.Context, q store.Querier, h *Hackathon) error {
	rows, err := q.Query(ctx, "SELECT service_id, name, standard, fhir_version FROM hackathon_services WHERE hackathon_id = ? ORDER BY position", h.ID)
	if err != nil {
		return err
	}
	h.Services = []DataService{}
	for rows.Next() {
		var ds DataService
		if err := rows.Scan(&ds.ServiceID, &ds.Name, &ds.Standard, &ds.FHIRVersion); err != nil {
			rows.Close()
			return err
		}
		h.Services = append(h.Services, ds)
	}
	rows.Close()
	rows, err = q.Query(ctx, "SELECT day_date FROM hackathon_days WHERE hackathon_id = ? ORDER BY day_number", h.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	h.Days = []date.Date{}
	for rows.Next() {
		var d date.Date
		if err := rows.Scan(&d); err != nil {
			return err
		}
		h.Days = append(h.Days, d)
	}
	return rows.Err()
}

// ListFor lists the hackathons a user has a role in; all of them for an admin.
func (s *Service) ListFor(ctx context.Context, userID int64, all bool) ([]*Hackathon, error) {
	query := "SELECT " + hackathonColumns + " FROM hackathons ORDER BY created_at DESC, id DESC"
	args := []any{}
	if !all {
		query = "SELECT " + hackathonColumns + " FROM hackathons WHERE id IN (SELECT hackathon_id FROM hackathon_members WHERE user_id = ?) ORDER BY created_at DESC, id DESC"
		args = append(args, userID)
	}
	rows, err := s.DB.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []*Hackathon
	for rows.Next() {
		h, err := scanHackathon(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
	}
	rows.Close()
	for _, h := range out {
		if err := s.loadDetails(ctx, s.DB, h); err != nil {
			return nil, err
		}
	}
	return out, nil
}
