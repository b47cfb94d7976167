package finding

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// Notifications (meldingen) go to the assignees and watchers of a finding
// on a status change, an assignment, a comment and a resolution term set.
// They are stored, and queued as e-mail in the outbox, in the transaction of
// the change, so a committed change never loses its notifications.
//
// Watchers are the logger, the reporter's account (by e-mail address or
// name), everyone who commented, the actor organisation's responsible
// person and the members of the actor organisation, plus whoever chose to
// watch; whoever chose to unwatch gets nothing. Nobody is notified of their
// own change, nor of a finding they may not see.

// Notification kinds.
const (
	NoteStatus   = "status"
	NoteAssigned = "assigned"
	NoteComment  = "comment"
	NoteDue      = "due"
)

// StaffRoles see every finding (as the web pages and API decide): the
// project team plus the logging and triage teams.
var StaffRoles = append(blueprint.ProjectRoles(), blueprint.RoleLoggingteam, blueprint.RoleTriageteam)

// Notification is one message to one user about a finding.
type Notification struct {
	ID           int64     `json:"id"`
	HackathonID  int64     `json:"hackathon_id"`
	FindingID    int64     `json:"finding_id"`
	FindingKey   string    `json:"finding_key"`
	FindingTitle string    `json:"finding_title"`
	Kind         string    `json:"kind"`
	Detail       string    `json:"detail"`
	ByName       string    `json:"by"`
	At           time.Time `json:"at"`
	Read         bool      `json:"read"`
}

// Transition returns the from and to status of a status notification.
func (n Notification) Transition() []Status {
	from, to, ok := strings.Cut(n.Detail, " → ")
	if n.Kind != NoteStatus || !ok {
		return nil
	}
	return []Status{Status(from), Status(to)}
}

type recipient struct {
	ID       int64
	Email    string
	Lang     string
	EmailOff bool
}

// notifyChange is called inside the transaction of every audited change.
func (s *Service) notifyChange(ctx context.Context, tx *store.Tx, f *Finding, by int64, action, from, to string) error {
	var kind, detail string
	switch action {
	case "status":
		if assignedJustNow, err := s.assignedInThisChange(ctx, tx, f, by, from, to); err != nil || assignedJustNow {
			return err // the assignment's notification says it already
		}
		kind, detail = NoteStatus, from+" → "+to
	case "actor":
		id, _ := strconv.ParseInt(to, 10, 64)
		if id == 0 {
			return nil
		}
		kind = NoteAssigned
		if err := tx.QueryRow(ctx, "SELECT name FROM organisations WHERE id = ?", id).Scan(&detail); err != nil {
			return err
		}
	case "comment":
		kind, detail = NoteComment, excerpt(to, 300)
	case "resolution term":
		if to == "" {
			return nil
		}
		kind, detail = NoteDue, to
	default:
		return nil
	}
	recips, err := s.recipients(ctx, tx, f.HackathonID, f.ID, by)
	if err != nil || len(recips) == 0 {
		return err
	}
	now := s.Now()
	outbox := s.Outbox
	key, title := f.Key, f.Title
	var byName string
	if err := tx.QueryRow(ctx, "SELECT COALESCE((SELECT name FROM users WHERE id = ?), '')", by).Scan(&byName); err != nil {
		return err
	}
	for _, r := range recips {
		if _, err := tx.Insert(ctx, `INSERT INTO finding_notifications (hackathon_id, user_id, finding_id, kind, detail, by_user, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, f.HackathonID, r.ID, f.ID, kind, detail, store.NullID(by), now); err != nil {
			return err
		}
		if r.EmailOff || r.Email == "" {
			continue
		}
		if outbox == nil {
			outbox = comms.NewOutbox(s.DB, jobs.NewQueue(s.DB), "ketentest@localhost")
		}
		subject, body := noteMail(r.Lang, s.BaseURL, f.HackathonID, f.ID, key, title, kind, detail, byName)
		if _, err := outbox.Queue(ctx, tx, comms.Message{HackathonID: f.HackathonID, To: r.Email, Subject: subject, Body: body}); err != nil {
			return err
		}
	}
	return nil
}

// assignedInThisChange reports whether a move to toegewezen is the
// automatic consequence of assigning the actor a moment ago in the same
// change (triage or bulk assignment), so that one assignment gives one
// notification, not two.
func (s *Service) assignedInThisChange(ctx context.Context, tx *store.Tx, f *Finding, by int64, from, to string) (bool, error) {
	if Status(to) != StatusToegewezen || (Status(from) != StatusNieuw && Status(from) != StatusInTriage) {
		return false, nil
	}
	q := `SELECT COUNT(*) FROM audit_log WHERE entity = 'finding' AND entity_id = ? AND action = 'actor' AND at >= ? AND `
	args := []any{strconv.FormatInt(f.ID, 10), s.Now().Add(-5 * time.Second)}
	if by == 0 {
		q += "user_id IS NULL"
	} else {
		q, args = q+"user_id = ?", append(args, by)
	}
	var n int
	err := tx.QueryRow(ctx, q, args...).Scan(&n)
	return n > 0, err
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// oneLine keeps a header value on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func noteMail(lang, baseURL string, hid, fid int64, key, title, kind, detail, by string) (subject, body string) {
	what := i18n.T(lang, "notify.kind."+kind)
	if st := (Notification{Kind: kind, Detail: detail}).Transition(); st != nil {
		detail = i18n.T(lang, "fstatus."+string(st[0])) + " → " + i18n.T(lang, "fstatus."+string(st[1]))
	}
	subject = oneLine(fmt.Sprintf("[%s] %s: %s", key, what, title))
	link := strings.TrimSuffix(baseURL, "/") + fmt.Sprintf("/hackathons/%d/findings/%d", hid, fid)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\n%s: %s\n", key, title, what, detail)
	if by != "" {
		fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "notify.by"), by)
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n", link, i18n.T(lang, "notify.mail_footer"))
	return subject, b.String()
}

// findingState is what visibility needs, read in the transaction.
func findingState(ctx context.Context, q store.Querier, fid int64) (*Finding, string, error) {
	f := &Finding{ID: fid}
	var logged, actor sql.NullInt64
	var reported string
	if err := q.QueryRow(ctx, "SELECT hackathon_id, visibility, logged_by, actor_org_id, reported_by FROM findings WHERE id = ?", fid).
		Scan(&f.HackathonID, &f.Visibility, &logged, &actor, &reported); err != nil {
		return nil, "", err
	}
	f.LoggedBy, f.ActorOrgID = logged.Int64, actor.Int64
	ids, err := int64s(ctx, q, "SELECT organisation_id FROM finding_orgs WHERE finding_id = ?", fid)
	for _, id := range ids {
		f.Orgs = append(f.Orgs, Org{ID: id})
	}
	return f, reported, err
}

func int64s(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id sql.NullInt64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if id.Valid && id.Int64 != 0 {
			out = append(out, id.Int64)
		}
	}
	return out, rows.Err()
}

// watchers lists the users who follow a finding (see the package rules
// above), without the visibility check.
func watchers(ctx context.Context, q store.Querier, f *Finding, reported string) ([]int64, error) {
	set := []int64{}
	add := func(ids ...int64) {
		for _, id := range ids {
			if id != 0 && !slices.Contains(set, id) {
				set = append(set, id)
			}
		}
	}
	add(f.LoggedBy)
	queries := []struct {
		q    string
		args []any
	}{
		{"SELECT user_id FROM finding_comments WHERE finding_id = ?", []any{f.ID}},
		{"SELECT responsible_id FROM finding_actors WHERE hackathon_id = ? AND organisation_id = ?", []any{f.HackathonID, f.ActorOrgID}},
		{"SELECT user_id FROM hackathon_members WHERE hackathon_id = ? AND organisation_id = ?", []any{f.HackathonID, f.ActorOrgID}},
		{"SELECT user_id FROM finding_watchers WHERE finding_id = ? AND watching = ?", []any{f.ID, true}},
	}
	if reported = strings.TrimSpace(reported); reported != "" {
		queries = append(queries, struct {
			q    string
			args []any
		}{"SELECT id FROM users WHERE LOWER(email) = LOWER(?) OR name = ?", []any{reported, reported}})
	}
	for _, x := range queries {
		ids, err := int64s(ctx, q, x.q, x.args...)
		if err != nil {
			return nil, err
		}
		add(ids...)
	}
	off, err := int64s(ctx, q, "SELECT user_id FROM finding_watchers WHERE finding_id = ? AND watching = ?", f.ID, false)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(set, func(id int64) bool { return slices.Contains(off, id) }), nil
}

// ViewerOf builds the Viewer of a user in a hackathon from the database,
// as the pages do from the request: admins and staff roles see everything.
func ViewerOf(ctx context.Context, q store.Querier, hid, userID int64) (Viewer, bool, error) {
	v := Viewer{UserID: userID}
	var admin, disabled bool
	if err := q.QueryRow(ctx, "SELECT is_admin, disabled FROM users WHERE id = ?", userID).Scan(&admin, &disabled); err != nil {
		return v, false, err
	}
	rows, err := q.Query(ctx, "SELECT role, organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", hid, userID)
	if err != nil {
		return v, false, err
	}
	defer rows.Close()
	member := false
	for rows.Next() {
		var role blueprint.Role
		var org sql.NullInt64
		if err := rows.Scan(&role, &org); err != nil {
			return v, false, err
		}
		member = true
		if slices.Contains(StaffRoles, role) {
			v.Staff = true
		}
		if org.Valid && !slices.Contains(v.Orgs, org.Int64) {
			v.Orgs = append(v.Orgs, org.Int64)
		}
	}
	v.Staff = v.Staff || admin
	return v, (member || admin) && !disabled, rows.Err()
}

// recipients are the watchers who may see the finding now, without by.
func (s *Service) recipients(ctx context.Context, q store.Querier, hid, fid, by int64) ([]recipient, error) {
	f, reported, err := findingState(ctx, q, fid)
	if err != nil {
		return nil, err
	}
	ids, err := watchers(ctx, q, f, reported)
	if err != nil {
		return nil, err
	}
	var out []recipient
	for _, id := range ids {
		if id == by {
			continue
		}
		v, ok, err := ViewerOf(ctx, q, hid, id)
		if err != nil {
			return nil, err
		}
		if !ok || !v.CanSee(f) {
			continue
		}
		r := recipient{ID: id}
		if err := q.QueryRow(ctx, `SELECT u.email, u.language, COALESCE((SELECT email_off FROM finding_notify_prefs p WHERE p.hackathon_id = ? AND p.user_id = u.id), ?)
			FROM users u WHERE u.id = ?`, hid, false, id).Scan(&r.Email, &r.Lang, &r.EmailOff); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Watching reports whether user follows f (explicitly or as one of its
// natural watchers) and may see it.
func (s *Service) Watching(ctx context.Context, f *Finding, userID int64) (bool, error) {
	rs, err := s.recipients(ctx, s.DB, f.HackathonID, f.ID, 0)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(rs, func(r recipient) bool { return r.ID == userID }), nil
}

// Watch records that user explicitly watches (true) or unwatches f.
func (s *Service) Watch(ctx context.Context, f *Finding, userID int64, watching bool) error {
	_, err := s.DB.Exec(ctx, `INSERT INTO finding_watchers (finding_id, user_id, watching) VALUES (?, ?, ?)
		ON CONFLICT (finding_id, user_id) DO UPDATE SET watching = excluded.watching`, f.ID, userID, watching)
	return err
}

// Notifications lists a user's notifications in a hackathon that v may
// still see, newest first, at most limit.
func (s *Service) Notifications(ctx context.Context, hid int64, v Viewer, limit int) ([]Notification, error) {
	rows, err := s.DB.Query(ctx, `SELECT n.id, n.finding_id, n.kind, n.detail, COALESCE(u.name, ''), n.created_at, n.read_at IS NOT NULL
		FROM finding_notifications n LEFT JOIN users u ON u.id = n.by_user
		WHERE n.hackathon_id = ? AND n.user_id = ? ORDER BY n.id DESC LIMIT ?`, hid, v.UserID, limit)
	if err != nil {
		return nil, err
	}
	var out []Notification
	for rows.Next() {
		n := Notification{HackathonID: hid}
		if err := rows.Scan(&n.ID, &n.FindingID, &n.Kind, &n.Detail, &n.ByName, &n.At, &n.Read); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := map[int64]*Finding{}
	visible := out[:0]
	for _, n := range out {
		f, ok := seen[n.FindingID]
		if !ok {
			if f, err = s.Get(ctx, hid, n.FindingID, v); err != nil && !errors.Is(err, ErrNotFound) {
				return nil, err
			}
			seen[n.FindingID] = f
		}
		if f != nil {
			n.FindingKey, n.FindingTitle = f.Key, f.Title
			visible = append(visible, n)
		}
	}
	return visible, nil
}

// Unread counts a user's unread notifications in a hackathon, of the
// findings the user may still see (as Notifications lists them).
func (s *Service) Unread(ctx context.Context, hid, userID int64) (int, error) {
	rows, err := s.DB.Query(ctx, "SELECT finding_id, COUNT(*) FROM finding_notifications WHERE hackathon_id = ? AND user_id = ? AND read_at IS NULL GROUP BY finding_id", hid, userID)
	if err != nil {
		return 0, err
	}
	perFinding := map[int64]int{}
	for rows.Next() {
		var fid int64
		var c int
		if err := rows.Scan(&fid, &c); err != nil {
			rows.Close()
			return 0, err
		}
		perFinding[fid] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(perFinding) == 0 {
		return 0, err
	}
	v, _, err := ViewerOf(ctx, s.DB, hid, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for fid, c := range perFinding {
		if _, err := s.Get(ctx, hid, fid, v); err == nil {
			n += c
		} else if !errors.Is(err, ErrNotFound) {
			return 0, err
		}
	}
	return n, nil
}

// MarkRead marks one of the user's notifications read, or all of them when id is 0.
func (s *Service) MarkRead(ctx context.Context, hid, userID, id int64) error {
	q := "UPDATE finding_notifications SET read_at = ? WHERE hackathon_id = ? AND user_id = ? AND read_at IS NULL"
	args := []any{s.Now(), hid, userID}
	if id != 0 {
		q, args = q+" AND id = ?", append(args, id)
	}
	res, err := s.DB.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 && id != 0 {
		var exists int
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM finding_notifications WHERE id = ? AND hackathon_id = ? AND user_id = ?", id, hid, userID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return fmt.Errorf("notification %w", apperr.ErrNotFound)
		}
	}
	return nil
}

// MarkFindingRead marks the user's notifications about one finding read
// (when the user opens the finding).
func (s *Service) MarkFindingRead(ctx context.Context, hid, userID, findingID int64) error {
	_, err := s.DB.Exec(ctx, "UPDATE finding_notifications SET read_at = ? WHERE hackathon_id = ? AND user_id = ? AND finding_id = ? AND read_at IS NULL",
		s.Now(), hid, userID, findingID)
	return err
}

// EmailNotifications reports whether the user gets notifications by e-mail in the hackathon (default on).
func (s *Service) EmailNotifications(ctx context.Context, hid, userID int64) (bool, error) {
	var off bool
	err := s.DB.QueryRow(ctx, "SELECT email_off FROM finding_notify_prefs WHERE hackathon_id = ? AND user_id = ?", hid, userID).Scan(&off)
	if err == sql.ErrNoRows {
		return true, nil
	}
	return !off, err
}

// SetEmailNotifications switches e-mail for notifications on or off for the user in the hackathon.
func (s *Service) SetEmailNotifications(ctx context.Context, hid, userID int64, on bool) error {
	_, err := s.DB.Exec(ctx, `INSERT INTO finding_notify_prefs (hackathon_id, user_id, email_off) VALUES (?, ?, ?)
		ON CONFLICT (hackathon_id, user_id) DO UPDATE SET email_off = excluded.email_off`, hid, userID, !on)
	return err
}
