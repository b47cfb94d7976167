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

// Outcome of the snelcheck for one participant.
type Outcome string

// The outcomes: a participant that did not pass joins at its own risk or
// not at all (5B).
const (
	OutcomeGo          Outcome = "go"
	OutcomeNoGo        Outcome = "no_go"
	OutcomeEigenRisico Outcome = "eigen_risico"
)

// Outcomes lists them.
func Outcomes() []Outcome { return []Outcome{OutcomeGo, OutcomeEigenRisico, OutcomeNoGo} }

// Tests reports whether a participant with this outcome tests on the day.
func (o Outcome) Tests() bool { return o == OutcomeGo || o == OutcomeEigenRisico }

// Decision is the coordinator's go / no-go / "op eigen risico" for one
// participant, and whether the participant has been told it.
type Decision struct {
	OrgID     int64     `json:"organisation_id"`
	Outcome   Outcome   `json:"outcome"`
	Reason    string    `json:"reason"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
	// ToldOutcome is the outcome of the latest result message, "" if none.
	ToldOutcome Outcome   `json:"told_outcome,omitempty"`
	ToldAt      time.Time `json:"told_at,omitzero"`
}

// Told reports whether the participant's latest message carries the
// current decision.
func (d *Decision) Told() bool { return d != nil && d.ToldOutcome == d.Outcome }

// Decisions lists the decisions by organisation.
func (s *Service) Decisions(ctx context.Context, hackathonID int64) (map[int64]*Decision, error) {
	rows, err := s.DB.Query(ctx, `SELECT d.organisation_id, d.outcome, d.reason, COALESCE(u.name, ''), d.decided_at,
		COALESCE((SELECT n.outcome FROM testday_notices n WHERE n.hackathon_id = d.hackathon_id AND n.organisation_id = d.organisation_id ORDER BY n.id DESC LIMIT 1), ''),
		(SELECT MAX(n.sent_at) FROM testday_notices n WHERE n.hackathon_id = d.hackathon_id AND n.organisation_id = d.organisation_id)
		FROM testday_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.hackathon_id = ?`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*Decision{}
	for rows.Next() {
		d := &Decision{}
		var told any
		if err := rows.Scan(&d.OrgID, &d.Outcome, &d.Reason, &d.DecidedBy, &d.DecidedAt, &d.ToldOutcome, &told); err != nil {
			return nil, err
		}
		d.ToldAt = asTime(told)
		out[d.OrgID] = d
	}
	return out, rows.Err()
}

// asTime reads a MAX(timestamp), which SQLite returns as text.
func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
			if p, err := time.Parse(layout, t); err == nil {
				return p
			}
		}
	case []byte:
		return asTime(string(t))
	}
	return time.Time{}
}

// DecideResult is a recorded decision and what it did to milestone 5A.
type DecideResult struct {
	Decision  *Decision      `json:"decision"`
	Milestone *MilestoneMark `json:"milestone,omitempty"`
	// Reopened is 5B set back to open: the decision changed after the
	// participant was told, so it must be told again.
	Reopened *MilestoneMark `json:"reopened,omitempty"`
}

// Decide records the go / no-go / "op eigen risico" of a participant with
// a reason (audited). When every participant has a decision, milestone 5A
// is done.
func (s *Service) Decide(ctx context.Context, hackathonID, orgID int64, outcome, reason string, by int64) (DecideResult, error) {
	var res DecideResult
	// The participant of the path first: an organisation of another
	// hackathon is not found, whatever the form says.
	if _, err := s.Participant(ctx, hackathonID, orgID); err != nil {
		return res, err
	}
	var inv apperr.Invalid
	if !slices.Contains(Outcomes(), Outcome(outcome)) {
		inv.Add("outcome", "one of go, eigen_risico, no_go")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		inv.Add("reason", "required: say why")
	case len(reason) > MaxReasonText:
		inv.Add("reason", fmt.Sprintf("at most %d characters", MaxReasonText))
	}
	if err := inv.Err(); err != nil {
		return res, err
	}
	var old string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		err := tx.QueryRow(ctx, "SELECT outcome FROM testday_decisions WHERE hackathon_id = ? AND organisation_id = ?", hackathonID, orgID).Scan(&old)
		switch {
		case err == sql.ErrNoRows:
			_, err = tx.Exec(ctx, "INSERT INTO testday_decisions (hackathon_id, organisation_id, outcome, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
				hackathonID, orgID, outcome, reason, by, now)
		case err == nil:
			_, err = tx.Exec(ctx, "UPDATE testday_decisions SET outcome = ?, reason = ?, decided_by = ?, decided_at = ? WHERE hackathon_id = ? AND organisation_id = ?",
				outcome, reason, by, now, hackathonID, orgID)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_decision",
			EntityID: strconv.FormatInt(orgID, 10), Action: "decision", From: old, To: outcome + ": " + reason})
	})
	if err != nil {
		return res, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	res.Decision = ds[orgID]
	if d := res.Decision; old != "" && old != outcome && d.ToldOutcome != "" {
		res.Reopened, err = s.reopen(ctx, hackathonID, "5B",
			fmt.Sprintf("the snelcheck decision for organisation %d changed from %s to %s after it was told: tell it again", orgID, old, outcome), by)
		if err != nil {
			return res, err
		}
	}
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	if len(ds) >= len(parts) && allDecided(parts, ds) {
		res.Milestone, err = s.markDone(ctx, hackathonID, "5A", by)
	}
	return res, err
}

func allDecided(parts []Participant, ds map[int64]*Decision) bool {
	for _, p := range parts {
		if ds[p.OrgID] == nil {
			return false
		}
	}
	return len(parts) > 0
}

// Warning is something the coordinator should act on before the day.
type Warning struct {
	Code    string `json:"code"` // few_go, pgo_without_dva, dva_without_pgo, care_provider_dva_failed
	OrgID   int64  `json:"organisation_id,omitempty"`
	Role    string `json:"chain_role,omitempty"`
	Message string `json:"message"`
}

// Warnings lists what endangers the day: a chain role with too few "go"s
// to test with (the blueprint: consider moving the hackathon), a PGO
// without a compatible DVA that tests, a DVA without a PGO, and a care
// provider whose DVA did not pass.
func (s *Service) Warnings(ctx context.Context, hackathonID int64) ([]Warning, error) {
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	return warnings(parts, ds), nil
}

func warnings(parts []Participant, ds map[int64]*Decision) []Warning {
	var out []Warning
	tests := func(p Participant) bool { return ds[p.OrgID] != nil && ds[p.OrgID].Outcome.Tests() }
	decided := allDecided(parts, ds)
	for _, role := range []blueprint.ChainRole{blueprint.ChainPGO, blueprint.ChainDVA} {
		n, gos := 0, 0
		for _, p := range parts {
			if p.ChainRole == role {
				n++
				if ds[p.OrgID] != nil && ds[p.OrgID].Outcome == OutcomeGo {
					gos++
				}
			}
		}
		if n > 0 && decided && (gos == 0 || gos*2 < n) {
			out = append(out, Warning{Code: "few_go", Role: string(role),
				Message: fmt.Sprintf("%d of %d %s participants have a go: too few to test with; consider moving the hackathon", gos, n, role)})
		}
	}
	byOrg := map[int64]Participant{}
	for _, p := range parts {
		byOrg[p.OrgID] = p
	}
	for _, p := range parts {
		if !tests(p) {
			continue
		}
		switch p.ChainRole {
		case blueprint.ChainPGO, blueprint.ChainDVA:
			other := blueprint.ChainDVA
			if p.ChainRole == blueprint.ChainDVA {
				other = blueprint.ChainPGO
			}
			found := false
			for _, q := range parts {
				if q.ChainRole == other && tests(q) && commonService(p.Services, q.Services) != "" {
					found = true
					break
				}
			}
			if !found {
				code := "pgo_without_dva"
				if p.ChainRole == blueprint.ChainDVA {
					code = "dva_without_pgo"
				}
				out = append(out, Warning{Code: code, OrgID: p.OrgID, Role: string(p.ChainRole),
					Message: fmt.Sprintf("%s has no %s with a shared data service and FHIR version that tests", p.Name, other)})
			}
		case blueprint.ChainZorgaanbieder:
			if p.DVAOrgID == 0 {
				continue
			}
			dva := byOrg[p.DVAOrgID]
			if d := ds[p.DVAOrgID]; d != nil && !d.Outcome.Tests() {
				out = append(out, Warning{Code: "care_provider_dva_failed", OrgID: p.OrgID, Role: string(p.ChainRole),
					Message: fmt.Sprintf("%s exchanges through DVA %s, which did not pass the snelcheck", p.Name, dva.Name)})
			}
		}
	}
	return out
}
