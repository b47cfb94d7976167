package testday

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
)

// Participant is an organisation the snelcheck was applied to.
type Participant struct {
	OrgID     int64               `json:"organisation_id"`
	Name      string              `json:"name"`
	ChainRole blueprint.ChainRole `json:"chain_role"`
	Endpoint  string              `json:"endpoint"`
	Services  []string            `json:"services"` // "service@FHIR version"
	DVAOrgID  int64               `json:"dva_organisation_id,omitempty"`
	AppliedAt time.Time           `json:"applied_at"`
}

// ParticipantInput is what applying the snelcheck to an organisation
// records: the endpoint the automated checks call, its data services
// ("48@STU3"; empty: all of the hackathon's) and, for a care provider, its DVA.
type ParticipantInput struct {
	Endpoint string   `json:"endpoint"`
	Services []string `json:"services"`
	DVAOrgID int64    `json:"dva_organisation_id"`
}

// ServiceKeys are the hackathon's data services as "service@FHIR version".
func ServiceKeys(h *hackathon.Hackathon) []string {
	var out []string
	for _, d := range h.Services {
		out = append(out, d.ServiceID+"@"+d.FHIRVersion)
	}
	return out
}

func (in *ParticipantInput) validate(h *hackathon.Hackathon) error {
	var inv apperr.Invalid
	in.Endpoint = strings.TrimSpace(in.Endpoint)
	if in.Endpoint != "" {
		if err := pgoclient.CheckURL(in.Endpoint); err != nil {
			inv.Add("endpoint", err.Error())
		} else if len(in.Endpoint) > 2000 {
			inv.Add("endpoint", "at most 2,000 characters")
		}
	}
	known := ServiceKeys(h)
	if len(in.Services) == 0 {
		in.Services = known
	}
	for _, s := range in.Services {
		if !slices.Contains(known, s) {
			inv.Add("services", fmt.Sprintf("%q is not a data service and FHIR version of this hackathon (known: %s)", s, strings.Join(known, ", ")))
		}
	}
	return inv.Err()
}

// Participants lists the organisations the snelcheck was applied to, by name.
func (s *Service) Participants(ctx context.Context, hackathonID int64) ([]Participant, error) {
	return store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Participant, error) {
		p := &Participant{}
		var services string
		var dva sql.NullInt64
		err := r.Scan(&p.OrgID, &p.Name, &p.ChainRole, &p.Endpoint, &services, &dva, &p.AppliedAt)
		p.DVAOrgID = dva.Int64
		if services != "" {
			p.Services = strings.Split(services, ",")
		}
		return p, err
	}, `SELECT p.organisation_id, o.name, p.chain_role, p.endpoint, p.services, p.dva_org_id, p.applied_at
		FROM testday_participants p JOIN organisations o ON o.id = p.organisation_id
		WHERE p.hackathon_id = ? ORDER BY LOWER(o.name), o.id`, hackathonID)
}

// Participant loads one.
func (s *Service) Participant(ctx context.Context, hackathonID, orgID int64) (*Participant, error) {
	all, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].OrgID == orgID {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("snelcheck participant %w", apperr.ErrNotFound)
}

// Apply puts an organisation of the hackathon through the snelcheck of its
// chain role: it records the input and gives it every item of its role's
// checklist (items it already has keep their state).
func (s *Service) Apply(ctx context.Context, hackathonID, orgID int64, in ParticipantInput, by int64) (*Participant, error) {
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	if err := in.validate(h); err != nil {
		return nil, err
	}
	var role blueprint.ChainRole
	err = s.DB.QueryRow(ctx, `SELECT o.chain_role FROM organisations o WHERE o.id = ? AND (
		EXISTS (SELECT 1 FROM registrations r WHERE r.organisation_id = o.id AND r.hackathon_id = ?)
		OR EXISTS (SELECT 1 FROM org_commitments c WHERE c.organisation_id = o.id AND c.hackathon_id = ?))`, orgID, hackathonID, hackathonID).Scan(&role)
	if err == sql.ErrNoRows {
		return nil, apperr.Field("organisation_id", "not an organisation of this hackathon")
	}
	if err != nil {
		return nil, err
	}
	if !slices.Contains(blueprint.ChainRoles(), role) {
		return nil, apperr.Field("organisation_id", "the organisation has no role in the chain (zorgaanbieder, dva, pgo)")
	}
	list, err := s.Checklist(ctx, hackathonID, role)
	if err != nil {
		return nil, apperr.Field("checklist", "draw up the checklist for "+string(role)+" first")
	}
	if in.DVAOrgID != 0 {
		if role != blueprint.ChainZorgaanbieder {
			return nil, apperr.Field("dva_organisation_id", "only a care provider names the DVA it exchanges through")
		}
		var dvaRole string
		if err := s.DB.QueryRow(ctx, "SELECT chain_role FROM testday_participants WHERE hackathon_id = ? AND organisation_id = ?", hackathonID, in.DVAOrgID).Scan(&dvaRole); err != nil || dvaRole != string(blueprint.ChainDVA) {
			return nil, apperr.Field("dva_organisation_id", "not a DVA in this snelcheck")
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		res, err := tx.Exec(ctx, "UPDATE testday_participants SET endpoint = ?, services = ?, dva_org_id = ? WHERE hackathon_id = ? AND organisation_id = ?",
			in.Endpoint, strings.Join(in.Services, ","), store.NullID(in.DVAOrgID), hackathonID, orgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO testday_participants (hackathon_id, organisation_id, chain_role, endpoint, services, dva_org_id, applied_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, hackathonID, orgID, role, in.Endpoint, strings.Join(in.Services, ","), store.NullID(in.DVAOrgID), now); err != nil {
				return err
			}
		}
		for _, it := range list.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO testday_checks (hackathon_id, organisation_id, item_id, updated_at)
				SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM testday_checks WHERE organisation_id = ? AND item_id = ?)`,
				hackathonID, orgID, it.ID, now, orgID, it.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_participant",
			EntityID: strconv.FormatInt(orgID, 10), Action: "applied", To: in.Endpoint})
	})
	if err != nil {
		return nil, err
	}
	return s.Participant(ctx, hackathonID, orgID)
}

// ApplyAll applies the snelcheck to every organisation in the chain with a
// confirmed registration that does not have it yet. It returns how many.
func (s *Service) ApplyAll(ctx context.Context, hackathonID, by int64) (int, error) {
	rows, err := s.DB.Query(ctx, `SELECT DISTINCT o.id FROM organisations o JOIN registrations r ON r.organisation_id = o.id
		WHERE r.hackathon_id = ? AND r.status = 'confirmed' AND o.chain_role IN ('zorgaanbieder', 'dva', 'pgo')
		AND NOT EXISTS (SELECT 1 FROM testday_participants p WHERE p.hackathon_id = ? AND p.organisation_id = o.id) ORDER BY o.id`, hackathonID, hackathonID)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := s.Apply(ctx, hackathonID, id, ParticipantInput{}, by); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
