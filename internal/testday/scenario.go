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
	"github.com/ketentest/ketentest/internal/store"
)

// Scenario statuses: concept → reviewed (named reviewers, e.g. Nictiz) →
// final (shared with the participants; no longer editable).
const (
	ScenarioConcept  = "concept"
	ScenarioReviewed = "reviewed"
	ScenarioFinal    = "final"
)

// Check kinds of a step.
const (
	CheckManual = "manual"
	CheckAuto   = "auto" // filled from reference PGO runs and sandbox traffic of the pair
)

// Step is one step of a scenario.
type Step struct {
	ID         int64  `json:"id"`
	Position   int    `json:"position"`
	ActingRole string `json:"acting_role"` // pgo, dva, zorgaanbieder
	Action     string `json:"action"`
	Expected   string `json:"expected"`
	Check      string `json:"check"` // manual or auto
}

// Scenario is a test scenario of a data service and FHIR version.
type Scenario struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Service     string    `json:"service"` // "48@STU3"
	Variant     string    `json:"variant"`
	Description string    `json:"description"`
	Dossiers    string    `json:"dossiers"`
	Patients    string    `json:"patients"`
	Status      string    `json:"status"`
	Reviewers   string    `json:"reviewers"`
	Version     int       `json:"version"`
	PreviousID  int64     `json:"previous_id,omitempty"`
	SharedAt    time.Time `json:"shared_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
	Steps       []Step    `json:"steps"`
}

// ScenarioInput creates or edits a scenario; Steps are "role | action |
// expected | manual/auto" lines on the pages, structured in the API.
type ScenarioInput struct {
	Title       string `json:"title"`
	Service     string `json:"service"`
	Variant     string `json:"variant"`
	Description string `json:"description"`
	Dossiers    string `json:"dossiers"`
	Patients    string `json:"patients"`
	Steps       []Step `json:"steps"`
}

// Limits of a scenario.
const (
	MaxSteps     = 100
	MaxStepText  = 2000
	MaxScenarios = 200
)

func (in *ScenarioInput) validate(services []string) error {
	var inv apperr.Invalid
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len(in.Title) > MaxTitle {
		inv.Add("title", fmt.Sprintf("required, at most %d characters", MaxTitle))
	}
	if !slices.Contains(services, in.Service) {
		inv.Add("service", fmt.Sprintf("one of the hackathon's data services and FHIR versions (%s)", strings.Join(services, ", ")))
	}
	if in.Variant != "" {
		if _, err := blueprint.ParseVariant(in.Variant); err != nil {
			inv.Add("variant", "regulier, technisch or functioneel")
		}
	}
	for _, f := range []struct{ name, v string }{{"description", in.Description}, {"dossiers", in.Dossiers}, {"patients", in.Patients}} {
		if len(f.v) > MaxFAQ {
			inv.Add(f.name, fmt.Sprintf("at most %d characters", MaxFAQ))
		}
	}
	if len(in.Steps) == 0 || len(in.Steps) > MaxSteps {
		inv.Add("steps", fmt.Sprintf("from 1 to %d steps", MaxSteps))
	}
	for i := range in.Steps {
		st := &in.Steps[i]
		st.ActingRole, st.Action, st.Expected = strings.TrimSpace(st.ActingRole), strings.TrimSpace(st.Action), strings.TrimSpace(st.Expected)
		if st.Check == "" {
			st.Check = CheckManual
		}
		field := fmt.Sprintf("steps[%d]", i+1)
		if _, err := blueprint.ParseChainRole(st.ActingRole); err != nil {
			inv.Add(field+".acting_role", "pgo, dva or zorgaanbieder")
		}
		if st.Action == "" || st.Expected == "" || len(st.Action) > MaxStepText || len(st.Expected) > MaxStepText {
			inv.Add(field, "an action and an expected result, each at most 2,000 characters")
		}
		if st.Check != CheckManual && st.Check != CheckAuto {
			inv.Add(field+".check", "manual or auto")
		}
	}
	return inv.Err()
}

// ParseSteps reads the steps of the page's textarea: one step a line,
// "role | action | expected result | manual/auto" (the last is optional).
func ParseSteps(text string) ([]Step, error) {
	var out []Step
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 3 || len(parts) > 4 {
			return nil, apperr.Field("steps", fmt.Sprintf("line %d: write role | action | expected result | manual or auto", i+1))
		}
		st := Step{ActingRole: strings.TrimSpace(parts[0]), Action: strings.TrimSpace(parts[1]), Expected: strings.TrimSpace(parts[2]), Check: CheckManual}
		if len(parts) == 4 {
			st.Check = strings.TrimSpace(parts[3])
		}
		if r, err := blueprint.ParseChainRole(st.ActingRole); err == nil {
			st.ActingRole = string(r)
		}
		out = append(out, st)
	}
	return out, nil
}

// FormatSteps writes steps as the textarea lines ParseSteps reads.
func FormatSteps(steps []Step) string {
	var b strings.Builder
	for _, st := range steps {
		fmt.Fprintf(&b, "%s | %s | %s | %s\n", st.ActingRole, st.Action, st.Expected, st.Check)
	}
	return b.String()
}

const scenarioColumns = "id, title, service, variant, description, dossiers, patients, status, reviewers, version, COALESCE(previous_id, 0), shared_at, updated_at"

func scanScenario(r interface{ Scan(...any) error }) (*Scenario, error) {
	sc := &Scenario{}
	var shared sql.NullTime
	err := r.Scan(&sc.ID, &sc.Title, &sc.Service, &sc.Variant, &sc.Description, &sc.Dossiers, &sc.Patients, &sc.Status, &sc.Reviewers, &sc.Version, &sc.PreviousID, &shared, &sc.UpdatedAt)
	sc.SharedAt = shared.Time
	return sc, err
}

// Scenarios lists the hackathon's scenarios (every version) with steps.
func (s *Service) Scenarios(ctx context.Context, hackathonID int64) ([]Scenario, error) {
	out, err := store.Collect(ctx, s.DB, scanScenario, "SELECT "+scenarioColumns+" FROM testday_scenarios WHERE hackathon_id = ? ORDER BY id", hackathonID)
	if err != nil {
		return nil, err
	}
	steps, err := store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*struct {
		sid int64
		st  Step
	}, error) {
		x := &struct {
			sid int64
			st  Step
		}{}
		return x, r.Scan(&x.sid, &x.st.ID, &x.st.Position, &x.st.ActingRole, &x.st.Action, &x.st.Expected, &x.st.Check)
	}, `SELECT t.scenario_id, t.id, t.position, t.acting_role, t.action, t.expected, t.check_kind FROM testday_steps t
		JOIN testday_scenarios sc ON sc.id = t.scenario_id WHERE sc.hackathon_id = ? ORDER BY t.scenario_id, t.position`, hackathonID)
	if err != nil {
		return nil, err
	}
	idx := map[int64]int{}
	for i := range out {
		idx[out[i].ID] = i
	}
	for _, x := range steps {
		out[idx[x.sid]].Steps = append(out[idx[x.sid]].Steps, x.st)
	}
	return out, nil
}

// Scenario loads one.
func (s *Service) Scenario(ctx context.Context, hackathonID, id int64) (*Scenario, error) {
	all, err := s.Scenarios(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("scenario %w", apperr.ErrNotFound)
}

func (s *Service) writeSteps(ctx context.Context, tx *store.Tx, scenarioID int64, steps []Step) error {
	if _, err := tx.Exec(ctx, "DELETE FROM testday_steps WHERE scenario_id = ?", scenarioID); err != nil {
		return err
	}
	for i, st := range steps {
		if _, err := tx.Exec(ctx, "INSERT INTO testday_steps (scenario_id, position, acting_role, action, expected, check_kind) VALUES (?, ?, ?, ?, ?, ?)",
			scenarioID, i+1, st.ActingRole, st.Action, st.Expected, st.Check); err != nil {
			return err
		}
	}
	return nil
}

// CreateScenario adds a concept scenario.
func (s *Service) CreateScenario(ctx context.Context, hackathonID int64, in ScenarioInput, by int64) (*Scenario, error) {
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	if err := in.validate(ServiceKeys(h)); err != nil {
		return nil, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_scenarios WHERE hackathon_id = ?", hackathonID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxScenarios {
			return apperr.Field("title", fmt.Sprintf("at most %d scenarios", MaxScenarios))
		}
		now := s.Now()
		id, err = tx.Insert(ctx, `INSERT INTO testday_scenarios (hackathon_id, title, service, variant, description, dossiers, patients, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, in.Title, in.Service, in.Variant, in.Description, in.Dossiers, in.Patients, now, now)
		if err != nil {
			return err
		}
		if err := s.writeSteps(ctx, tx, id, in.Steps); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "scenario",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.Title})
	})
	if err != nil {
		return nil, err
	}
	return s.Scenario(ctx, hackathonID, id)
}

// UpdateScenario edits a scenario that is not final; a reviewed scenario
// that is edited goes back to concept.
func (s *Service) UpdateScenario(ctx context.Context, hackathonID, id int64, in ScenarioInput, by int64) (*Scenario, error) {
	old, err := s.Scenario(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if old.Status == ScenarioFinal {
		return nil, apperr.Field("status", "a final scenario is not edited; make a new version")
	}
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	if err := in.validate(ServiceKeys(h)); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, `UPDATE testday_scenarios SET title = ?, service = ?, variant = ?, description = ?, dossiers = ?, patients = ?, status = ?, updated_at = ?
			WHERE id = ? AND hackathon_id = ? AND status <> 'final'`, in.Title, in.Service, in.Variant, in.Description, in.Dossiers, in.Patients, ScenarioConcept, now, id, hackathonID); err != nil {
			return err
		}
		if err := s.writeSteps(ctx, tx, id, in.Steps); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "scenario",
			EntityID: strconv.FormatInt(id, 10), Action: "updated", From: old.Status, To: ScenarioConcept})
	})
	if err != nil {
		return nil, err
	}
	return s.Scenario(ctx, hackathonID, id)
}

// ScenarioMark is a status change and what it did to 2J / 4D.
type ScenarioMark struct {
	Scenario  *Scenario      `json:"scenario"`
	Milestone *MilestoneMark `json:"milestone,omitempty"`
}

// Advance moves a scenario on: concept → reviewed (reviewers required:
// marks 2J, the concept scenarios drawn up with Nictiz), reviewed → final
// (shared with the participants: when every current scenario is final,
// 4D is done).
func (s *Service) Advance(ctx context.Context, hackathonID, id int64, to, reviewers string, by int64) (ScenarioMark, error) {
	var res ScenarioMark
	sc, err := s.Scenario(ctx, hackathonID, id)
	if err != nil {
		return res, err
	}
	reviewers = strings.TrimSpace(reviewers)
	switch {
	case to == ScenarioReviewed && sc.Status == ScenarioConcept:
		if reviewers == "" {
			return res, apperr.Field("reviewers", "name who reviewed it (e.g. Nictiz)")
		}
		if len(reviewers) > MaxTitle {
			return res, apperr.Field("reviewers", fmt.Sprintf("at most %d characters", MaxTitle))
		}
	case to == ScenarioFinal && sc.Status == ScenarioReviewed:
		reviewers = sc.Reviewers
	default:
		return res, apperr.Field("status", fmt.Sprintf("a %s scenario cannot become %s (concept → reviewed → final)", sc.Status, to))
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		q := "UPDATE testday_scenarios SET status = ?, reviewers = ?, updated_at = ?"
		args := []any{to, reviewers, now}
		if to == ScenarioFinal {
			q += ", shared_at = ?"
			args = append(args, now)
		}
		if _, err := tx.Exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "scenario",
			EntityID: strconv.FormatInt(id, 10), Action: "status", From: sc.Status, To: to})
	})
	if err != nil {
		return res, err
	}
	if res.Scenario, err = s.Scenario(ctx, hackathonID, id); err != nil {
		return res, err
	}
	if to == ScenarioReviewed {
		res.Milestone, err = s.markDone(ctx, hackathonID, "2J", by)
		return res, err
	}
	current, err := s.CurrentScenarios(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	for _, c := range current {
		if c.Status != ScenarioFinal {
			return res, nil
		}
	}
	res.Milestone, err = s.markDone(ctx, hackathonID, "4D", by)
	return res, err
}

// CurrentScenarios are the latest version of each scenario.
func (s *Service) CurrentScenarios(ctx context.Context, hackathonID int64) ([]Scenario, error) {
	all, err := s.Scenarios(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	superseded := map[int64]bool{}
	for _, sc := range all {
		if sc.PreviousID != 0 {
			superseded[sc.PreviousID] = true
		}
	}
	var out []Scenario
	for _, sc := range all {
		if !superseded[sc.ID] {
			out = append(out, sc)
		}
	}
	return out, nil
}

// NewVersion copies a final scenario into a new concept version; the final
// one stays as it was (results keep pointing at its steps).
func (s *Service) NewVersion(ctx context.Context, hackathonID, id, by int64) (*Scenario, error) {
	sc, err := s.Scenario(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if sc.Status != ScenarioFinal {
		return nil, apperr.Field("status", "only a final scenario gets a new version; edit this one")
	}
	var nid int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_scenarios WHERE previous_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("status", "this version already has a newer version")
		}
		now := s.Now()
		nid, err = tx.Insert(ctx, `INSERT INTO testday_scenarios (hackathon_id, title, service, variant, description, dossiers, patients, reviewers, version, previous_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`, hackathonID, sc.Title, sc.Service, sc.Variant, sc.Description, sc.Dossiers, sc.Patients, sc.Version+1, id, now, now)
		if err != nil {
			return err
		}
		if err := s.writeSteps(ctx, tx, nid, sc.Steps); err != nil {
			return err
		}
		// The new version uses the same dossier versions until changed.
		if _, err := tx.Exec(ctx, "INSERT INTO testday_scenario_dossiers (scenario_id, version_id) SELECT ?, version_id FROM testday_scenario_dossiers WHERE scenario_id = ?", nid, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "scenario",
			EntityID: strconv.FormatInt(nid, 10), Action: "version", To: strconv.Itoa(sc.Version + 1)})
	})
	if err != nil {
		return nil, err
	}
	return s.Scenario(ctx, hackathonID, nid)
}
