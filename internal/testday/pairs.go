package testday

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/store"
)

// ScheduledPair is a pair as planned: its round, the PGO and DVA with
// their names, the service, its table and the care providers that take
// part through the DVA.
type ScheduledPair struct {
	ID            int64    `json:"id"`
	Round         Round    `json:"round"`
	PGO           int64    `json:"pgo_organisation_id"`
	PGOName       string   `json:"pgo_name"`
	DVA           int64    `json:"dva_organisation_id"`
	DVAName       string   `json:"dva_name"`
	Service       string   `json:"service"`
	Table         int      `json:"table"`
	CareProviders []string `json:"care_providers,omitempty"`
}

// Pairs lists the scheduled pairs by round and table.
func (s *Service) Pairs(ctx context.Context, hackathonID int64) ([]ScheduledPair, error) {
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	return s.pairsWith(ctx, hackathonID, parts)
}

// pairsWith is Pairs with the participants already loaded.
func (s *Service) pairsWith(ctx context.Context, hackathonID int64, parts []Participant) ([]ScheduledPair, error) {
	out, err := store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*ScheduledPair, error) {
		p := &ScheduledPair{}
		return p, r.Scan(&p.ID, &p.Round.ID, &p.Round.Day, &p.Round.StartsAt, &p.Round.EndsAt, &p.Round.Label,
			&p.PGO, &p.PGOName, &p.DVA, &p.DVAName, &p.Service, &p.Table)
	}, `SELECT p.id, r.id, r.day_number, r.starts_at, r.ends_at, r.label, p.pgo_org_id, op.name, p.dva_org_id, od.name, p.service, p.table_no
		FROM testday_pairs p JOIN testday_rounds r ON r.id = p.round_id JOIN organisations op ON op.id = p.pgo_org_id JOIN organisations od ON od.id = p.dva_org_id
		WHERE p.hackathon_id = ? ORDER BY r.day_number, r.starts_at, r.id, p.table_no, p.id`, hackathonID)
	if err != nil {
		return nil, err
	}
	care := map[int64][]string{}
	for _, p := range parts {
		if p.ChainRole == blueprint.ChainZorgaanbieder && p.DVAOrgID != 0 {
			care[p.DVAOrgID] = append(care[p.DVAOrgID], p.Name)
		}
	}
	for i := range out {
		out[i].CareProviders = care[out[i].DVA]
	}
	return out, nil
}

// testers are the participants that test on the day (go or at own risk).
func (s *Service) testers(ctx context.Context, hackathonID int64) (pgos, dvas []Party, err error) {
	parts, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, nil, err
	}
	ds, err := s.Decisions(ctx, hackathonID)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range parts {
		if d := ds[p.OrgID]; d == nil || !d.Outcome.Tests() {
			continue
		}
		party := Party{OrgID: p.OrgID, Name: p.Name, Services: p.Services}
		switch p.ChainRole {
		case blueprint.ChainPGO:
			pgos = append(pgos, party)
		case blueprint.ChainDVA:
			dvas = append(dvas, party)
		}
	}
	return pgos, dvas, nil
}

// GenerateResult is a generated schedule and what could not be placed.
type GenerateResult struct {
	Pairs    int        `json:"pairs"`
	Unplaced []Unplaced `json:"unplaced"`
}

// Generate replaces the schedule with the generator's: PGOs and DVAs that
// test (go or at own risk) and share a data service and FHIR version,
// paired per day over that day's rounds (an extra day repeats the pairs),
// at most tables pairs per round (0: no limit). The tables of the layout
// are created as needed.
func (s *Service) Generate(ctx context.Context, hackathonID int64, tables int, by int64) (GenerateResult, error) {
	var res GenerateResult
	rounds, err := s.Rounds(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	if len(rounds) == 0 {
		return res, apperr.Field("rounds", "add the test rounds first")
	}
	pgos, dvas, err := s.testers(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	// Each day is paired on its own: within a day no pair repeats, and an
	// extra test day (7A, 8A) tests the pairs again.
	var pairing Pairing
	byDay := map[int][]Round{}
	var days []int
	for _, r := range rounds {
		if byDay[r.Day] == nil {
			days = append(days, r.Day)
		}
		byDay[r.Day] = append(byDay[r.Day], r)
	}
	var roundOf []Round // pairing round index → round
	for _, d := range days {
		p, err := GeneratePairs(PairingInput{PGOs: pgos, DVAs: dvas, Rounds: len(byDay[d]), Tables: tables})
		if err != nil {
			return res, apperr.Field("rounds", err.Error())
		}
		for _, pr := range p.Pairs {
			pr.Round += len(roundOf)
			pairing.Pairs = append(pairing.Pairs, pr)
		}
		for _, u := range p.Unplaced {
			if u.PGO != 0 && u.DVA != 0 {
				u.Reason = fmt.Sprintf("day %d: %s", d, u.Reason)
			}
			if u.PGO == 0 || u.DVA == 0 {
				if d != days[0] {
					continue // said once
				}
			}
			pairing.Unplaced = append(pairing.Unplaced, u)
		}
		roundOf = append(roundOf, byDay[d]...)
	}
	rounds = roundOf
	loggers, err := s.loggers(ctx, hackathonID)
	if err != nil {
		return res, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM testday_pairs WHERE hackathon_id = ?", hackathonID); err != nil {
			return err
		}
		maxTable := 0
		for _, p := range pairing.Pairs {
			if _, err := tx.Exec(ctx, "INSERT INTO testday_pairs (hackathon_id, round_id, pgo_org_id, dva_org_id, service, table_no) VALUES (?, ?, ?, ?, ?, ?)",
				hackathonID, rounds[p.Round].ID, p.PGO, p.DVA, p.Service, p.Table); err != nil {
				return err
			}
			maxTable = max(maxTable, p.Table)
		}
		if err := ensureTables(ctx, tx, hackathonID, maxTable, loggers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_schedule",
			EntityID: strconv.FormatInt(hackathonID, 10), Action: "generated", To: fmt.Sprintf("%d pairs, %d not placed", len(pairing.Pairs), len(pairing.Unplaced))})
	})
	res.Pairs, res.Unplaced = len(pairing.Pairs), pairing.Unplaced
	return res, err
}

func (s *Service) loggers(ctx context.Context, hackathonID int64) ([]int64, error) {
	rows, err := s.DB.Query(ctx, "SELECT DISTINCT user_id FROM hackathon_members WHERE hackathon_id = ? AND role = ? ORDER BY user_id", hackathonID, string(blueprint.RoleLoggingteam))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ensureTables creates tables 1..n that do not exist yet (4 seats, power),
// giving each a logging-team member in turn.
func ensureTables(ctx context.Context, tx *store.Tx, hackathonID int64, n int, loggers []int64) error {
	for no := 1; no <= n; no++ {
		var logger any
		if len(loggers) > 0 {
			logger = loggers[(no-1)%len(loggers)]
		}
		if _, err := tx.Exec(ctx, `INSERT INTO testday_tables (hackathon_id, table_no, seats, power, logger_id)
			SELECT ?, ?, 4, TRUE, ? WHERE NOT EXISTS (SELECT 1 FROM testday_tables WHERE hackathon_id = ? AND table_no = ?)`,
			hackathonID, no, logger, hackathonID, no); err != nil {
			return err
		}
	}
	return nil
}

// PairInput adds a pair by hand.
type PairInput struct {
	RoundID int64 `json:"round_id"`
	PGO     int64 `json:"pgo_organisation_id"`
	DVA     int64 `json:"dva_organisation_id"`
	Table   int   `json:"table"`
}

// AddPair adds a pair by hand: both must test, share a data service and
// FHIR version, and be free in that round; the table must be free too.
func (s *Service) AddPair(ctx context.Context, hackathonID int64, in PairInput, by int64) (int64, error) {
	pgos, dvas, err := s.testers(ctx, hackathonID)
	if err != nil {
		return 0, err
	}
	find := func(ps []Party, id int64) *Party {
		for i := range ps {
			if ps[i].OrgID == id {
				return &ps[i]
			}
		}
		return nil
	}
	pgo, dva := find(pgos, in.PGO), find(dvas, in.DVA)
	var inv apperr.Invalid
	if pgo == nil {
		inv.Add("pgo_organisation_id", "not a PGO that tests (go or at own risk)")
	}
	if dva == nil {
		inv.Add("dva_organisation_id", "not a DVA that tests (go or at own risk)")
	}
	if in.Table < 0 || in.Table > 500 {
		inv.Add("table", "a table number from 1 to 500")
	}
	if err := inv.Err(); err != nil {
		return 0, err
	}
	service := commonService(pgo.Services, dva.Services)
	if service == "" {
		return 0, apperr.Field("dva_organisation_id", fmt.Sprintf("%s and %s share no data service and FHIR version (%s / %s)",
			pgo.Name, dva.Name, strings.Join(pgo.Services, ", "), strings.Join(dva.Services, ", ")))
	}
	loggers, err := s.loggers(ctx, hackathonID)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_rounds WHERE id = ? AND hackathon_id = ?", in.RoundID, hackathonID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Field("round_id", "not a round of this hackathon")
		}
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_pairs WHERE round_id = ? AND (pgo_org_id = ? OR dva_org_id = ?)", in.RoundID, in.PGO, in.DVA).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("round_id", "the PGO or the DVA is already booked in this round")
		}
		if in.Table == 0 {
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(table_no), 0) + 1 FROM testday_pairs WHERE round_id = ?", in.RoundID).Scan(&in.Table); err != nil {
				return err
			}
		} else {
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_pairs WHERE round_id = ? AND table_no = ?", in.RoundID, in.Table).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.Field("table", "this table is taken in this round")
			}
		}
		id, err = tx.Insert(ctx, "INSERT INTO testday_pairs (hackathon_id, round_id, pgo_org_id, dva_org_id, service, table_no) VALUES (?, ?, ?, ?, ?, ?)",
			hackathonID, in.RoundID, in.PGO, in.DVA, service, in.Table)
		if err != nil {
			return err
		}
		if err := ensureTables(ctx, tx, hackathonID, in.Table, loggers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_pair",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: pgo.Name + " × " + dva.Name})
	})
	return id, err
}

// DeletePair removes a pair.
func (s *Service) DeletePair(ctx context.Context, hackathonID, id, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM testday_pairs WHERE id = ? AND hackathon_id = ?", id, hackathonID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("pair %w", apperr.ErrNotFound)
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "test_pair",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted"})
	})
}

// Table is a table of the layout: seats, power and its logging-team member.
type Table struct {
	No         int    `json:"table"`
	Seats      int    `json:"seats"`
	Power      bool   `json:"power"`
	LoggerID   int64  `json:"logger_id,omitempty"`
	LoggerName string `json:"logger_name,omitempty"`
}

// Tables lists the layout's tables.
func (s *Service) Tables(ctx context.Context, hackathonID int64) ([]Table, error) {
	return store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Table, error) {
		t := &Table{}
		var logger sql.NullInt64
		err := r.Scan(&t.No, &t.Seats, &t.Power, &logger, &t.LoggerName)
		t.LoggerID = logger.Int64
		return t, err
	}, `SELECT t.table_no, t.seats, t.power, t.logger_id, COALESCE(u.name, '') FROM testday_tables t LEFT JOIN users u ON u.id = t.logger_id
		WHERE t.hackathon_id = ? ORDER BY t.table_no`, hackathonID)
}

// PublishLayout declares the rounds, pairs and table layout final: the
// local layout (2S) and the programme with table layout (4A) are done.
func (s *Service) PublishLayout(ctx context.Context, hackathonID, by int64) ([]*MilestoneMark, error) {
	pairs, err := s.Pairs(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	if len(pairs) == 0 {
		return nil, apperr.Field("pairs", "generate or add the pairs first")
	}
	var marks []*MilestoneMark
	for _, code := range []string{"2S", "4A"} {
		m, err := s.markDone(ctx, hackathonID, code, by)
		if err != nil {
			return nil, err
		}
		marks = append(marks, m)
	}
	// An extra day that is prepared now completes its 7A.
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for day := 2; day <= len(h.Days); day++ {
		m, err := s.followExtraDay(ctx, hackathonID, day, by)
		if err != nil {
			return nil, err
		}
		if m != nil && m.Done {
			marks = append(marks, m)
		}
	}
	return marks, nil
}

// Schedule is an organisation's own pairs: where it is expected when.
func (s *Service) Schedule(ctx context.Context, hackathonID, orgID int64) ([]ScheduledPair, error) {
	all, err := s.Pairs(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	p, err := s.Participant(ctx, hackathonID, orgID)
	if err != nil {
		return nil, err
	}
	var out []ScheduledPair
	for _, sp := range all {
		if sp.PGO == orgID || sp.DVA == orgID || (p.DVAOrgID != 0 && sp.DVA == p.DVAOrgID) {
			out = append(out, sp)
		}
	}
	return out, nil
}

// ScheduleICS writes an organisation's schedule as an iCalendar file: one
// timed event (UTC) per round it takes part in.
func ScheduleICS(hackathonName, location, orgName string, pairs []ScheduledPair, stamp time.Time) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(comms.Fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//ketentest//ketentest//NL")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + comms.EscapeText(hackathonName+" — "+orgName))
	for _, p := range pairs {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:testday-pair-%d@ketentest", p.ID))
		line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART:" + p.Round.StartsAt.UTC().Format("20060102T150405Z"))
		line("DTEND:" + p.Round.EndsAt.UTC().Format("20060102T150405Z"))
		line("SUMMARY:" + comms.EscapeText(fmt.Sprintf("%s: %s × %s (tafel %d)", p.Round.Label, p.PGOName, p.DVAName, p.Table)))
		desc := "Gegevensdienst " + p.Service
		if len(p.CareProviders) > 0 {
			desc += "; zorgaanbieders: " + strings.Join(p.CareProviders, ", ")
		}
		line("DESCRIPTION:" + comms.EscapeText(desc))
		if location != "" {
			line("LOCATION:" + comms.EscapeText(location))
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}
