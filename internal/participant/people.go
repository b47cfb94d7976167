package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Organisation is a party in the chain as it takes part in one hackathon:
// its roles, product and version, and its people (registrations).
type Organisation struct {
	ID             int64          `json:"id"`
	Name           string         `json:"name"`
	ChainRole      ChainRole      `json:"chain_role"`  // main role
	ChainRoles     []ChainRole    `json:"chain_roles"` // all its roles in the chain
	Product        string         `json:"product"`
	ProductVersion string         `json:"product_version"`
	Commitment     string         `json:"commitment"` // relationship status in the hackathon, "" when none
	IssueOwner     *Registration  `json:"issue_owner,omitempty"`
	Contacts       []int64        `json:"contact_ids"` // registrations that are contact persons
	People         []Registration `json:"people"`
	Confirmed      int            `json:"confirmed"`
}

// ErrOrgNotFound is returned for an organisation not in the hackathon.
var ErrOrgNotFound = fmt.Errorf("organisation %w", apperr.ErrNotFound)

// OrgInput changes an organisation's facts.
type OrgInput struct {
	Name           string      `json:"name"`
	ChainRoles     []ChainRole `json:"chain_roles"` // the first is the main role
	Product        string      `json:"product"`
	ProductVersion string      `json:"product_version"`
}

// Organisations lists the organisations of a hackathon (with registrations
// or in relationship management) with their people, by name.
func (s *Service) Organisations(ctx context.Context, hackathonID int64) ([]Organisation, error) {
	rows, err := s.DB.Query(ctx, `SELECT o.id, o.name, o.chain_role, COALESCE(p.product, o.product), COALESCE(p.product_version, o.product_version), COALESCE(c.status, '')
		FROM organisations o LEFT JOIN org_commitments c ON c.organisation_id = o.id AND c.hackathon_id = ?
		LEFT JOIN org_participation p ON p.organisation_id = o.id AND p.hackathon_id = ?
		WHERE c.hackathon_id IS NOT NULL OR EXISTS (SELECT 1 FROM registrations r WHERE r.organisation_id = o.id AND r.hackathon_id = ?)
		ORDER BY LOWER(o.name), o.id`, hackathonID, hackathonID, hackathonID)
	if err != nil {
		return nil, err
	}
	var out []Organisation
	index := map[int64]int{}
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.ChainRole, &o.Product, &o.ProductVersion, &o.Commitment); err != nil {
			rows.Close()
			return nil, err
		}
		index[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	roles, err := s.chainRoles(ctx, 0)
	if err != nil {
		return nil, err
	}
	regs, err := s.List(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].ChainRoles = withMain(out[i].ChainRole, roles[out[i].ID])
	}
	for _, r := range regs {
		i, ok := index[r.OrganisationID]
		if !ok {
			continue
		}
		o := &out[i]
		o.People = append(o.People, r)
		if r.Status == StatusConfirmed {
			o.Confirmed++
		}
		if r.IsContact {
			o.Contacts = append(o.Contacts, r.ID)
		}
		if r.IsIssueOwner {
			rr := r
			o.IssueOwner = &rr
		}
	}
	for i := range out {
		sort.SliceStable(out[i].People, func(a, b int) bool {
			return strings.ToLower(out[i].People[a].Name) < strings.ToLower(out[i].People[b].Name)
		})
	}
	return out, nil
}

// Organisation loads one organisation of a hackathon with its people.
func (s *Service) Organisation(ctx context.Context, hackathonID, orgID int64) (*Organisation, error) {
	all, err := s.Organisations(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == orgID {
			return &all[i], nil
		}
	}
	return nil, ErrOrgNotFound
}

func withMain(main ChainRole, extra []ChainRole) []ChainRole {
	out := []ChainRole{main}
	for _, r := range ChainRoles() {
		for _, x := range extra {
			if x == r && x != main {
				out = append(out, x)
			}
		}
	}
	return out
}

// chainRoles loads the extra chain roles per organisation (orgID 0: all).
func (s *Service) chainRoles(ctx context.Context, orgID int64) (map[int64][]ChainRole, error) {
	q, args := "SELECT organisation_id, chain_role FROM organisation_chain_roles", []any{}
	if orgID != 0 {
		q, args = q+" WHERE organisation_id = ?", append(args, orgID)
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]ChainRole{}
	for rows.Next() {
		var id int64
		var r ChainRole
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}

// UpdateOrganisation changes an organisation's name, chain roles, product
// and version. It must take part in the hackathon. Product and version are
// stored for this hackathon only; name and chain roles are global and
// change only when by may (see org_scope.go), else ErrOrgShared.
func (s *Service) UpdateOrganisation(ctx context.Context, hackathonID, orgID int64, in OrgInput, by int64) (*Organisation, error) {
	var inv apperr.Invalid
	in.Name = strings.TrimSpace(in.Name)
	in.Product, in.ProductVersion = strings.TrimSpace(in.Product), strings.TrimSpace(in.ProductVersion)
	if in.Name == "" || len(in.Name) > 200 {
		inv.RequiredMax("name", "200")
	}
	if len(in.ChainRoles) == 0 {
		inv.Add("chain_roles", "choose at least one role in the chain")
	}
	for _, r := range in.ChainRoles {
		if _, ok := ParseChainRole(string(r)); !ok {
			inv.Add("chain_roles", fmt.Sprintf("unknown chain role %q", r))
		}
	}
	if len(in.Product) > 200 {
		inv.TooLong("product", "200")
	}
	if len(in.ProductVersion) > 100 {
		inv.TooLong("product_version", "100")
	}
	if err := inv.Err(); err != nil {
		return nil, err
	}
	cur, err := s.Organisation(ctx, hackathonID, orgID)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := saveParticipation(ctx, tx, hackathonID, orgID, in.Product, in.ProductVersion, s.issueContact(ctx, tx, hackathonID, orgID)); err != nil {
			return err
		}
		if in.Name == cur.Name && sameRoles(in.ChainRoles, cur.ChainRoles) {
			return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "organisation",
				EntityID: strconv.FormatInt(orgID, 10), Action: "product", To: in.Product + " " + in.ProductVersion})
		}
		if ok, err := mayEditGlobal(ctx, tx, hackathonID, orgID, by); err != nil || !ok {
			if err == nil {
				err = ErrOrgShared
			}
			return err
		}
		var other int64
		err := tx.QueryRow(ctx, "SELECT id FROM organisations WHERE LOWER(name) = LOWER(?) AND id <> ?", in.Name, orgID).Scan(&other)
		if err == nil {
			return apperr.Field("name", "another organisation already has this name")
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE organisations SET name = ?, chain_role = ? WHERE id = ?",
			in.Name, in.ChainRoles[0], orgID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM organisation_chain_roles WHERE organisation_id = ?", orgID); err != nil {
			return err
		}
		var names []string
		seen := map[ChainRole]bool{}
		for _, r := range in.ChainRoles {
			if seen[r] {
				continue
			}
			seen[r] = true
			names = append(names, string(r))
			if _, err := tx.Exec(ctx, "INSERT INTO organisation_chain_roles (organisation_id, chain_role) VALUES (?, ?)", orgID, r); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "organisation",
			EntityID: strconv.FormatInt(orgID, 10), Action: "changed", To: in.Name + " [" + strings.Join(names, ",") + "] " + in.Product + " " + in.ProductVersion})
	})
	if err != nil {
		return nil, err
	}
	return s.Organisation(ctx, hackathonID, orgID)
}

// PersonInput is a person of an organisation as the organisers edit them.
type PersonInput struct {
	Name          string `json:"name"`
	Email         string `json:"email"`
	JobTitle      string `json:"job_title"`
	Phone         string `json:"phone"`
	Dietary       string `json:"dietary"`
	AttendKickoff bool   `json:"attend_kickoff"`
	AttendDays    []int  `json:"attend_days"`
	IsContact     bool   `json:"is_contact"`
	IsIssueOwner  bool   `json:"is_issue_owner"`
	// Answers to the organisers' questions by question id; nil keeps the
	// stored answers. Organisers may leave a required question open.
	Answers map[int64]string `json:"answers,omitempty"`
}

func (in *PersonInput) validate(h *hackathon.Hackathon) (string, error) {
	var inv apperr.Invalid
	in.Name, in.JobTitle, in.Phone, in.Dietary = strings.TrimSpace(in.Name), strings.TrimSpace(in.JobTitle), strings.TrimSpace(in.Phone), strings.TrimSpace(in.Dietary)
	if in.Name == "" || len(in.Name) > 200 {
		inv.RequiredMax("name", "200")
	}
	email := ""
	if a, err := mail.ParseAddress(strings.TrimSpace(in.Email)); err != nil || a.Address != strings.TrimSpace(in.Email) || len(in.Email) > 254 {
		inv.Add("email", "not a valid e-mail address")
	} else {
		email = strings.ToLower(a.Address)
	}
	if len(in.JobTitle) > 200 {
		inv.TooLong("job_title", "200")
	}
	if len(in.Phone) > 50 {
		inv.TooLong("phone", "50")
	}
	if len(in.Dietary) > 500 {
		inv.TooLong("dietary", "500")
	}
	if in.AttendKickoff && h.Kickoff.IsZero() {
		inv.Add("attend_kickoff", "the hackathon has no kick-off date")
	}
	seen := map[int]bool{}
	var days []int
	for _, d := range in.AttendDays {
		if d < 1 || d > len(h.Days) {
			inv.Add("attend_days", fmt.Sprintf("day %d is not a day of the hackathon (1..%d)", d, len(h.Days)))
			break
		}
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	sort.Ints(days)
	in.AttendDays = days
	return email, inv.Err()
}

// SavePerson adds a person to an organisation of the hackathon (id 0; a
// confirmed registration, or waiting list when the role is full, without an
// opt-in mail) or changes one. Making a person the issue owner takes that
// from the organisation's previous one: there is one per organisation.
func (s *Service) SavePerson(ctx context.Context, h *hackathon.Hackathon, orgID, id int64, in PersonInput, by int64) (*Registration, error) {
	email, err := in.validate(h)
	if err != nil {
		return nil, err
	}
	var answers map[int64]string
	if in.Answers != nil {
		qs, err := s.Questions(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		for i := range qs {
			qs[i].Required = false
		}
		if answers, err = CheckAnswers(qs, in.Answers); err != nil {
			return nil, err
		}
	}
	org, err := s.Organisation(ctx, h.ID, orgID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var other int64
		err := tx.QueryRow(ctx, "SELECT id FROM registrations WHERE hackathon_id = ? AND email = ? AND id <> ?", h.ID, email, id).Scan(&other)
		if err == nil {
			return apperr.Field("email", "this e-mail address is already registered for this hackathon")
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		action := "changed"
		if id == 0 {
			full, err := s.roleFull(ctx, tx, h.ID, org.ChainRole)
			if err != nil {
				return err
			}
			status := StatusConfirmed
			if full {
				status = StatusWaitlist
			}
			_, cancelHash := newToken()
			id, err = tx.Insert(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, job_title, dietary,
				language, status, cancel_token_hash, consent_at, confirmed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'nl', ?, ?, ?, ?, ?)`,
				h.ID, orgID, org.ChainRole, in.Name, email, in.JobTitle, in.Dietary, status, cancelHash, now, now, now)
			if err != nil {
				return err
			}
			action = "added"
		} else {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM registrations WHERE id = ? AND hackathon_id = ? AND organisation_id = ?", id, h.ID, orgID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return ErrNotFound
			}
		}
		if in.IsIssueOwner {
			if _, err := tx.Exec(ctx, "UPDATE registrations SET is_issue_owner = ? WHERE hackathon_id = ? AND organisation_id = ? AND id <> ?", false, h.ID, orgID, id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE registrations SET name = ?, email = ?, job_title = ?, phone = ?, dietary = ?, attend_kickoff = ?, attend_days = ?,
			is_contact = ?, is_issue_owner = ? WHERE id = ?`, in.Name, email, in.JobTitle, in.Phone, in.Dietary, in.AttendKickoff, joinDays(in.AttendDays),
			in.IsContact, in.IsIssueOwner, id); err != nil {
			return err
		}
		if answers != nil {
			if err := saveAnswers(ctx, tx, id, answers); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "person",
			EntityID: strconv.FormatInt(id, 10), Action: action, To: fmt.Sprintf("contact=%v issue_owner=%v", in.IsContact, in.IsIssueOwner)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, h.ID, id)
}

// Statuses an organiser may set on a registration.
var SettableStatuses = []string{StatusConfirmed, StatusWaitlist, StatusCancelled}

// SetStatus changes a registration's status by hand (the organisers'
// decision, so a role's capacity does not stop a confirmation). The person
// is told: a place comes with the calendar invitation. A place freed by a
// cancellation goes to the waiting list (one moved to the waiting list by
// hand is the organisers' choice and is not refilled).
func (s *Service) SetStatus(ctx context.Context, h *hackathon.Hackathon, id int64, status, linkBase string, by int64) (*Registration, error) {
	if !oneOf(status, SettableStatuses) {
		return nil, apperr.Field("status", "choose confirmed, waitlist or cancelled")
	}
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regWhere(ctx, tx, "r.id = ? AND r.hackathon_id = ?", id, h.ID)
		if err != nil {
			return err
		}
		if r.Status == status {
			return nil
		}
		was := r.Status
		q := "UPDATE registrations SET status = ?, confirm_token_hash = NULL"
		args := []any{status}
		switch {
		case status == StatusCancelled:
			q += ", cancelled_at = ?"
			args = append(args, now)
		case r.ConfirmedAt.IsZero():
			q += ", confirmed_at = ?"
			args = append(args, now)
		}
		if _, err := tx.Exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			return err
		}
		r.Status = status
		if status == StatusCancelled {
			err = s.queueMail(ctx, tx, h.ID, r.Email, r.Language, MomentCancelled, mergeFields(h, r.Name, r.Organisation), "")
		} else {
			err = s.notifyStatus(ctx, tx, h, r, linkBase)
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "registration",
			EntityID: strconv.FormatInt(id, 10), Action: "status", From: was, To: status}); err != nil {
			return err
		}
		if was == StatusConfirmed && status == StatusCancelled {
			return s.promote(ctx, tx, h, r.ChainRole, linkBase)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, h.ID, id)
}

// EventDay is one event of the hackathon for the event planner: the
// kick-off (Day 0) or hackathon day 1..N.
type EventDay struct {
	Day       int            `json:"day"` // 0: kick-off
	Date      string         `json:"date"`
	Attending int            `json:"attending"` // confirmed registrations attending
	Diets     []DietCount    `json:"diets"`     // dietary needs and how many
	People    []Registration `json:"-"`
}

// DietCount is how many attendees have one dietary need.
type DietCount struct {
	Diet  string `json:"diet"`
	Count int    `json:"count"`
}

// Catering counts, per event of the hackathon, the confirmed registrations
// attending and their dietary needs (same text, ignoring case, counted together).
func (s *Service) Catering(ctx context.Context, h *hackathon.Hackathon) ([]EventDay, error) {
	regs, err := s.List(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	var days []EventDay
	if !h.Kickoff.IsZero() {
		days = append(days, EventDay{Day: 0, Date: h.Kickoff.String()})
	}
	for i, d := range h.Days {
		days = append(days, EventDay{Day: i + 1, Date: d.String()})
	}
	for i := range days {
		ed := &days[i]
		diets := map[string]*DietCount{}
		for _, r := range regs {
			if r.Status != StatusConfirmed || !r.Attends(ed.Day) {
				continue
			}
			ed.Attending++
			ed.People = append(ed.People, r)
			d := strings.TrimSpace(r.Dietary)
			if d == "" || isNoDiet(d) {
				continue
			}
			key := strings.ToLower(d)
			if diets[key] == nil {
				diets[key] = &DietCount{Diet: d}
			}
			diets[key].Count++
		}
		for _, dc := range diets {
			ed.Diets = append(ed.Diets, *dc)
		}
		sort.Slice(ed.Diets, func(a, b int) bool {
			if ed.Diets[a].Count != ed.Diets[b].Count {
				return ed.Diets[a].Count > ed.Diets[b].Count
			}
			return strings.ToLower(ed.Diets[a].Diet) < strings.ToLower(ed.Diets[b].Diet)
		})
		if ed.Diets == nil {
			ed.Diets = []DietCount{}
		}
	}
	return days, nil
}

func isNoDiet(d string) bool {
	switch strings.ToLower(strings.Trim(d, " .-")) {
	case "", "geen", "nee", "none", "no", "n.v.t", "nvt", "n/a", "na":
		return true
	}
	return false
}

// Attends reports whether the registration attends event day (0: kick-off).
func (r Registration) Attends(day int) bool {
	if day == 0 {
		return r.AttendKickoff
	}
	for _, d := range r.AttendDays {
		if d == day {
			return true
		}
	}
	return false
}

// AddOrganisation puts an organisation (found by name, created when new)
// in the hackathon's relations with status "benaderd" when it is not there
// yet, and returns its id. An organisation already there keeps its status.
func (s *Service) AddOrganisation(ctx context.Context, hackathonID int64, name string, role ChainRole, by int64) (int64, error) {
	name = strings.TrimSpace(name)
	var inv apperr.Invalid
	if name == "" || len(name) > 200 {
		inv.RequiredMax("name", "200")
	}
	if _, ok := ParseChainRole(string(role)); !ok {
		inv.Add("chain_roles", "choose the organisation's role in the chain")
	}
	if err := inv.Err(); err != nil {
		return 0, err
	}
	now := s.Now()
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = organisationID(ctx, tx, name, role, now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `INSERT INTO org_commitments (hackathon_id, organisation_id, status, compensation, updated_at) VALUES (?, ?, 'benaderd', '', ?)
			ON CONFLICT (hackathon_id, organisation_id) DO NOTHING`, hackathonID, id, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "organisation",
			EntityID: strconv.FormatInt(id, 10), Action: "added", To: name})
	})
	return id, err
}
