package finding

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxBulk is the largest number of findings one bulk action changes.
const MaxBulk = 500

// Bulk is a triage action on several findings at once. Empty fields are
// left as they are; ActorOrgID -1 clears the actor.
type Bulk struct {
	IDs        []int64 `json:"ids"`
	Category   string  `json:"category"`
	Severity   string  `json:"severity"`
	ActorOrgID int64   `json:"actor_organisation_id"`
	Status     Status  `json:"status"`
}

// Empty reports whether the action changes nothing.
func (b Bulk) Empty() bool {
	return b.Category == "" && b.Severity == "" && b.ActorOrgID == 0 && b.Status == ""
}

// BulkTriage applies one triage action to the selected findings of the
// hackathon in one transaction, auditing every change per finding. When
// one finding cannot take the change (a status the workflow does not
// allow from its status), nothing is changed and the error names it.
// It returns the number of findings changed.
func (s *Service) BulkTriage(ctx context.Context, hackathonID int64, b Bulk, by int64) (int, error) {
	var v apperr.Invalid
	b.Category = strings.TrimSpace(b.Category)
	ids := []int64{}
	for _, id := range b.IDs {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		v.Add("ids", "select at least one finding")
	case len(ids) > MaxBulk:
		v.Add("ids", fmt.Sprintf("at most %d findings at once", MaxBulk))
	}
	if b.Empty() {
		v.Add("action", "choose a category, severity, actor or status")
	}
	if b.Severity != "" && !slices.Contains(Severities, b.Severity) {
		v.AddCode("severity", "one_of", "must be one of "+strings.Join(Severities, ", "), strings.Join(Severities, ", "))
	}
	if b.Status != "" && (!slices.Contains(Statuses, b.Status) || b.Status == StatusDuplicaat) {
		v.Add("status", "must be a workflow status other than duplicaat (merge duplicates one by one)")
	}
	if b.Category != "" {
		opts, err := s.Options(ctx, hackathonID, OptCategory)
		if err != nil {
			return 0, err
		}
		if len(opts) > 0 && !slices.Contains(opts, b.Category) {
			v.AddCode("category", "one_of", "must be one of "+strings.Join(opts, ", "), strings.Join(opts, ", "))
		} else if len(b.Category) > 200 {
			v.TooLong("category", "200")
		}
	}
	if b.ActorOrgID > 0 {
		var n int
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", b.ActorOrgID).Scan(&n); err != nil || n == 0 {
			v.NoSuchOrganisation("actor_organisation_id")
		}
	} else if b.ActorOrgID < -1 {
		v.NoSuchOrganisation("actor_organisation_id")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	fs := make([]*Finding, 0, len(ids))
	for _, id := range ids {
		f, err := s.get(ctx, hackathonID, id)
		if err != nil {
			return 0, apperr.Field("ids", "no finding "+strconv.FormatInt(id, 10)+" in this hackathon")
		}
		fs = append(fs, f)
	}
	changed := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		changed = 0
		for _, f := range fs {
			n, err := s.bulkOne(ctx, tx, f, b, by)
			if err != nil {
				return err
			}
			if n {
				changed++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, f := range fs {
		s.published(ctx, hackathonID, f.ID, ChangeUpdated, nil) // the live board
	}
	return changed, nil
}

// bulkOne applies b to one finding inside tx; f is updated in memory so
// that later steps (status after actor) see the earlier ones.
func (s *Service) bulkOne(ctx context.Context, tx *store.Tx, f *Finding, b Bulk, by int64) (bool, error) {
	changed := false
	if b.Category != "" && b.Category != f.Category {
		if err := s.change(ctx, tx, f, by, "category", "category = ?", f.Category, b.Category, b.Category); err != nil {
			return false, err
		}
		f.Category, changed = b.Category, true
	}
	if b.Severity != "" && b.Severity != f.Severity {
		if err := s.change(ctx, tx, f, by, "severity", "severity = ?", f.Severity, b.Severity, b.Severity); err != nil {
			return false, err
		}
		f.Severity, changed = b.Severity, true
	}
	if b.ActorOrgID != 0 {
		actor := b.ActorOrgID
		if actor < 0 {
			actor = 0
		}
		if actor != f.ActorOrgID {
			if err := s.change(ctx, tx, f, by, "actor", "actor_org_id = ?", strconv.FormatInt(f.ActorOrgID, 10), strconv.FormatInt(actor, 10), store.NullID(actor)); err != nil {
				return false, err
			}
			f.ActorOrgID, changed = actor, true
			if actor != 0 && b.Status == "" && (f.Status == StatusNieuw || f.Status == StatusInTriage) {
				if err := s.change(ctx, tx, f, by, "status", "status = ?", string(f.Status), string(StatusToegewezen), StatusToegewezen); err != nil {
					return false, err
				}
				f.Status = StatusToegewezen
			}
		}
	}
	if b.Status != "" && b.Status != f.Status {
		allowed := Allowed(f.Status, false)
		if !slices.Contains(allowed, b.Status) {
			c := conflict(f.Status, allowed).(*apperr.Conflict)
			c.Message = f.Key + ": " + c.Message
			return false, c
		}
		if b.Status == StatusToegewezen && f.ActorOrgID == 0 {
			return false, apperr.Field("actor_organisation_id", f.Key+": assign an actor first")
		}
		if err := s.change(ctx, tx, f, by, "status", "status = ?", string(f.Status), string(b.Status), b.Status); err != nil {
			return false, err
		}
		f.Status, changed = b.Status, true
	}
	return changed, nil
}
