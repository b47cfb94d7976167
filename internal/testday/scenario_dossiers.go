package testday

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxScenarioDossiers bounds the dossier versions one scenario uses.
const MaxScenarioDossiers = 20

// DossierRef is one stored version of a test dossier (internal/dossier)
// that a scenario uses.
type DossierRef struct {
	VersionID   int64  `json:"dossier_version_id"`
	DossierID   int64  `json:"dossier_id"`
	Name        string `json:"name"`
	Version     int    `json:"version"`
	ServiceID   string `json:"service_id,omitempty"`
	FHIRVersion string `json:"fhir_version"`
	Resources   int    `json:"resources"`
}

const dossierRefCols = `v.id, d.id, d.name, v.version, d.service_id, d.fhir_version, v.resource_count`

func scanDossierRef(r interface{ Scan(...any) error }) (*DossierRef, error) {
	x := &DossierRef{}
	return x, r.Scan(&x.VersionID, &x.DossierID, &x.Name, &x.Version, &x.ServiceID, &x.FHIRVersion, &x.Resources)
}

// fits reports whether a dossier version can serve a scenario's data
// service ("48@STU3"): the same FHIR version, and the same service when
// the dossier names one.
func (d DossierRef) fits(service string) bool {
	id, version, _ := strings.Cut(service, "@")
	return d.FHIRVersion == version && (d.ServiceID == "" || d.ServiceID == id)
}

// DossierChoices lists the dossier versions a scenario of the service can
// use: every version of the hackathon's dossiers and of the shared ones
// (no hackathon) that fits, by name and newest version first.
func (s *Service) DossierChoices(ctx context.Context, hackathonID int64, service string) ([]DossierRef, error) {
	all, err := store.Collect(ctx, s.DB, scanDossierRef, `SELECT `+dossierRefCols+` FROM dossier_versions v JOIN dossiers d ON d.id = v.dossier_id
		WHERE d.hackathon_id = ? OR d.hackathon_id IS NULL ORDER BY d.name, d.id, v.version DESC`, hackathonID)
	if err != nil {
		return nil, err
	}
	var out []DossierRef
	for _, d := range all {
		if d.fits(service) {
			out = append(out, d)
		}
	}
	return out, nil
}

// ScenarioDossiers lists the dossier versions a scenario uses.
func (s *Service) ScenarioDossiers(ctx context.Context, hackathonID, scenarioID int64) ([]DossierRef, error) {
	return store.Collect(ctx, s.DB, scanDossierRef, `SELECT `+dossierRefCols+` FROM testday_scenario_dossiers x
		JOIN testday_scenarios sc ON sc.id = x.scenario_id JOIN dossier_versions v ON v.id = x.version_id JOIN dossiers d ON d.id = v.dossier_id
		WHERE sc.hackathon_id = ? AND x.scenario_id = ? ORDER BY d.name, v.version`, hackathonID, scenarioID)
}

// LinkDossiers sets the dossier versions a scenario uses (audited): each
// must be a version of the hackathon's or a shared dossier that fits the
// scenario's data service and FHIR version. A final scenario is not
// changed (a new version is). Nothing is saved when one is refused.
func (s *Service) LinkDossiers(ctx context.Context, hackathonID, scenarioID int64, versionIDs []int64, by int64) ([]DossierRef, error) {
	sc, err := s.Scenario(ctx, hackathonID, scenarioID)
	if err != nil {
		return nil, err
	}
	if sc.Status == ScenarioFinal {
		return nil, apperr.Field("status", "a final scenario is not edited; make a new version")
	}
	if len(versionIDs) > MaxScenarioDossiers {
		return nil, apperr.Field("dossier_version_ids", fmt.Sprintf("at most %d dossier versions", MaxScenarioDossiers))
	}
	choices, err := s.DossierChoices(ctx, hackathonID, sc.Service)
	if err != nil {
		return nil, err
	}
	ok := map[int64]bool{}
	for _, c := range choices {
		ok[c.VersionID] = true
	}
	seen := map[int64]bool{}
	var ids []string
	for _, id := range versionIDs {
		if !ok[id] {
			return nil, apperr.Field("dossier_version_ids", "not a dossier version of this hackathon for the scenario's data service and FHIR version")
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM testday_scenario_dossiers WHERE scenario_id = ?", scenarioID); err != nil {
			return err
		}
		for id := range seen {
			if _, err := tx.Exec(ctx, "INSERT INTO testday_scenario_dossiers (scenario_id, version_id) VALUES (?, ?)", scenarioID, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "scenario",
			EntityID: strconv.FormatInt(scenarioID, 10), Action: "dossiers", To: strings.Join(ids, ", ")})
	})
	if err != nil {
		return nil, err
	}
	return s.ScenarioDossiers(ctx, hackathonID, scenarioID)
}
