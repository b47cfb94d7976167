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
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// ErrNotFound is returned for an unknown finding or one the viewer may not see.
var ErrNotFound = fmt.Errorf("finding %w", apperr.ErrNotFound)

// Service is the finding capability over the database.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Dir holds attachment files: <data dir>/attachments when served.
	Dir string
	// MaxAttachment is the size limit of one attachment; 0 means DefaultMaxAttachment.
	MaxAttachment int64
	// Live carries committed changes to the live board; nil: nobody watches.
	Live *Live
	// Outbox queues notification mail; nil: one on DB from ketentest@localhost.
	Outbox *comms.Outbox
	// BaseURL is ketentest's public origin, for links in notification mail.
	BaseURL string

	// beforeCommit, when set (tests only), runs last in Create's transaction.
	beforeCommit func(context.Context) error
}

// NewService returns a Service using the wall clock.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

// Viewer is who looks at findings: the project team (staff) sees all of
// them, others see findings visible to all plus those involving their
// organisations and those they logged themselves.
type Viewer struct {
	UserID int64
	Staff  bool
	Triage bool // triages findings: follows up every finding (CanFollowUp)
	Orgs   []int64
	// Responsible are the actor organisations the user answers for: made
	// responsible for the actor (finding configuration), or acting for the
	// organisation as participant or actor. Their findings it follows up.
	Responsible []int64
}

// CanSee applies the visibility rule to one finding.
func (v Viewer) CanSee(f *Finding) bool {
	if v.Staff || f.Visibility == VisibleAll || (v.UserID != 0 && f.LoggedBy == v.UserID) {
		return true
	}
	for _, o := range v.Orgs {
		if f.InvolvesOrg(o) {
			return true
		}
	}
	return false
}

// sqlCond is CanSee as an SQL condition over findings f ("" for staff).
func (v Viewer) sqlCond() (string, []any) {
	if v.Staff {
		return "", nil
	}
	conds := []string{"f.visibility = ?"}
	args := []any{VisibleAll}
	if v.UserID != 0 {
		conds, args = append(conds, "f.logged_by = ?"), append(args, v.UserID)
	}
	if len(v.Orgs) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(v.Orgs)), ", ")
		conds = append(conds, "f.actor_org_id IN ("+ph+")",
			"EXISTS (SELECT 1 FROM finding_orgs fo WHERE fo.finding_id = f.id AND fo.organisation_id IN ("+ph+"))")
		for range 2 {
			for _, o := range v.Orgs {
				args = append(args, o)
			}
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// OrgsOf lists the organisations a user acts for in a hackathon (via hackathon_members).
func (s *Service) OrgsOf(ctx context.Context, hackathonID, userID int64) ([]int64, error) {
	rows, err := s.DB.Query(ctx, "SELECT DISTINCT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND organisation_id IS NOT NULL", hackathonID, userID)
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

// Input is what the logging team enters.
type Input struct {
	Title          string  `json:"title"`
	Description    string  `json:"description"`
	ReportedBy     string  `json:"reported_by"`
	OrgIDs         []int64 `json:"organisation_ids"`
	ChainLink      string  `json:"chain_link"`
	DataService    string  `json:"data_service"`
	Kind           string  `json:"kind"`
	Severity       string  `json:"severity"`
	TestRoundID    int64   `json:"test_round_id"`
	ScenarioStepID int64   `json:"scenario_step_id"`
	ExchangeID     int64   `json:"exchange_id"`
	PGOExchangeID  int64   `json:"pgo_exchange_id"`
	IdempotencyKey string  `json:"idempotency_key"`
}

// Validate trims the input, fills defaults and reports every wrong field.
func (in *Input) Validate() error {
	var v apperr.Invalid
	in.Title = strings.TrimSpace(in.Title)
	in.ReportedBy = strings.TrimSpace(in.ReportedBy)
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	switch {
	case in.Title == "":
		v.Required("title")
	case len(in.Title) > 300:
		v.TooLong("title", "300")
	}
	if len(in.Description) > 50000 {
		v.TooLong("description", "50,000")
	}
	if len(in.ReportedBy) > 200 {
		v.TooLong("reported_by", "200")
	}
	if len(in.DataService) > 200 {
		v.TooLong("data_service", "200")
	}
	if in.ChainLink == "" {
		in.ChainLink = "overig"
	}
	if !slices.Contains(ChainLinks, in.ChainLink) {
		v.AddCode("chain_link", "one_of", "must be one of "+strings.Join(ChainLinks, ", "), strings.Join(ChainLinks, ", "))
	}
	if in.Kind == "" {
		in.Kind = "technisch"
	}
	if !slices.Contains(Kinds, in.Kind) {
		v.Add("kind", "must be technisch or functioneel")
	}
	if in.Severity == "" {
		in.Severity = "midden"
	}
	if !slices.Contains(Severities, in.Severity) {
		v.AddCode("severity", "one_of", "must be one of "+strings.Join(Severities, ", "), strings.Join(Severities, ", "))
	}
	if len(in.IdempotencyKey) > 100 {
		v.TooLong("idempotency_key", "100")
	}
	return v.Err()
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Create logs a finding. With an idempotency key that was used before in
// the hackathon, it returns the finding stored then and created=false.
func (s *Service) Create(ctx context.Context, hackathonID int64, in Input, by int64) (f *Finding, created bool, err error) {
	if err := in.Validate(); err != nil {
		return nil, false, err
	}
	if in.IdempotencyKey != "" {
		if id, ok := s.byKey(ctx, hackathonID, in.IdempotencyKey); ok {
			f, err := s.get(ctx, hackathonID, id)
			return f, false, err
		}
	}
	if err := checkLinks(ctx, s.DB, hackathonID, &in, by); err != nil {
		return nil, false, err
	}
	var id, eventID int64
	now := s.Now()
	for attempt := 0; ; attempt++ {
		id, eventID, err = s.insert(ctx, hackathonID, in, by, now)
		if !errors.Is(err, errPoolEmpty) || attempt == 10 {
			break
		}
		if err = s.refillNumbers(ctx, hackathonID); err != nil {
			break
		}
	}
	if err != nil {
		// A concurrent request with the same key won the race: return its finding.
		if in.IdempotencyKey != "" {
			if eid, ok := s.byKey(ctx, hackathonID, in.IdempotencyKey); ok {
				f, err := s.get(ctx, hackathonID, eid)
				return f, false, err
			}
		}
		return nil, false, err
	}
	if eventID != 0 {
		notifyCommitted(ctx, s.DB, s.Live, eventID, hackathonID, id, ChangeCreated)
	}
	f, err = s.get(ctx, hackathonID, id)
	if err == nil && eventID == 0 {
		s.published(ctx, hackathonID, id, ChangeCreated, f)
	}
	return f, true, err
}

// insert stores a new finding, its organisations, its audit row and (on
// PostgreSQL) its live-board event in one transaction, and returns the
// finding's id and the event's id (0 on SQLite, whose broker numbers events
// in process after the commit).
func (s *Service) insert(ctx context.Context, hackathonID int64, in Input, by int64, now time.Time) (id, eventID int64, err error) {
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		num, err := s.takeNumber(ctx, tx, hackathonID)
		if err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO findings (hackathon_id, number, title, description, logged_by, reported_by, chain_link, data_service,
			kind, severity, status, visibility, test_round_id, scenario_step_id, exchange_id, pgo_exchange_id, idempotency_key, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			hackathonID, num, in.Title, in.Description, store.NullID(by), in.ReportedBy, in.ChainLink, in.DataService,
			in.Kind, in.Severity, StatusNieuw, VisibleInvolved, store.NullID(in.TestRoundID), store.NullID(in.ScenarioStepID), store.NullID(in.ExchangeID), store.NullID(in.PGOExchangeID),
			nullStr(in.IdempotencyKey), now, now)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, o := range in.OrgIDs {
			if seen[o] {
				continue
			}
			seen[o] = true
			if _, err := tx.Exec(ctx, "INSERT INTO finding_orgs (finding_id, organisation_id) VALUES (?, ?)", id, o); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "finding",
			EntityID: strconv.FormatInt(id, 10), Action: "logged", To: in.Title}); err != nil {
			return err
		}
		if s.DB.Dialect == store.Postgres {
			if eventID, err = recordEvent(ctx, tx, hackathonID, id, ChangeCreated, now); err != nil {
				return err
			}
		}
		if s.beforeCommit != nil {
			return s.beforeCommit(ctx)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return id, eventID, nil
}

func (s *Service) byKey(ctx context.Context, hackathonID int64, key string) (int64, bool) {
	var id int64
	err := s.DB.QueryRow(ctx, "SELECT id FROM findings WHERE hackathon_id = ? AND idempotency_key = ?", hackathonID, key).Scan(&id)
	return id, err == nil
}

const findingCols = `f.id, f.hackathon_id, f.number, h.code, f.title, f.description, f.logged_by, COALESCE(u.name, ''), f.reported_by,
	f.chain_link, f.data_service, f.kind, f.severity, f.status, f.category, f.theme, f.element, f.actor_org_id, COALESCE(o.name, ''), COALESCE(ru.name, ''),
	f.visibility, f.due_date, f.tracker_key, f.tracker_url, f.duplicate_of, f.test_round_id, f.scenario_step_id, f.exchange_id, f.pgo_exchange_id,
	f.root_cause, f.root_chain_link, f.root_evidence, f.created_at, f.updated_at`

const findingFrom = ` FROM findings f JOIN hackathons h ON h.id = f.hackathon_id LEFT JOIN users u ON u.id = f.logged_by
	LEFT JOIN organisations o ON o.id = f.actor_org_id
	LEFT JOIN finding_actors fa ON fa.hackathon_id = f.hackathon_id AND fa.organisation_id = f.actor_org_id
	LEFT JOIN users ru ON ru.id = fa.responsible_id `

func scan(row interface{ Scan(...any) error }) (*Finding, error) {
	var f Finding
	var code string
	var logged, actor, dup, round, step, exch, pgoExch sql.NullInt64
	if err := row.Scan(&f.ID, &f.HackathonID, &f.Number, &code, &f.Title, &f.Description, &logged, &f.LoggedByName, &f.ReportedBy,
		&f.ChainLink, &f.DataService, &f.Kind, &f.Severity, &f.Status, &f.Category, &f.Theme, &f.Element, &actor, &f.ActorName, &f.ActorResponsible,
		&f.Visibility, &f.Due, &f.TrackerKey, &f.TrackerURL, &dup, &round, &step, &exch, &pgoExch,
		&f.RootCause, &f.RootChainLink, &f.RootEvidence, &f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	f.Key = code + "-" + strconv.Itoa(f.Number)
	f.LoggedBy, f.ActorOrgID, f.DuplicateOf = logged.Int64, actor.Int64, dup.Int64
	f.TestRoundID, f.ScenarioStepID, f.ExchangeID, f.PGOExchangeID = round.Int64, step.Int64, exch.Int64, pgoExch.Int64
	return &f, nil
}

// get loads a finding without visibility checks.
func (s *Service) get(ctx context.Context, hackathonID, id int64) (*Finding, error) {
	f, err := scan(s.DB.QueryRow(ctx, "SELECT "+findingCols+findingFrom+"WHERE f.hackathon_id = ? AND f.id = ?", hackathonID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.details(ctx, []*Finding{f}); err != nil {
		return nil, err
	}
	return f, nil
}

// Get loads a finding the viewer may see; others are reported not found.
func (s *Service) Get(ctx context.Context, hackathonID, id int64, v Viewer) (*Finding, error) {
	f, err := s.get(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if !v.CanSee(f) {
		return nil, ErrNotFound
	}
	return f, nil
}

// details fills organisations and labels, with two queries per 500
// findings rather than two per finding (a board lists many).
func (s *Service) details(ctx context.Context, fs []*Finding) error {
	byID := make(map[int64]*Finding, len(fs))
	for _, f := range fs {
		f.Orgs, f.Labels = []Org{}, []string{}
		byID[f.ID] = f
	}
	for len(fs) > 0 {
		chunk := fs[:min(len(fs), 500)]
		fs = fs[len(chunk):]
		ids := make([]any, len(chunk))
		for i, f := range chunk {
			ids[i] = f.ID
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		rows, err := s.DB.Query(ctx, "SELECT fo.finding_id, o.id, o.name FROM finding_orgs fo JOIN organisations o ON o.id = fo.organisation_id WHERE fo.finding_id IN "+in+" ORDER BY o.name, o.id", ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var fid int64
			var o Org
			if err := rows.Scan(&fid, &o.ID, &o.Name); err != nil {
				rows.Close()
				return err
			}
			byID[fid].Orgs = append(byID[fid].Orgs, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = s.DB.Query(ctx, "SELECT finding_id, label FROM finding_labels WHERE finding_id IN "+in+" ORDER BY label", ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var fid int64
			var l string
			if err := rows.Scan(&fid, &l); err != nil {
				rows.Close()
				return err
			}
			byID[fid].Labels = append(byID[fid].Labels, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// List returns the findings matching the filter that the viewer may see,
// newest first: all of them, or the newest flt.Limit. Lists shown to people
// use Page instead; List serves exports and bounded internal look-ups.
func (s *Service) List(ctx context.Context, hackathonID int64, flt Filter, v Viewer) ([]*Finding, error) {
	where, args := s.where(hackathonID, flt, v)
	query := "SELECT " + findingCols + findingFrom + "WHERE " + where + " ORDER BY f.number DESC"
	if flt.Limit > 0 {
		query = pageQuery(where, flt.Limit)
	}
	return s.query(ctx, query, args...)
}

// query loads the findings of a query over findingCols and findingFrom, with their details.
func (s *Service) query(ctx context.Context, query string, args ...any) ([]*Finding, error) {
	rows, err := s.DB.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []*Finding
	for rows.Next() {
		f, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.details(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// where is the SQL condition (over findings f and hackathons h) of the
// findings of a hackathon that match flt and that v may see, its search in
// the id form (see searchClause).
func (s *Service) where(hackathonID int64, flt Filter, v Viewer) (string, []any) {
	return s.whereSearch(hackathonID, flt, v, false, 0)
}

// whereSearch is where with the search in the row form when walk is set
// (on SQLite, for ids from minID on).
func (s *Service) whereSearch(hackathonID int64, flt Filter, v Viewer, walk bool, minID int64) (string, []any) {
	where := []string{"f.hackathon_id = ?"}
	args := []any{hackathonID}
	if len(flt.Status) > 0 {
		ph := strings.Repeat("?, ", len(flt.Status))
		where = append(where, "f.status IN ("+ph[:len(ph)-2]+")")
		for _, st := range flt.Status {
			args = append(args, st)
		}
	}
	if flt.Severity != "" {
		where, args = append(where, "f.severity = ?"), append(args, flt.Severity)
	}
	if flt.ChainLink != "" {
		where, args = append(where, "f.chain_link = ?"), append(args, flt.ChainLink)
	}
	if flt.ActorOrgID != 0 {
		where, args = append(where, "f.actor_org_id = ?"), append(args, flt.ActorOrgID)
	}
	if flt.Unassigned {
		where = append(where, "f.actor_org_id IS NULL")
	}
	if cond, a := s.searchClause(flt.Q, walk, minID); cond != "" {
		where, args = append(where, cond), append(args, a...)
	}
	if cond, a := v.sqlCond(); cond != "" {
		where, args = append(where, cond), append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

// change updates columns of one finding and audits each changed value.
func (s *Service) change(ctx context.Context, tx *store.Tx, f *Finding, by int64, action, set string, from, to string, args ...any) error {
	args = append(args, s.Now(), f.ID)
	if _, err := tx.Exec(ctx, "UPDATE findings SET "+set+", updated_at = ? WHERE id = ?", args...); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Entry{HackathonID: f.HackathonID, UserID: by, At: s.Now(), Entity: "finding",
		EntityID: strconv.FormatInt(f.ID, 10), Action: action, From: from, To: to}); err != nil {
		return err
	}
	return s.notifyChange(ctx, tx, f, by, action, from, to)
}

// SetStatus moves a finding along the workflow on behalf of user by. The
// service decides itself what by may do (CanFollowUp, AllowedFor): nothing
// when by may not follow the finding up, an actor's steps for someone
// responsible for the finding's actor, every step for triage.
func (s *Service) SetStatus(ctx context.Context, f *Finding, to Status, by int64) error {
	vw, err := s.mayFollowUp(ctx, f, by)
	if err != nil {
		return err
	}
	allowed := AllowedFor(vw, f)
	if !slices.Contains(allowed, to) {
		return conflict(f.Status, allowed)
	}
	if to == StatusToegewezen && f.ActorOrgID == 0 {
		return apperr.Field("actor_organisation_id", "assign an actor first")
	}
	return s.after(ctx, f, s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.change(ctx, tx, f, by, "status", "status = ?", string(f.Status), string(to), to)
	}))
}

// Triage is the triage team's classification of a finding.
type Triage struct {
	Category   string `json:"category"`
	Theme      string `json:"theme"`
	Element    string `json:"element"`
	Severity   string `json:"severity"`
	ActorOrgID int64  `json:"actor_organisation_id"`
	// Labels replace the finding's labels (2M) when not nil; each must be configured.
	Labels []string `json:"labels"`
}

// SetTriage classifies a finding and assigns its actor. Assigning an actor
// to a new finding or one in triage moves it to toegewezen.
func (s *Service) SetTriage(ctx context.Context, f *Finding, t Triage, by int64) error {
	var v apperr.Invalid
	t.Category, t.Theme, t.Element = strings.TrimSpace(t.Category), strings.TrimSpace(t.Theme), strings.TrimSpace(t.Element)
	for _, x := range []struct{ field, kind, val string }{{"category", OptCategory, t.Category}, {"theme", OptTheme, t.Theme}, {"element", OptElement, t.Element}} {
		if x.val == "" {
			continue
		}
		opts, err := s.Options(ctx, f.HackathonID, x.kind)
		if err != nil {
			return err
		}
		if len(opts) > 0 && !slices.Contains(opts, x.val) {
			v.AddCode(x.field, "one_of", "must be one of "+strings.Join(opts, ", "), strings.Join(opts, ", "))
		} else if len(x.val) > 200 {
			v.TooLong(x.field, "200")
		}
	}
	if t.Labels != nil {
		opts, err := s.Options(ctx, f.HackathonID, OptLabel)
		if err != nil {
			return err
		}
		var clean []string
		for _, l := range t.Labels {
			if l = strings.TrimSpace(l); l == "" || slices.Contains(clean, l) {
				continue
			}
			if !slices.Contains(opts, l) {
				v.Add("labels", "unknown label "+strconv.Quote(l)+"; configure labels first")
				break
			}
			clean = append(clean, l)
		}
		slices.Sort(clean)
		t.Labels = clean
	}
	if t.Severity == "" {
		t.Severity = f.Severity
	}
	if !slices.Contains(Severities, t.Severity) {
		v.AddCode("severity", "one_of", "must be one of "+strings.Join(Severities, ", "), strings.Join(Severities, ", "))
	}
	if t.ActorOrgID != 0 {
		var n int
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", t.ActorOrgID).Scan(&n); err != nil || n == 0 {
			v.NoSuchOrganisation("actor_organisation_id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.after(ctx, f, s.DB.InTx(ctx, func(tx *store.Tx) error {
		type col struct{ name, from, to string }
		for _, c := range []col{{"category", f.Category, t.Category}, {"theme", f.Theme, t.Theme}, {"element", f.Element, t.Element}, {"severity", f.Severity, t.Severity}} {
			if c.from != c.to {
				if err := s.change(ctx, tx, f, by, c.name, c.name+" = ?", c.from, c.to, c.to); err != nil {
					return err
				}
			}
		}
		if t.Labels != nil && !slices.Equal(t.Labels, f.Labels) {
			if _, err := tx.Exec(ctx, "DELETE FROM finding_labels WHERE finding_id = ?", f.ID); err != nil {
				return err
			}
			for _, l := range t.Labels {
				if _, err := tx.Exec(ctx, "INSERT INTO finding_labels (finding_id, label) VALUES (?, ?)", f.ID, l); err != nil {
					return err
				}
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: f.HackathonID, UserID: by, At: s.Now(), Entity: "finding",
				EntityID: strconv.FormatInt(f.ID, 10), Action: "labels", From: strings.Join(f.Labels, ", "), To: strings.Join(t.Labels, ", ")}); err != nil {
				return err
			}
		}
		if t.ActorOrgID != f.ActorOrgID {
			if err := s.change(ctx, tx, f, by, "actor", "actor_org_id = ?", strconv.FormatInt(f.ActorOrgID, 10), strconv.FormatInt(t.ActorOrgID, 10), store.NullID(t.ActorOrgID)); err != nil {
				return err
			}
			if t.ActorOrgID != 0 && (f.Status == StatusNieuw || f.Status == StatusInTriage) {
				if err := s.change(ctx, tx, f, by, "status", "status = ?", string(f.Status), string(StatusToegewezen), StatusToegewezen); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}

// SetVisibility decides who sees a finding: all participants or only those involved.
func (s *Service) SetVisibility(ctx context.Context, f *Finding, vis string, by int64) error {
	if vis != VisibleAll && vis != VisibleInvolved {
		return apperr.Field("visibility", "must be all or involved")
	}
	if vis == f.Visibility {
		return nil
	}
	return s.after(ctx, f, s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.change(ctx, tx, f, by, "visibility", "visibility = ?", f.Visibility, vis, vis)
	}))
}

// FollowUp is an actor's follow-up: resolution term, own tracker link and root cause (9B).
type FollowUp struct {
	Due           date.Date `json:"resolution_due"`
	TrackerKey    string    `json:"tracker_key"`
	TrackerURL    string    `json:"tracker_url"`
	RootCause     string    `json:"root_cause"`
	RootChainLink string    `json:"root_chain_link"`
	RootEvidence  string    `json:"root_evidence"`
}

// SetFollowUp records the follow-up fields; each change is audited.
func (s *Service) SetFollowUp(ctx context.Context, f *Finding, u FollowUp, by int64) error {
	if _, err := s.mayFollowUp(ctx, f, by); err != nil {
		return err
	}
	var v apperr.Invalid
	u.TrackerKey, u.TrackerURL = strings.TrimSpace(u.TrackerKey), strings.TrimSpace(u.TrackerURL)
	if u.TrackerURL != "" && !httpURL(u.TrackerURL) {
		v.Add("tracker_url", "must be an http(s) link")
	}
	if len(u.TrackerKey) > 100 {
		v.TooLong("tracker_key", "100")
	}
	if u.RootChainLink != "" && !slices.Contains(ChainLinks, u.RootChainLink) {
		v.AddCode("root_chain_link", "one_of", "must be one of "+strings.Join(ChainLinks, ", "), strings.Join(ChainLinks, ", "))
	}
	if len(u.RootCause) > 10000 || len(u.RootEvidence) > 10000 {
		v.TooLong("root_cause", "10,000")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.after(ctx, f, s.DB.InTx(ctx, func(tx *store.Tx) error {
		if u.Due != f.Due {
			var due any
			if !u.Due.IsZero() {
				due = u.Due
			}
			if err := s.change(ctx, tx, f, by, "resolution term", "due_date = ?", f.Due.String(), u.Due.String(), due); err != nil {
				return err
			}
		}
		for _, c := range []struct{ name, col, from, to string }{
			{"tracker key", "tracker_key", f.TrackerKey, u.TrackerKey}, {"tracker url", "tracker_url", f.TrackerURL, u.TrackerURL},
			{"root cause", "root_cause", f.RootCause, u.RootCause}, {"root chain link", "root_chain_link", f.RootChainLink, u.RootChainLink},
			{"root evidence", "root_evidence", f.RootEvidence, u.RootEvidence}} {
			if c.from != c.to {
				if err := s.change(ctx, tx, f, by, c.name, c.col+" = ?", c.from, c.to, c.to); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}

func httpURL(s string) bool {
	l := strings.ToLower(s)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && len(s) > 8 && len(s) <= 2000 && !strings.ContainsAny(s, " \t\r\n<>\"")
}

// AddComment adds a comment or an actor's update.
func (s *Service) AddComment(ctx context.Context, f *Finding, body string, by int64) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return apperr.Required("body")
	}
	if len(body) > 20000 {
		return apperr.TooLong("body", "20,000")
	}
	return s.after(ctx, f, s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Insert(ctx, "INSERT INTO finding_comments (finding_id, user_id, body, created_at) VALUES (?, ?, ?, ?)", f.ID, store.NullID(by), body, s.Now()); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: f.HackathonID, UserID: by, At: s.Now(), Entity: "finding",
			EntityID: strconv.FormatInt(f.ID, 10), Action: "comment"}); err != nil {
			return err
		}
		return s.notifyChange(ctx, tx, f, by, "comment", "", body)
	}))
}

// Comments lists a finding's comments, oldest first.
func (s *Service) Comments(ctx context.Context, findingID int64) ([]Comment, error) {
	rows, err := s.DB.Query(ctx, `SELECT c.id, COALESCE(u.name, ''), c.body, c.created_at FROM finding_comments c
		LEFT JOIN users u ON u.id = c.user_id WHERE c.finding_id = ? ORDER BY c.id`, findingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.UserName, &c.Body, &c.At); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Merge marks dup as a duplicate of into. Both keep their comments and
// audit trails; the organisations of dup are added to into.
func (s *Service) Merge(ctx context.Context, dup, into *Finding, by int64) error {
	if dup.ID == into.ID || dup.HackathonID != into.HackathonID {
		return apperr.Field("into", "choose another finding of this hackathon")
	}
	if !dup.Status.Open() || into.Status == StatusDuplicaat {
		return &apperr.Conflict{Message: "only an open finding can be merged into a finding that is not a duplicate"}
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.change(ctx, tx, dup, by, "merged into", "status = ?, duplicate_of = ?", string(dup.Status), into.Key, StatusDuplicaat, into.ID); err != nil {
			return err
		}
		for _, o := range dup.Orgs {
			if !into.InvolvesOrg(o.ID) || into.ActorOrgID == o.ID {
				if _, err := tx.Exec(ctx, "INSERT INTO finding_orgs (finding_id, organisation_id) VALUES (?, ?) ON CONFLICT DO NOTHING", into.ID, o.ID); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: into.HackathonID, UserID: by, At: s.Now(), Entity: "finding",
			EntityID: strconv.FormatInt(into.ID, 10), Action: "duplicate merged", To: dup.Key})
	})
	return s.after(ctx, dup, s.after(ctx, into, err))
}

// Options lists a configured pick list of the hackathon.
func (s *Service) Options(ctx context.Context, hackathonID int64, kind string) ([]string, error) {
	rows, err := s.DB.Query(ctx, "SELECT value FROM finding_options WHERE hackathon_id = ? AND kind = ? ORDER BY value", hackathonID, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
