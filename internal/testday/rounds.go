package testday

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Round is a time-boxed test round on a hackathon day (annex 1,
// "beschrijving testrondes").
type Round struct {
	ID       int64     `json:"id"`
	Day      int       `json:"day_number"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Label    string    `json:"label"`
}

// RoundInput adds a round: a day number (1-based) and start and end as
// "HH:MM" in the display time zone.
type RoundInput struct {
	Day   int    `json:"day_number"`
	Start string `json:"start"`
	End   string `json:"end"`
	Label string `json:"label"`
}

// MaxRoundsPerDay bounds the rounds of one day.
const MaxRoundsPerDay = 24

// Rounds lists the rounds by day and start.
func (s *Service) Rounds(ctx context.Context, hackathonID int64) ([]Round, error) {
	return store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Round, error) {
		rd := &Round{}
		return rd, r.Scan(&rd.ID, &rd.Day, &rd.StartsAt, &rd.EndsAt, &rd.Label)
	}, "SELECT id, day_number, starts_at, ends_at, label FROM testday_rounds WHERE hackathon_id = ? ORDER BY day_number, starts_at, id", hackathonID)
}

// clock is the moment v (HH:MM) on day, in zone.
func clock(field, v string, day date.Date, zone *time.Location) (time.Time, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, apperr.Field(field, "a time as HH:MM")
	}
	d := day.Time()
	return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, zone).UTC(), nil
}

// AddRound adds a round to a day; rounds of a day may not overlap.
func (s *Service) AddRound(ctx context.Context, hackathonID int64, in RoundInput, by int64) (*Round, error) {
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	if in.Day < 1 || in.Day > len(h.Days) {
		return nil, apperr.Field("day_number", fmt.Sprintf("a hackathon day from 1 to %d", len(h.Days)))
	}
	day := h.Days[in.Day-1]
	start, err := clock("start", in.Start, day, s.Zone)
	if err != nil {
		return nil, err
	}
	end, err := clock("end", in.End, day, s.Zone)
	if err != nil {
		return nil, err
	}
	if !end.After(start) {
		return nil, apperr.Field("end", "the round must end after it starts")
	}
	in.Label = strings.TrimSpace(in.Label)
	if len(in.Label) > 200 {
		return nil, apperr.Field("label", "at most 200 characters")
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, "SELECT starts_at, ends_at, label FROM testday_rounds WHERE hackathon_id = ? AND day_number = ?", hackathonID, in.Day)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			var a, b time.Time
			var label string
			if err := rows.Scan(&a, &b, &label); err != nil {
				rows.Close()
				return err
			}
			n++
			if start.Before(b) && a.Before(end) {
				rows.Close()
				return apperr.Field("start", fmt.Sprintf("overlaps the round %s–%s%s", a.In(s.Zone).Format("15:04"), b.In(s.Zone).Format("15:04"), labelSuffix(label)))
			}
		}
		rows.Close()
		if n >= MaxRoundsPerDay {
			return apperr.Field("day_number", fmt.Sprintf("at most %d rounds a day", MaxRoundsPerDay))
		}
		if in.Label == "" {
			in.Label = fmt.Sprintf("Ronde %d", n+1)
		}
		id, err = tx.Insert(ctx, "INSERT INTO testday_rounds (hackathon_id, day_number, starts_at, ends_at, label) VALUES (?, ?, ?, ?, ?)",
			hackathonID, in.Day, start, end, in.Label)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_round",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: fmt.Sprintf("day %d %s–%s", in.Day, in.Start, in.End)})
	})
	if err != nil {
		return nil, err
	}
	return &Round{ID: id, Day: in.Day, StartsAt: start, EndsAt: end, Label: in.Label}, nil
}

func labelSuffix(l string) string {
	if l == "" {
		return ""
	}
	return " (" + l + ")"
}

// DeleteRound removes a round with its pairs.
func (s *Service) DeleteRound(ctx context.Context, hackathonID, id, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM testday_rounds WHERE id = ? AND hackathon_id = ?", id, hackathonID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("round %w", apperr.ErrNotFound)
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_round",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted"})
	})
}
