// Package evaluation owns the evaluation of a hackathon day (milestones 2L
// and 6A; annex 5): a questionnaire per test day with questions per role
// (DVP, DVA, zorgaanbieder, other, project team) seeded from
// blueprint.EvaluationDefaults and editable (scale 1–5, choice, open
// text); a personal link per registration or project-team member (no
// login; only a hash of its token is stored) that answers once; anonymous
// or named responses; invitations and reminders through the outbox; and the
// results: response rate, distribution per question and role, open answers
// grouped, CSV. Closing a questionnaire with a summary marks 6A done;
// sending it marks 2L done.
package evaluation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// Role is who answers a questionnaire.
type Role string

// The evaluation roles (milestone 2L plus the project team of 6A).
const (
	RoleDVP           Role = "dvp"
	RoleDVA           Role = "dva"
	RoleZorgaanbieder Role = "zorgaanbieder"
	RoleOverig        Role = "overig"
	RoleProjectteam   Role = "projectteam"
)

// Roles lists the roles in display order.
func Roles() []Role {
	return []Role{RoleDVP, RoleDVA, RoleZorgaanbieder, RoleOverig, RoleProjectteam}
}

// ParseRole checks a role.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// RoleOf maps a registration's chain role to its questionnaire.
func RoleOf(c participant.ChainRole) Role {
	switch c {
	case participant.RolePGO:
		return RoleDVP
	case participant.RoleDVA:
		return RoleDVA
	case participant.RoleZorgaanbieder, participant.RoleXIS:
		return RoleZorgaanbieder
	}
	return RoleOverig
}

// Question kinds.
const (
	KindScale  = "scale"  // 1–5
	KindChoice = "choice" // one of Choices
	KindOpen   = "open"   // free text
)

// Statuses of a questionnaire.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Limits of what a respondent or organiser enters.
const (
	MaxAnswer   = 4000
	MaxQuestion = 500
	MaxChoices  = 12
	MaxSummary  = 20000
)

// Evaluation is the questionnaire of one test day.
type Evaluation struct {
	ID          int64     `json:"id"`
	HackathonID int64     `json:"hackathon_id"`
	Day         int       `json:"day"`
	Anonymous   bool      `json:"anonymous"`
	Status      string    `json:"status"`
	Summary     string    `json:"summary"`
	CreatedAt   time.Time `json:"created_at"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
}

// Question is one question for one role.
type Question struct {
	ID           int64    `json:"id"`
	EvaluationID int64    `json:"evaluation_id"`
	Role         Role     `json:"role"`
	Position     int      `json:"position"`
	Key          string   `json:"key"`
	Theme        string   `json:"theme"`
	Kind         string   `json:"kind"`
	Text         string   `json:"text"`
	Choices      []string `json:"choices,omitempty"`
}

// Service is the evaluation capability over the database.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
	Outbox     *comms.Outbox // nil: invitations cannot be sent
	Now        func() time.Time
}

// NewService returns a service on the wall clock.
func NewService(db *store.DB, outbox *comms.Outbox) *Service {
	return &Service{DB: db, Hackathons: hackathon.NewService(db), Outbox: outbox, Now: func() time.Time { return time.Now().UTC() }}
}

// ErrNotFound is returned for an unknown questionnaire, question or link.
var ErrNotFound = fmt.Errorf("evaluation %w", apperr.ErrNotFound)

const evalCols = `id, hackathon_id, day, anonymous, status, summary, created_at, closed_at`

func scanEval(row interface{ Scan(...any) error }) (*Evaluation, error) {
	var e Evaluation
	var closed sql.NullTime
	if err := row.Scan(&e.ID, &e.HackathonID, &e.Day, &e.Anonymous, &e.Status, &e.Summary, &e.CreatedAt, &closed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	e.CreatedAt = e.CreatedAt.UTC()
	if closed.Valid {
		e.ClosedAt = closed.Time.UTC()
	}
	return &e, nil
}

// List returns a hackathon's questionnaires by day.
func (s *Service) List(ctx context.Context, hackathonID int64) ([]Evaluation, error) {
	return store.Collect(ctx, s.DB, scanEval, "SELECT "+evalCols+" FROM evaluations WHERE hackathon_id = ? ORDER BY day", hackathonID)
}

// Get returns one questionnaire of the hackathon.
func (s *Service) Get(ctx context.Context, hackathonID, id int64) (*Evaluation, error) {
	return scanEval(s.DB.QueryRow(ctx, "SELECT "+evalCols+" FROM evaluations WHERE hackathon_id = ? AND id = ?", hackathonID, id))
}

// Create draws up the questionnaire of a test day from the blueprint's
// defaults (the project team gets the common questions). A day that
// already has one returns it unchanged.
func (s *Service) Create(ctx context.Context, h *hackathon.Hackathon, day int, by int64) (*Evaluation, error) {
	if day < 1 || day > len(h.Days) {
		return nil, apperr.FieldCode("day", "eval_day", fmt.Sprintf("day must be between 1 and %d", len(h.Days)), fmt.Sprint(len(h.Days)))
	}
	if e, err := scanEval(s.DB.QueryRow(ctx, "SELECT "+evalCols+" FROM evaluations WHERE hackathon_id = ? AND day = ?", h.ID, day)); err == nil {
		return e, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO evaluations (hackathon_id, day, anonymous, status, summary, created_at) VALUES (?, ?, ?, 'open', '', ?)",
			h.ID, day, true, s.Now())
		if err != nil {
			return err
		}
		lang := "nl"
		defaults := blueprint.EvaluationDefaults()
		seed := map[Role][]blueprint.EvaluationQuestion{
			RoleDVP: defaults[blueprint.ChainPGO], RoleDVA: defaults[blueprint.ChainDVA],
			RoleZorgaanbieder: defaults[blueprint.ChainZorgaanbieder], RoleOverig: defaults[blueprint.ChainOverig],
		}
		for _, q := range defaults[blueprint.ChainOverig] {
			if q.Theme != "uitwisseling" {
				seed[RoleProjectteam] = append(seed[RoleProjectteam], q)
			}
		}
		for _, r := range Roles() {
			for i, q := range seed[r] {
				kind := KindOpen
				if q.Scale {
					kind = KindScale
				}
				if _, err := tx.Exec(ctx, `INSERT INTO evaluation_questions (evaluation_id, role, position, qkey, theme, kind, text, choices)
					VALUES (?, ?, ?, ?, ?, ?, ?, '')`, id, string(r), i+1, q.Key, q.Theme, kind, q.Text.In(lang)); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(id), Action: "created", To: fmt.Sprint(day)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, h.ID, id)
}

const questionCols = `id, evaluation_id, role, position, qkey, theme, kind, text, choices`

func scanQuestion(row interface{ Scan(...any) error }) (*Question, error) {
	var q Question
	var choices string
	if err := row.Scan(&q.ID, &q.EvaluationID, &q.Role, &q.Position, &q.Key, &q.Theme, &q.Kind, &q.Text, &choices); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	q.Choices = splitChoices(choices)
	return &q, nil
}

func splitChoices(s string) []string {
	var out []string
	for _, c := range strings.Split(s, "\n") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// Questions returns the questions of a questionnaire, by role and position.
func (s *Service) Questions(ctx context.Context, evaluationID int64) ([]Question, error) {
	return store.Collect(ctx, s.DB, scanQuestion, "SELECT "+questionCols+" FROM evaluation_questions WHERE evaluation_id = ? ORDER BY role, position, id", evaluationID)
}

// QuestionInput is an organiser's new or changed question.
type QuestionInput struct {
	Role    string
	Kind    string
	Text    string
	Choices string // one per line, for KindChoice
}

func (in *QuestionInput) validate() (Role, []string, error) {
	var inv apperr.Invalid
	role, ok := ParseRole(in.Role)
	if !ok {
		inv.AddCode("role", "eval_role", "choose a role")
	}
	in.Text = strings.TrimSpace(in.Text)
	if in.Text == "" {
		inv.AddCode("text", "eval_text_required", "the question is required")
	} else if len([]rune(in.Text)) > MaxQuestion {
		inv.AddCode("text", "eval_text_long", fmt.Sprintf("the question is longer than %d characters", MaxQuestion), fmt.Sprint(MaxQuestion))
	}
	var choices []string
	switch in.Kind {
	case KindScale, KindOpen:
	case KindChoice:
		choices = splitChoices(in.Choices)
		if len(choices) < 2 || len(choices) > MaxChoices {
			inv.AddCode("choices", "eval_choices", fmt.Sprintf("give between 2 and %d choices, one per line", MaxChoices), fmt.Sprint(MaxChoices))
		}
		for _, c := range choices {
			if len([]rune(c)) > 200 {
				inv.AddCode("choices", "eval_choice_long", "a choice is longer than 200 characters")
				break
			}
		}
	default:
		inv.AddCode("kind", "eval_kind", "choose scale, choice or open")
	}
	return role, choices, inv.Err()
}

// editable loads an open questionnaire of the hackathon.
func (s *Service) editable(ctx context.Context, hackathonID, evaluationID int64) (*Evaluation, error) {
	e, err := s.Get(ctx, hackathonID, evaluationID)
	if err != nil {
		return nil, err
	}
	if e.Status != StatusOpen {
		return nil, &apperr.Conflict{Message: "the questionnaire is closed"}
	}
	return e, nil
}

// AddQuestion appends a question to a role's list.
func (s *Service) AddQuestion(ctx context.Context, hackathonID, evaluationID int64, in QuestionInput, by int64) (int64, error) {
	role, choices, err := in.validate()
	if err != nil {
		return 0, err
	}
	if _, err := s.editable(ctx, hackathonID, evaluationID); err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var pos int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM evaluation_questions WHERE evaluation_id = ? AND role = ?", evaluationID, string(role)).Scan(&pos); err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO evaluation_questions (evaluation_id, role, position, qkey, theme, kind, text, choices)
			VALUES (?, ?, ?, '', '', ?, ?, ?)`, evaluationID, string(role), pos+1, in.Kind, in.Text, strings.Join(choices, "\n"))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "question_added", To: in.Text})
	})
	return id, err
}

// UpdateQuestion changes a question's text, kind and choices (its role
// stays). Answers already given keep the question they answered.
func (s *Service) UpdateQuestion(ctx context.Context, hackathonID, evaluationID, questionID int64, in QuestionInput, by int64) error {
	q, err := s.question(ctx, hackathonID, evaluationID, questionID)
	if err != nil {
		return err
	}
	in.Role = string(q.Role)
	_, choices, err := in.validate()
	if err != nil {
		return err
	}
	if _, err := s.editable(ctx, hackathonID, evaluationID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE evaluation_questions SET kind = ?, text = ?, choices = ? WHERE id = ?", in.Kind, in.Text, strings.Join(choices, "\n"), questionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "question_changed", From: q.Text, To: in.Text})
	})
}

// DeleteQuestion removes a question and the answers to it.
func (s *Service) DeleteQuestion(ctx context.Context, hackathonID, evaluationID, questionID int64, by int64) error {
	q, err := s.question(ctx, hackathonID, evaluationID, questionID)
	if err != nil {
		return err
	}
	if _, err := s.editable(ctx, hackathonID, evaluationID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM evaluation_questions WHERE id = ?", questionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "question_deleted", From: q.Text})
	})
}

func (s *Service) question(ctx context.Context, hackathonID, evaluationID, questionID int64) (*Question, error) {
	return scanQuestion(s.DB.QueryRow(ctx, "SELECT q."+strings.ReplaceAll(questionCols, ", ", ", q.")+
		" FROM evaluation_questions q JOIN evaluations e ON e.id = q.evaluation_id WHERE e.hackathon_id = ? AND e.id = ? AND q.id = ?",
		hackathonID, evaluationID, questionID))
}

// SetAnonymous chooses whether responses keep the respondent's name.
func (s *Service) SetAnonymous(ctx context.Context, hackathonID, evaluationID int64, anonymous bool, by int64) error {
	if _, err := s.editable(ctx, hackathonID, evaluationID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE evaluations SET anonymous = ? WHERE id = ?", anonymous, evaluationID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "anonymous", To: fmt.Sprint(anonymous)})
	})
}

// Close ends a questionnaire with its summary (required) and marks 6A
// done: the evaluation of the day is held and summarised.
func (s *Service) Close(ctx context.Context, hackathonID, evaluationID int64, summary string, by int64) (*MilestoneMark, error) {
	summary = strings.TrimSpace(summary)
	if summary == "" {
		return nil, apperr.FieldCode("summary", "eval_summary_required", "write a summary before closing")
	}
	if len(summary) > MaxSummary {
		return nil, apperr.FieldCode("summary", "eval_summary_long", fmt.Sprintf("the summary is longer than %d characters", MaxSummary), fmt.Sprint(MaxSummary))
	}
	if _, err := s.editable(ctx, hackathonID, evaluationID); err != nil {
		return nil, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE evaluations SET status = 'closed', summary = ?, closed_at = ? WHERE id = ?", summary, s.Now(), evaluationID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, Entity: "evaluation", EntityID: fmt.Sprint(evaluationID), Action: "closed", From: StatusOpen, To: StatusClosed})
	})
	if err != nil {
		return nil, err
	}
	return s.markDone(ctx, hackathonID, "6A", by)
}

// MilestoneMark tells what a change did to the milestone it completes.
type MilestoneMark struct {
	Milestone string
	Done      bool
	Reason    string
}

// markDone sets every open iteration of a milestone to gereed through the
// hackathon service; a refusal (the phase waits for a go) is reported.
func (s *Service) markDone(ctx context.Context, hackathonID int64, code string, by int64) (*MilestoneMark, error) {
	ms, err := s.Hackathons.Milestones(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	mark := &MilestoneMark{Milestone: code, Done: true}
	for _, m := range ms {
		if m.Code != code || m.Status == hackathon.StatusKlaar || m.Status == hackathon.StatusNVT {
			continue
		}
		st := string(hackathon.StatusKlaar)
		_, err := s.Hackathons.UpdateMilestone(ctx, hackathonID, m.ID, hackathon.MilestoneChange{Status: &st}, by)
		var conflict *apperr.Conflict
		if errors.As(err, &conflict) {
			return &MilestoneMark{Milestone: code, Reason: conflict.Message}, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return mark, nil
}
