// Package venue owns the event logistics of a hackathon (2R, 2S, 4H): the
// venue with address, rooms and capacity, Wi-Fi capacity, parking and
// route, and the local infrastructure checklist (power, network and
// bandwidth, screens, tables) with owner and status. Saving a venue with
// rooms marks 2R done; every checklist item arranged marks 2S done.
package venue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Checklist items seeded for every hackathon, and the statuses of an item.
var (
	Items    = []string{"power", "network", "screens", "tables"}
	Statuses = []string{"open", "busy", "done"}
)

// Room is one room of the venue.
type Room struct {
	Name     string
	Capacity int
}

// Venue is where the hackathon takes place.
type Venue struct {
	Address      string
	Rooms        []Room
	WifiCapacity int
	Parking      string
	Route        string
}

// Item is one infrastructure checklist item.
type Item struct {
	Key    string
	Owner  string
	Status string
}

// Service keeps the logistics of a hackathon.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
}

// NewService builds the service over db.
func NewService(db *store.DB, h *hackathon.Service) *Service {
	return &Service{DB: db, Hackathons: h}
}

// Load returns the venue (nil when none was entered) and the checklist
// (the seeded items with what was saved for them).
func (s *Service) Load(ctx context.Context, hid int64) (*Venue, []Item, error) {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return nil, nil, err
	}
	var v Venue
	err := s.DB.QueryRow(ctx, "SELECT address, wifi_capacity, parking, route FROM venues WHERE hackathon_id = ?", hid).Scan(&v.Address, &v.WifiCapacity, &v.Parking, &v.Route)
	var out *Venue
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, nil, err
	default:
		out = &v
		v.Rooms, err = store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Room, error) {
			var r Room
			return &r, row.Scan(&r.Name, &r.Capacity)
		}, "SELECT name, capacity FROM venue_rooms WHERE hackathon_id = ? ORDER BY id", hid)
		if err != nil {
			return nil, nil, err
		}
	}
	saved, err := store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Item, error) {
		var it Item
		return &it, row.Scan(&it.Key, &it.Owner, &it.Status)
	}, "SELECT item, owner, status FROM venue_items WHERE hackathon_id = ?", hid)
	if err != nil {
		return nil, nil, err
	}
	var items []Item
	for _, k := range Items {
		it := Item{Key: k, Status: "open"}
		for _, sv := range saved {
			if sv.Key == k {
				it = sv
			}
		}
		items = append(items, it)
	}
	return out, items, nil
}

// ParseRooms reads one room a line as "name: capacity" (capacity 1 to
// 10,000, at most 50 rooms, names at most 100 characters).
func ParseRooms(text string) ([]Room, error) {
	var rooms []Room
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.LastIndex(line, ":")
		if i < 0 {
			return nil, roomErr()
		}
		name := strings.TrimSpace(line[:i])
		n, err := strconv.Atoi(strings.TrimSpace(line[i+1:]))
		if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) || strings.ContainsRune(name, 0) || err != nil || n < 1 || n > 10000 {
			return nil, roomErr()
		}
		rooms = append(rooms, Room{Name: name, Capacity: n})
		if len(rooms) > 50 {
			return nil, roomErr()
		}
	}
	return rooms, nil
}

func roomErr() error {
	var v apperr.Invalid
	v.AddCode("rooms", "venue_rooms", "give one room a line as name: capacity")
	return v.Err()
}

func text(v *apperr.Invalid, field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	if (required && s == "") || utf8.RuneCountInString(s) > max || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		v.AddCode(field, "venue_text", fmt.Sprintf("give a text of at most %d characters", max), strconv.Itoa(max))
	}
	return s
}

// Save replaces the venue and its rooms in one transaction; nothing is
// saved when a field is wrong. A venue with an address and a room marks
// 2R done.
func (s *Service) Save(ctx context.Context, hid int64, address, rooms, wifi, parking, route string, by int64) (bool, error) {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return false, err
	}
	var inv apperr.Invalid
	ve := Venue{Address: text(&inv, "address", address, 300, true), Parking: text(&inv, "parking", parking, 500, false), Route: text(&inv, "route", route, 2000, false)}
	rs, err := ParseRooms(rooms)
	if err != nil {
		inv.AddCode("rooms", "venue_rooms", "give one room a line as name: capacity")
	}
	w := strings.TrimSpace(wifi)
	if w == "" {
		w = "0"
	}
	if ve.WifiCapacity, err = strconv.Atoi(w); err != nil || ve.WifiCapacity < 0 || ve.WifiCapacity > 100000 {
		inv.AddCode("wifi", "venue_wifi", "give the number of devices the Wi-Fi carries (0 to 100,000)")
	}
	if err := inv.Err(); err != nil {
		return false, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM venues WHERE hackathon_id = ?", hid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM venue_rooms WHERE hackathon_id = ?", hid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO venues (hackathon_id, address, wifi_capacity, parking, route) VALUES (?, ?, ?, ?, ?)", hid, ve.Address, ve.WifiCapacity, ve.Parking, ve.Route); err != nil {
			return err
		}
		for _, r := range rs {
			if _, err := tx.Exec(ctx, "INSERT INTO venue_rooms (hackathon_id, name, capacity) VALUES (?, ?, ?)", hid, r.Name, r.Capacity); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(rs) == 0 {
		return false, err
	}
	return s.markDone(ctx, hid, "2R", by)
}

// SaveItem sets the owner and status of a checklist item; when every item
// is done, 2S is marked done.
func (s *Service) SaveItem(ctx context.Context, hid int64, key, owner, status string, by int64) (bool, error) {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return false, err
	}
	if !slices.Contains(Items, key) {
		return false, fmt.Errorf("checklist item %w", apperr.ErrNotFound)
	}
	var inv apperr.Invalid
	owner = text(&inv, "owner", owner, 200, false)
	if !slices.Contains(Statuses, status) {
		inv.AddCode("status", "venue_status", "pick open, busy or done")
	}
	if err := inv.Err(); err != nil {
		return false, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM venue_items WHERE hackathon_id = ? AND item = ?", hid, key); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO venue_items (hackathon_id, item, owner, status) VALUES (?, ?, ?, ?)", hid, key, owner, status)
		return err
	})
	if err != nil {
		return false, err
	}
	_, items, err := s.Load(ctx, hid)
	if err != nil {
		return false, err
	}
	for _, it := range items {
		if it.Status != "done" {
			return false, nil
		}
	}
	return s.markDone(ctx, hid, "2S", by)
}

// markDone sets every open iteration of a milestone to gereed through the
// hackathon service; a refusal (the phase waits for the client's go)
// reports false.
func (s *Service) markDone(ctx context.Context, hid int64, code string, by int64) (bool, error) {
	ms, err := s.Hackathons.Milestones(ctx, hid)
	if err != nil {
		return false, err
	}
	for _, m := range ms {
		if m.Code != code || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hid, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}
