package training

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Milestone is the blueprint milestone training completes.
const Milestone = "4F"

// Service keeps the training of a hackathon.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
}

// NewService builds the service over db.
func NewService(db *store.DB, h *hackathon.Service) *Service {
	return &Service{DB: db, Hackathons: h}
}

// Link is a recording or slide deck entered by an organiser.
type Link struct {
	ID    int64
	Title string
	URL   string
}

// Session is one training session and the project roles that attended.
type Session struct {
	ID       int64
	On       date.Date
	Topic    string
	Attended map[string]bool // by role
}

// Member is one project role of the hackathon (its person when staffed).
type Member struct {
	Role    blueprint.Role
	Person  string
	Trained bool
}

// Manual is the logging and triage manual: the finding configuration of
// the hackathon, its links and the topics annex 6 requires.
type Manual struct {
	Severities []string
	ChainLinks []string
	Options    []Option
	Topics     []blueprint.DocSection
	Links      []Link
}

// Option is one configured list of the finding form (category, theme,
// element, label) and its values.
type Option struct {
	Kind   string
	Values []string
}

// Overview is the training page: sessions, members and whether 4F holds.
type Overview struct {
	Manual   Manual
	Sessions []Session
	Members  []Member
	AllDone  bool
}

// Load builds the overview of a hackathon.
func (s *Service) Load(ctx context.Context, hid int64) (*Overview, error) {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return nil, err
	}
	o := &Overview{Manual: Manual{Severities: finding.Severities, ChainLinks: finding.ChainLinks, Topics: blueprint.TrainingTopics()}}
	fs := finding.NewService(s.DB)
	for _, kind := range []string{finding.OptCategory, finding.OptTheme, finding.OptElement, finding.OptLabel} {
		vals, err := fs.Options(ctx, hid, kind)
		if err != nil {
			return nil, err
		}
		o.Manual.Options = append(o.Manual.Options, Option{Kind: kind, Values: vals})
	}
	links, err := store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*Link, error) {
		var l Link
		return &l, row.Scan(&l.ID, &l.Title, &l.URL)
	}, "SELECT id, title, url FROM training_links WHERE hackathon_id = ? ORDER BY id", hid)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		o.Manual.Links = append(o.Manual.Links, l)
	}
	sessions, err := s.sessions(ctx, hid)
	if err != nil {
		return nil, err
	}
	o.Sessions = sessions
	roles, err := s.Hackathons.ProjectRoles(ctx, hid)
	if err != nil {
		return nil, err
	}
	o.AllDone = len(roles) > 0
	for _, r := range roles {
		m := Member{Role: r.Role, Person: r.Person}
		for _, se := range sessions {
			if se.Attended[string(r.Role)] {
				m.Trained = true
			}
		}
		o.AllDone = o.AllDone && m.Trained
		o.Members = append(o.Members, m)
	}
	return o, nil
}

func (s *Service) sessions(ctx context.Context, hid int64) ([]Session, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, held_on, topic FROM training_sessions WHERE hackathon_id = ? ORDER BY held_on, id", hid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var se Session
		var on string
		if err := rows.Scan(&se.ID, &on, &se.Topic); err != nil {
			return nil, err
		}
		se.On, _ = date.Parse(on)
		se.Attended = map[string]bool{}
		out = append(out, se)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		roles, err := store.Collect(ctx, s.DB, func(row interface{ Scan(...any) error }) (*string, error) {
			var r string
			return &r, row.Scan(&r)
		}, "SELECT role FROM training_attendance WHERE session_id = ?", out[i].ID)
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			out[i].Attended[r] = true
		}
	}
	return out, nil
}

func validText(v *apperr.Invalid, field, s string, max int) {
	if s == "" || utf8.RuneCountInString(s) > max || !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\n") {
		v.AddCode(field, "training_text", "give a text of at most 200 characters")
	}
}

// ParseLink checks a recording or slides link: an absolute http(s) URL
// with a host, at most 2,000 characters.
func ParseLink(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || len(raw) > 2000 || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || !utf8.ValidString(raw) || strings.ContainsAny(raw, " \x00\r\n\t") {
		var v apperr.Invalid
		v.AddCode("url", "training_url", "give a link starting with http:// or https://")
		return "", v.Err()
	}
	return u.String(), nil
}

// AddLink adds a link to a recording or slides.
func (s *Service) AddLink(ctx context.Context, hid int64, title, raw string) error {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return err
	}
	var v apperr.Invalid
	title = strings.TrimSpace(title)
	validText(&v, "title", title, 200)
	u, err := ParseLink(raw)
	if err != nil {
		v.AddCode("url", "training_url", "give a link starting with http:// or https://")
	}
	if err := v.Err(); err != nil {
		return err
	}
	_, err = s.DB.Insert(ctx, "INSERT INTO training_links (hackathon_id, title, url) VALUES (?, ?, ?)", hid, title, u)
	return err
}

// DeleteLink removes a link.
func (s *Service) DeleteLink(ctx context.Context, hid, id int64) error {
	_, err := s.DB.Exec(ctx, "DELETE FROM training_links WHERE hackathon_id = ? AND id = ?", hid, id)
	return err
}

// AddSession plans a training session.
func (s *Service) AddSession(ctx context.Context, hid int64, on, topic string) error {
	if _, err := s.Hackathons.Get(ctx, hid); err != nil {
		return err
	}
	var v apperr.Invalid
	d, err := date.Parse(strings.TrimSpace(on))
	if err != nil {
		v.AddCode("date", "training_date", "give a date as YYYY-MM-DD")
	}
	topic = strings.TrimSpace(topic)
	validText(&v, "topic", topic, 200)
	if err := v.Err(); err != nil {
		return err
	}
	_, err = s.DB.Insert(ctx, "INSERT INTO training_sessions (hackathon_id, held_on, topic) VALUES (?, ?, ?)", hid, d.String(), topic)
	return err
}

// Mark tells whether saving attendance completed 4F.
type Mark struct {
	Done   bool
	Reason string
}

// SetAttendance replaces who attended a session (project roles only; an
// unknown role is refused and nothing is saved). When every project role
// attended at least one session, 4F is marked done.
func (s *Service) SetAttendance(ctx context.Context, hid, sid int64, roles []string, by int64) (*Mark, error) {
	pr, err := s.Hackathons.ProjectRoles(ctx, hid)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, r := range pr {
		known[string(r.Role)] = true
	}
	for _, r := range roles {
		if !known[r] {
			var v apperr.Invalid
			v.AddCode("roles", "training_role", "pick project roles of this hackathon")
			return nil, v.Err()
		}
	}
	slices.Sort(roles)
	roles = slices.Compact(roles)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM training_sessions WHERE hackathon_id = ? AND id = ?", hid, sid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("training session %w", apperr.ErrNotFound)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM training_attendance WHERE session_id = ?", sid); err != nil {
			return err
		}
		for _, r := range roles {
			if _, err := tx.Exec(ctx, "INSERT INTO training_attendance (session_id, role) VALUES (?, ?)", sid, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	o, err := s.Load(ctx, hid)
	if err != nil || !o.AllDone {
		return &Mark{}, err
	}
	return s.markDone(ctx, hid, by)
}

// markDone sets every open iteration of 4F to gereed through the hackathon
// service (so the audit trail names who did it); a refusal is reported.
func (s *Service) markDone(ctx context.Context, hid, by int64) (*Mark, error) {
	ms, err := s.Hackathons.Milestones(ctx, hid)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Code != Milestone || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hid, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return &Mark{Reason: conflict.Message}, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return &Mark{Done: true}, nil
}
