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
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/ratelimit"
	"github.com/ketentest/ketentest/internal/store"
)

// Settings are a hackathon's registration settings.
type Settings struct {
	Open        bool              `json:"open"`
	PrivacyText string            `json:"privacy_text"`
	Capacity    map[ChainRole]int `json:"capacity"` // missing: no limit
}

// Registration is one person's registration.
type Registration struct {
	ID             int64     `json:"id"`
	HackathonID    int64     `json:"hackathon_id"`
	OrganisationID int64     `json:"organisation_id"`
	Organisation   string    `json:"organisation"`
	ChainRole      ChainRole `json:"chain_role"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	JobTitle       string    `json:"job_title"`
	Dietary        string    `json:"dietary"`
	AttendKickoff  bool      `json:"attend_kickoff"`
	AttendDays     []int     `json:"attend_days"`
	Language       string    `json:"language"`
	Status         string    `json:"status"`
	Phone          string    `json:"phone"`
	IsContact      bool      `json:"is_contact"`
	IsIssueOwner   bool      `json:"is_issue_owner"` // follows up the organisation's findings
	// Answers to the organisers' questions, by question id.
	Answers map[int64]string `json:"answers"`
	// Account made by "create accounts": "invited" (new, invitation sent),
	// "granted" (existing account got the role) or "" (none yet).
	Account string `json:"account"`
	// Approval of the link to the organisation (ApprovalApproved, -Pending,
	// -Rejected); only an approved link gives organisation-bound rights.
	Approval       string    `json:"approval"`
	ApprovalBasis  string    `json:"approval_basis"`            // why approved: created, domain, organiser
	ApprovalReason string    `json:"approval_reason,omitempty"` // the reason of a rejection
	ConsentAt      time.Time `json:"consent_at"`
	ConfirmedAt    time.Time `json:"confirmed_at,omitzero"`
	CancelledAt    time.Time `json:"cancelled_at,omitzero"`
	CreatedAt      time.Time `json:"created_at"`
}

// Input is what the public form sends.
type Input struct {
	Organisation  string
	ChainRole     string
	Name          string
	Email         string
	JobTitle      string
	Dietary       string
	AttendKickoff bool
	AttendDays    []int
	Consent       bool
	Language      string
	Answers       map[int64]string // answers to the organisers' questions, by question id
}

// Result tells the registrant what happens next.
type Result struct {
	ID       int64
	RoleFull bool // the chain role is full: after confirming they join the waiting list
}

// Settings loads a hackathon's registration settings (closed when never set).
func (s *Service) Settings(ctx context.Context, hackathonID int64) (Settings, error) {
	st := Settings{Capacity: map[ChainRole]int{}}
	err := s.DB.QueryRow(ctx, "SELECT is_open, privacy_text FROM registration_settings WHERE hackathon_id = ?", hackathonID).Scan(&st.Open, &st.PrivacyText)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, err
	}
	rows, err := s.DB.Query(ctx, "SELECT chain_role, capacity FROM registration_capacity WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var r ChainRole
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return st, err
		}
		st.Capacity[r] = n
	}
	return st, rows.Err()
}

// SaveSettings stores the settings; a negative capacity is refused.
// Places that free up or grow go to the waiting list (see SaveSettingsLinked).
func (s *Service) SaveSettings(ctx context.Context, hackathonID int64, st Settings, by int64) error {
	return s.SaveSettingsLinked(ctx, hackathonID, st, "", by)
}

// SaveSettingsLinked is SaveSettings with the base of the links in mail:
// when a chain role gets more places (or no limit any more), the waiting
// registrations of that role move up in order, oldest confirmation first,
// in the same transaction, and each is told by the confirmation mail.
func (s *Service) SaveSettingsLinked(ctx context.Context, hackathonID int64, st Settings, linkBase string, by int64) error {
	var inv apperr.Invalid
	for r, n := range st.Capacity {
		if _, ok := ParseChainRole(string(r)); !ok {
			inv.Add("capacity_"+string(r), "unknown chain role")
		} else if n < 0 {
			inv.Add("capacity_"+string(r), "must be 0 or more")
		}
	}
	if st.Open && strings.TrimSpace(st.PrivacyText) == "" {
		inv.Add("privacy_text", "a privacy statement is required before registration opens")
	}
	if err := inv.Err(); err != nil {
		return err
	}
	now := s.Now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO registration_settings (hackathon_id, is_open, privacy_text, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (hackathon_id) DO UPDATE SET is_open = excluded.is_open, privacy_text = excluded.privacy_text, updated_at = excluded.updated_at`,
			hackathonID, st.Open, st.PrivacyText, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM registration_capacity WHERE hackathon_id = ?", hackathonID); err != nil {
			return err
		}
		var parts []string
		for r, n := range st.Capacity {
			if _, err := tx.Exec(ctx, "INSERT INTO registration_capacity (hackathon_id, chain_role, capacity) VALUES (?, ?, ?)", hackathonID, r, n); err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf("%s=%d", r, n))
		}
		sort.Strings(parts)
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "registration_settings",
			EntityID: strconv.FormatInt(hackathonID, 10), Action: "saved", To: fmt.Sprintf("open=%v %s", st.Open, strings.Join(parts, " "))}); err != nil {
			return err
		}
		return s.promoteAll(ctx, tx, hackathonID, linkBase)
	})
}

// promoteAll moves the waiting list of every chain role up as far as its
// places allow.
func (s *Service) promoteAll(ctx context.Context, tx *store.Tx, hackathonID int64, linkBase string) error {
	var roles []ChainRole
	rows, err := tx.Query(ctx, "SELECT DISTINCT chain_role FROM registrations WHERE hackathon_id = ? AND status = 'waitlist' ORDER BY chain_role", hackathonID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r ChainRole
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return err
		}
		roles = append(roles, r)
	}
	rows.Close()
	if len(roles) == 0 {
		return nil
	}
	h, err := loadHackathon(ctx, tx, hackathonID)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if err := s.promote(ctx, tx, h, r, linkBase); err != nil {
			return err
		}
	}
	return nil
}

// loadHackathon reads what the registration mails merge of a hackathon
// (name, location, description, kick-off and days) inside tx.
func loadHackathon(ctx context.Context, tx *store.Tx, hackathonID int64) (*hackathon.Hackathon, error) {
	h := &hackathon.Hackathon{ID: hackathonID}
	if err := tx.QueryRow(ctx, "SELECT name, location, description, kickoff_date FROM hackathons WHERE id = ?", hackathonID).
		Scan(&h.Name, &h.Location, &h.Description, &h.Kickoff); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, "SELECT day_date FROM hackathon_days WHERE hackathon_id = ? ORDER BY day_number", hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d date.Date
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		h.Days = append(h.Days, d)
	}
	return h, rows.Err()
}

// Allow counts a submission of the public form from addr and reports
// whether it is within the rate limit (RateLimit per RateWindow per
// address, on the shared rate limiter).
func (s *Service) Allow(ctx context.Context, addr string) (bool, error) {
	d, err := ratelimit.New(s.DB).Hit(ctx, "reg:"+addr, ratelimit.Rule{Max: s.RateLimit, Window: s.RateWindow}, s.Now())
	return d.Allowed, err
}

func (in *Input) validate(h *hackathon.Hackathon) (ChainRole, string, error) {
	var inv apperr.Invalid
	in.Name = strings.TrimSpace(in.Name)
	in.Organisation = strings.TrimSpace(in.Organisation)
	if in.Name == "" || len(in.Name) > 200 {
		inv.RequiredMax("name", "200")
	}
	if in.Organisation == "" || len(in.Organisation) > 200 {
		inv.RequiredMax("organisation", "200")
	}
	email := ""
	if a, err := mail.ParseAddress(strings.TrimSpace(in.Email)); err != nil || a.Address != strings.TrimSpace(in.Email) || len(in.Email) > 254 {
		inv.Add("email", "not a valid e-mail address")
	} else {
		email = strings.ToLower(a.Address)
	}
	role, ok := ParseChainRole(in.ChainRole)
	if !ok {
		inv.Add("chain_role", "choose the organisation's role in the chain")
	}
	if !in.Consent {
		inv.Add("consent", "consent with the privacy statement is required")
	}
	if len(in.JobTitle) > 200 || len(in.Dietary) > 500 {
		inv.Add("dietary", "too long")
	}
	for _, d := range in.AttendDays {
		if d < 1 || d > len(h.Days) {
			inv.Add("attend_days", "unknown hackathon day")
			break
		}
	}
	return role, email, inv.Err()
}

func joinDays(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func splitDays(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// Register stores a pending registration and queues the e-mail with the
// confirmation and cancellation links (under linkBase, e.g. https://host).
// A second registration with the same address for the hackathon is refused
// on the email field; a cancelled one may register again.
func (s *Service) Register(ctx context.Context, h *hackathon.Hackathon, in Input, linkBase string) (Result, error) {
	st, err := s.Settings(ctx, h.ID)
	if err != nil {
		return Result{}, err
	}
	if !st.Open {
		return Result{}, &apperr.Conflict{Message: "registration for this hackathon is closed"}
	}
	questions, err := s.Questions(ctx, h.ID)
	if err != nil {
		return Result{}, err
	}
	role, email, err := in.validate(h)
	answers, aerr := CheckAnswers(questions, in.Answers)
	if err = joinInvalid(err, aerr); err != nil {
		return Result{}, err
	}
	if in.Language != "en" {
		in.Language = "nl"
	}
	confirmTok, confirmHash := newToken()
	cancelTok, cancelHash := newToken()
	now := s.Now()
	var res Result
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var existing int64
		var status string
		err := tx.QueryRow(ctx, "SELECT id, status FROM registrations WHERE hackathon_id = ? AND email = ?", h.ID, email).Scan(&existing, &status)
		if err == nil && status != StatusCancelled {
			return apperr.Field("email", "this e-mail address is already registered for this hackathon")
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		orgID, created, err := selfRegOrganisation(ctx, tx, in.Organisation, role, now)
		if err != nil {
			return err
		}
		approval, basis, err := joinApproval(ctx, tx, orgID, created, email)
		if err != nil {
			return err
		}
		if existing != 0 {
			_, err = tx.Exec(ctx, `UPDATE registrations SET organisation_id = ?, chain_role = ?, name = ?, job_title = ?, dietary = ?, attend_kickoff = ?,
				attend_days = ?, language = ?, status = 'pending', confirm_token_hash = ?, cancel_token_hash = ?, consent_at = ?, confirmed_at = NULL,
				cancelled_at = NULL, created_at = ?, org_approval = ?, org_approval_basis = ?, org_approval_reason = '' WHERE id = ?`, orgID, role, in.Name, in.JobTitle,
				in.Dietary, in.AttendKickoff, joinDays(in.AttendDays), in.Language, confirmHash, cancelHash, now, now, approval, basis, existing)
			res.ID = existing
		} else {
			res.ID, err = tx.Insert(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, job_title, dietary,
				attend_kickoff, attend_days, language, status, confirm_token_hash, cancel_token_hash, consent_at, created_at, org_approval, org_approval_basis)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`, h.ID, orgID, role, in.Name, email, in.JobTitle, in.Dietary,
				in.AttendKickoff, joinDays(in.AttendDays), in.Language, confirmHash, cancelHash, now, now, approval, basis)
		}
		if err != nil {
			return err
		}
		if err := saveAnswers(ctx, tx, res.ID, answers); err != nil {
			return err
		}
		full, err := s.roleFull(ctx, tx, h.ID, role)
		if err != nil {
			return err
		}
		res.RoleFull = full
		fields := mergeFields(h, in.Name, in.Organisation)
		fields["confirm_link"] = fmt.Sprintf("%s/register/confirm/%s", linkBase, confirmTok)
		fields["cancel_link"] = fmt.Sprintf("%s/register/cancel/%s", linkBase, cancelTok)
		if err := s.queueMail(ctx, tx, h.ID, email, in.Language, MomentConfirmRequest, fields, ""); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, At: now, Entity: "registration", EntityID: strconv.FormatInt(res.ID, 10),
			Action: "registered", To: StatusPending}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, At: now, Entity: "registration", EntityID: strconv.FormatInt(res.ID, 10),
			Action: "organisation link", To: strings.TrimSpace(fmt.Sprintf("%s %s organisation=%d", approval, basis, orgID))})
	})
	return res, err
}

func organisationID(ctx context.Context, tx *store.Tx, name string, role ChainRole, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM organisations WHERE LOWER(name) = LOWER(?)", name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return tx.Insert(ctx, "INSERT INTO organisations (name, chain_role, created_at) VALUES (?, ?, ?)", name, role, now)
}

// roleFull reports whether the confirmed registrations fill the role's
// capacity. On PostgreSQL it locks the capacity row, so two confirmations
// for the last place are decided one after the other; on SQLite the
// transaction is IMMEDIATE and thus already alone.
func (s *Service) roleFull(ctx context.Context, tx *store.Tx, hackathonID int64, role ChainRole) (bool, error) {
	q := "SELECT capacity FROM registration_capacity WHERE hackathon_id = ? AND chain_role = ?"
	if s.DB.Dialect == store.Postgres {
		q += " FOR UPDATE"
	}
	var capacity int
	err := tx.QueryRow(ctx, q, hackathonID, role).Scan(&capacity)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM registrations WHERE hackathon_id = ? AND chain_role = ? AND status = 'confirmed'",
		hackathonID, role).Scan(&n); err != nil {
		return false, err
	}
	return n >= capacity, nil
}

const regColumns = `r.id, r.hackathon_id, COALESCE(r.organisation_id, 0), COALESCE(o.name, ''), r.chain_role, r.name, r.email, r.job_title,
	r.dietary, r.attend_kickoff, r.attend_days, r.language, r.status, r.consent_at, r.confirmed_at, r.cancelled_at, r.created_at,
	r.phone, r.is_contact, r.is_issue_owner,
	COALESCE((SELECT CASE WHEN ra.created_account THEN 'invited' ELSE 'granted' END FROM registration_accounts ra WHERE ra.registration_id = r.id), ''),
	r.org_approval, r.org_approval_basis, r.org_approval_reason`

func scanReg(row interface{ Scan(...any) error }) (*Registration, error) {
	var r Registration
	var days string
	var conf, canc sql.NullTime
	err := row.Scan(&r.ID, &r.HackathonID, &r.OrganisationID, &r.Organisation, &r.ChainRole, &r.Name, &r.Email, &r.JobTitle,
		&r.Dietary, &r.AttendKickoff, &days, &r.Language, &r.Status, &r.ConsentAt, &conf, &canc, &r.CreatedAt,
		&r.Phone, &r.IsContact, &r.IsIssueOwner, &r.Account, &r.Approval, &r.ApprovalBasis, &r.ApprovalReason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	r.AttendDays, r.ConfirmedAt, r.CancelledAt = splitDays(days), conf.Time, canc.Time
	return &r, err
}

func (s *Service) regWhere(ctx context.Context, q store.Querier, where string, args ...any) (*Registration, error) {
	return scanReg(q.QueryRow(ctx, "SELECT "+regColumns+" FROM registrations r LEFT JOIN organisations o ON o.id = r.organisation_id WHERE "+where, args...))
}

// ByConfirmToken finds the pending registration of a confirmation link.
func (s *Service) ByConfirmToken(ctx context.Context, token string) (*Registration, error) {
	return s.regWhere(ctx, s.DB, "r.confirm_token_hash = ? AND r.status = 'pending'", hashToken(token))
}

// ByCancelToken finds the registration of a cancellation link.
func (s *Service) ByCancelToken(ctx context.Context, token string) (*Registration, error) {
	return s.regWhere(ctx, s.DB, "r.cancel_token_hash = ?", hashToken(token))
}

// Get loads one registration of a hackathon.
func (s *Service) Get(ctx context.Context, hackathonID, id int64) (*Registration, error) {
	r, err := s.regWhere(ctx, s.DB, "r.id = ? AND r.hackathon_id = ?", id, hackathonID)
	if err != nil {
		return nil, err
	}
	all, err := s.answersOf(ctx, hackathonID, id)
	r.Answers = all[id]
	return r, err
}

// Confirm completes the double opt-in: the registration gets a place, or a
// place on the waiting list when its chain role is full. The link works once.
func (s *Service) Confirm(ctx context.Context, h *hackathon.Hackathon, token, linkBase string) (*Registration, error) {
	var reg *Registration
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regWhere(ctx, tx, "r.confirm_token_hash = ? AND r.status = 'pending' AND r.hackathon_id = ?", hashToken(token), h.ID)
		if err != nil {
			return err
		}
		full, err := s.roleFull(ctx, tx, r.HackathonID, r.ChainRole)
		if err != nil {
			return err
		}
		r.Status = StatusConfirmed
		if full {
			r.Status = StatusWaitlist
		}
		if _, err := tx.Exec(ctx, "UPDATE registrations SET status = ?, confirm_token_hash = NULL, confirmed_at = ? WHERE id = ?", r.Status, now, r.ID); err != nil {
			return err
		}
		r.ConfirmedAt = now
		if err := s.notifyStatus(ctx, tx, h, r, linkBase); err != nil {
			return err
		}
		reg = r
		return audit.Record(ctx, tx, audit.Entry{HackathonID: r.HackathonID, At: now, Entity: "registration", EntityID: strconv.FormatInt(r.ID, 10),
			Action: "confirmed", From: StatusPending, To: r.Status})
	})
	return reg, err
}

func (s *Service) notifyStatus(ctx context.Context, tx *store.Tx, h *hackathon.Hackathon, r *Registration, linkBase string) error {
	var msg comms.Message
	ok := false
	m := MomentWaitlisted
	if r.Status == StatusConfirmed {
		m = MomentConfirmed
	}
	if s.MailText != nil {
		var err error
		if msg, ok, err = s.MailText(ctx, tx, h, r, m, linkBase); err != nil {
			return err
		}
	}
	if !ok {
		subject, body, err := TemplateFor(m, r.Language).Merge(mergeFields(h, r.Name, r.Organisation))
		if err != nil {
			return err
		}
		if r.Approval == ApprovalPending {
			body += PendingNotice(r.Language, r.Organisation)
		}
		msg = comms.Message{Subject: subject, Body: body}
	}
	msg.HackathonID, msg.To, msg.ICS = h.ID, r.Email, ""
	if r.Status == StatusConfirmed {
		msg.ICS = s.Invitation(h, linkBase, r.Email, r.Language)
	}
	_, err := s.Outbox.Queue(ctx, tx, msg)
	return err
}

// notifyCancelled tells r that its cancellation is done, in the hackathon's
// own template when MailText gives one.
func (s *Service) notifyCancelled(ctx context.Context, tx *store.Tx, h *hackathon.Hackathon, r *Registration, linkBase string) error {
	if s.MailText != nil {
		msg, ok, err := s.MailText(ctx, tx, h, r, MomentCancelled, linkBase)
		if err != nil {
			return err
		}
		if ok {
			msg.HackathonID, msg.To = h.ID, r.Email
			_, err = s.Outbox.Queue(ctx, tx, msg)
			return err
		}
	}
	return s.queueMail(ctx, tx, h.ID, r.Email, r.Language, MomentCancelled, mergeFields(h, r.Name, r.Organisation), "")
}

// Cancel cancels by the cancellation link. A place that frees up goes to
// the first on the waiting list of the same chain role, who is told so.
func (s *Service) Cancel(ctx context.Context, h *hackathon.Hackathon, token, linkBase string) (*Registration, error) {
	var reg *Registration
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regWhere(ctx, tx, "r.cancel_token_hash = ? AND r.hackathon_id = ?", hashToken(token), h.ID)
		if err != nil {
			return err
		}
		if r.Status == StatusCancelled {
			reg = r
			return nil
		}
		was := r.Status
		if _, err := tx.Exec(ctx, "UPDATE registrations SET status = 'cancelled', confirm_token_hash = NULL, cancelled_at = ? WHERE id = ?", now, r.ID); err != nil {
			return err
		}
		r.Status, r.CancelledAt = StatusCancelled, now
		if err := s.notifyCancelled(ctx, tx, h, r, linkBase); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, At: now, Entity: "registration", EntityID: strconv.FormatInt(r.ID, 10),
			Action: "cancelled", From: was, To: StatusCancelled}); err != nil {
			return err
		}
		reg = r
		if was == StatusConfirmed {
			return s.promote(ctx, tx, h, r.ChainRole, linkBase)
		}
		return nil
	})
	return reg, err
}

// promote gives free places of a chain role to the waiting list, oldest confirmation first.
func (s *Service) promote(ctx context.Context, tx *store.Tx, h *hackathon.Hackathon, role ChainRole, linkBase string) error {
	for {
		full, err := s.roleFull(ctx, tx, h.ID, role)
		if err != nil || full {
			return err
		}
		next, err := s.regWhere(ctx, tx, "r.hackathon_id = ? AND r.chain_role = ? AND r.status = 'waitlist' ORDER BY r.confirmed_at, r.id LIMIT 1", h.ID, role)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE registrations SET status = 'confirmed' WHERE id = ?", next.ID); err != nil {
			return err
		}
		next.Status = StatusConfirmed
		if err := s.notifyStatus(ctx, tx, h, next, linkBase); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, At: s.Now(), Entity: "registration", EntityID: strconv.FormatInt(next.ID, 10),
			Action: "promoted", From: StatusWaitlist, To: StatusConfirmed}); err != nil {
			return err
		}
	}
}

// List lists a hackathon's registrations by chain role and registration order.
func (s *Service) List(ctx context.Context, hackathonID int64) ([]Registration, error) {
	out, err := store.Collect(ctx, s.DB, scanReg, "SELECT "+regColumns+" FROM registrations r LEFT JOIN organisations o ON o.id = r.organisation_id WHERE r.hackathon_id = ? ORDER BY r.chain_role, r.created_at, r.id", hackathonID)
	if err != nil {
		return nil, err
	}
	all, err := s.answersOf(ctx, hackathonID, 0)
	for i := range out {
		out[i].Answers = all[out[i].ID]
	}
	return out, err
}

// Delete removes a person's registration (AVG); the audit entry keeps no personal data.
func (s *Service) Delete(ctx context.Context, hackathonID, id, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regWhere(ctx, tx, "r.id = ? AND r.hackathon_id = ?", id, hackathonID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM registrations WHERE id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE outbox SET body = '', ics = '', recipient = 'deleted@invalid' WHERE hackathon_id = ? AND recipient = ? AND status <> 'queued'", hackathonID, r.Email); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "registration",
			EntityID: strconv.FormatInt(id, 10), Action: "personal data deleted", From: r.Status}); err != nil {
			return err
		}
		if r.Status == StatusConfirmed {
			// The linkBase is unknown here; invitations of promoted people carry no link.
			h, err := loadHackathon(ctx, tx, hackathonID)
			if err != nil {
				return err
			}
			return s.promote(ctx, tx, h, r.ChainRole, "")
		}
		return nil
	})
}

func (s *Service) queueMail(ctx context.Context, tx *store.Tx, hackathonID int64, to, lang string, m Moment, fields map[string]string, ics string) error {
	subject, body, err := TemplateFor(m, lang).Merge(fields)
	if err != nil {
		return err
	}
	_, err = s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: hackathonID, To: to, Subject: subject, Body: body, ICS: ics})
	return err
}

func mergeFields(h *hackathon.Hackathon, name, org string) map[string]string {
	kickoff := "–"
	if !h.Kickoff.IsZero() {
		kickoff = h.Kickoff.String()
	}
	days := make([]string, len(h.Days))
	for i, d := range h.Days {
		days[i] = d.String()
	}
	return map[string]string{"name": name, "organisation": org, "hackathon": h.Name, "location": h.Location,
		"kickoff": kickoff, "days": strings.Join(days, ", ")}
}
