package hackathon

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
)

// MaxCanvasField is the longest answer a canvas field takes.
const MaxCanvasField = 20000

// Canvas is the filled-in canvas (annex 2): field key → answer.
type Canvas map[string]string

// Canvas loads a hackathon's canvas.
func (s *Service) Canvas(ctx context.Context, hackathonID int64) (Canvas, error) {
	rows, err := s.DB.Query(ctx, "SELECT field_key, value FROM canvas_fields WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := Canvas{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		c[k] = v
	}
	return c, rows.Err()
}

// SaveCanvas stores the given answers; keys not given stay as they are.
// Unknown keys and overlong answers are refused as a whole.
func (s *Service) SaveCanvas(ctx context.Context, hackathonID int64, answers Canvas, userID int64) error {
	var v apperr.Invalid
	for k, val := range answers {
		if _, ok := blueprint.CanvasFieldByKey(k); !ok {
			v.Add(k, "not a canvas field")
		} else if len(val) > MaxCanvasField {
			v.TooLong(k, "20,000")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := s.Get(ctx, hackathonID); err != nil {
		return err
	}
	old, err := s.Canvas(ctx, hackathonID)
	if err != nil {
		return err
	}
	var changed []string
	for k, val := range answers {
		if strings.TrimSpace(val) != old[k] {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		for _, k := range changed {
			_, err := tx.Exec(ctx, `INSERT INTO canvas_fields (hackathon_id, field_key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (hackathon_id, field_key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				hackathonID, k, strings.TrimSpace(answers[k]), store.NullID(userID), now)
			if err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: userID, At: now, Entity: "canvas",
			EntityID: strconv.FormatInt(hackathonID, 10), Action: "updated", To: strings.Join(changed, ", ")})
	})
	if err != nil {
		return err
	}
	return s.canvasMilestone(ctx, hackathonID, userID)
}

// CanvasMilestone is the blueprint milestone a complete canvas completes.
const CanvasMilestone = "1A"

// canvasMilestone sets milestone 1A ("canvas filled in") to gereed once
// every canvas field has an answer, through UpdateMilestone so its trail
// says who did it. A milestone already gereed or not applicable is left
// alone; a refusal of the workflow leaves it as it was (the canvas stands).
func (s *Service) canvasMilestone(ctx context.Context, hackathonID, userID int64) error {
	c, err := s.Canvas(ctx, hackathonID)
	if err != nil {
		return err
	}
	if filled, total := c.Filled(); filled < total {
		return nil
	}
	ms, err := s.Milestones(ctx, hackathonID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Code != CanvasMilestone || m.Status == StatusKlaar || m.Status == StatusNVT {
			continue
		}
		done := string(StatusKlaar)
		if _, err := s.UpdateMilestone(ctx, hackathonID, m.ID, MilestoneChange{Status: &done}, userID); err != nil {
			var conflict *apperr.Conflict
			if errors.As(err, &conflict) {
				return nil
			}
			return err
		}
	}
	return nil
}

// Filled counts the canvas fields that have an answer, out of all.
func (c Canvas) Filled() (filled, total int) {
	for _, f := range blueprint.CanvasFields() {
		total++
		if strings.TrimSpace(c[f.Key]) != "" {
			filled++
		}
	}
	return filled, total
}
