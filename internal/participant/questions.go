package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/store"
)

// Question kinds on the registration form.
const (
	KindText   = "text"   // free text
	KindChoice = "choice" // one of the options
	KindYesNo  = "yesno"  // ja / nee
)

// QuestionKinds lists the kinds in display order.
var QuestionKinds = []string{KindText, KindChoice, KindYesNo}

// Answer values of a yes/no question.
const (
	AnswerYes = "ja"
	AnswerNo  = "nee"
)

// Limits of questions and answers.
const (
	MaxQuestions   = 30
	MaxAnswerChars = 2000
	MaxOptions     = 30
)

// Question is one question the organisers add to the registration form.
type Question struct {
	ID          int64    `json:"id"`
	HackathonID int64    `json:"hackathon_id"`
	Position    int      `json:"position"`
	Label       string   `json:"label"`
	Help        string   `json:"help"`
	Kind        string   `json:"kind"`
	Options     []string `json:"options"` // the choices of a choice question
	Required    bool     `json:"required"`
}

// Field is the form field (and error field) of the question's answer.
func (q Question) Field() string { return "q_" + strconv.FormatInt(q.ID, 10) }

// QuestionField is the form field of question id.
func QuestionField(id int64) string { return "q_" + strconv.FormatInt(id, 10) }

// ErrQuestionNotFound is returned for an unknown question.
var ErrQuestionNotFound = fmt.Errorf("question %w", apperr.ErrNotFound)

func (q *Question) normalize() error {
	var inv apperr.Invalid
	q.Label, q.Help = strings.TrimSpace(q.Label), strings.TrimSpace(q.Help)
	if q.Label == "" || len(q.Label) > 300 {
		inv.RequiredMax("label", "300")
	}
	if len(q.Help) > 1000 {
		inv.TooLong("help", "1000")
	}
	if !oneOf(q.Kind, QuestionKinds) {
		inv.Add("kind", "choose text, choice or yesno")
	}
	var opts []string
	seen := map[string]bool{}
	for _, o := range q.Options {
		o = strings.TrimSpace(o)
		if o == "" || seen[strings.ToLower(o)] {
			continue
		}
		seen[strings.ToLower(o)] = true
		if len(o) > 200 {
			inv.Add("options", "an option has at most 200 characters")
		}
		opts = append(opts, o)
	}
	q.Options = nil
	if q.Kind == KindChoice {
		q.Options = opts
		if len(opts) < 2 || len(opts) > MaxOptions {
			inv.Add("options", fmt.Sprintf("a choice question needs 2 to %d options, one per line", MaxOptions))
		}
	}
	return inv.Err()
}

const questionColumns = "id, hackathon_id, position, label, help, kind, options, required"

func scanQuestion(row interface{ Scan(...any) error }) (*Question, error) {
	var q Question
	var opts string
	err := row.Scan(&q.ID, &q.HackathonID, &q.Position, &q.Label, &q.Help, &q.Kind, &opts, &q.Required)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrQuestionNotFound
	}
	if opts != "" {
		q.Options = strings.Split(opts, "\n")
	}
	return &q, err
}

// Questions lists a hackathon's questions in form order.
func (s *Service) Questions(ctx context.Context, hackathonID int64) ([]Question, error) {
	return store.Collect(ctx, s.DB, scanQuestion, "SELECT "+questionColumns+" FROM registration_questions WHERE hackathon_id = ? ORDER BY position, id", hackathonID)
}

// Question loads one question of a hackathon.
func (s *Service) Question(ctx context.Context, hackathonID, id int64) (*Question, error) {
	return scanQuestion(s.DB.QueryRow(ctx, "SELECT "+questionColumns+" FROM registration_questions WHERE id = ? AND hackathon_id = ?", id, hackathonID))
}

// SaveQuestion adds a question (ID 0, at the end of the form) or changes one.
func (s *Service) SaveQuestion(ctx context.Context, hackathonID int64, q Question, by int64) (*Question, error) {
	if err := q.normalize(); err != nil {
		return nil, err
	}
	q.HackathonID = hackathonID
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		action := "changed"
		if q.ID == 0 {
			var n, maxPos int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM registration_questions WHERE hackathon_id = ?", hackathonID).Scan(&n, &maxPos); err != nil {
				return err
			}
			if n >= MaxQuestions {
				return apperr.Field("label", fmt.Sprintf("at most %d questions", MaxQuestions))
			}
			if q.Position == 0 {
				q.Position = maxPos + 1
			}
			id, err := tx.Insert(ctx, `INSERT INTO registration_questions (hackathon_id, position, label, help, kind, options, required, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, q.Position, q.Label, q.Help, q.Kind, strings.Join(q.Options, "\n"), q.Required, now)
			if err != nil {
				return err
			}
			q.ID, action = id, "added"
		} else {
			res, err := tx.Exec(ctx, `UPDATE registration_questions SET position = ?, label = ?, help = ?, kind = ?, options = ?, required = ?
				WHERE id = ? AND hackathon_id = ?`, q.Position, q.Label, q.Help, q.Kind, strings.Join(q.Options, "\n"), q.Required, q.ID, hackathonID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrQuestionNotFound
			}
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "registration_question",
			EntityID: strconv.FormatInt(q.ID, 10), Action: action, To: q.Kind + ": " + q.Label})
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// DeleteQuestion removes a question and its answers.
func (s *Service) DeleteQuestion(ctx context.Context, hackathonID, id, by int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		q, err := scanQuestion(tx.QueryRow(ctx, "SELECT "+questionColumns+" FROM registration_questions WHERE id = ? AND hackathon_id = ?", id, hackathonID))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM registration_answers WHERE question_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM registration_questions WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "registration_question",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted", From: q.Label})
	})
}

// ParseYesNo reads a yes/no answer as a form or a spreadsheet gives it.
func ParseYesNo(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja", "yes", "j", "y", "true", "1", "waar", "x":
		return AnswerYes, true
	case "nee", "no", "n", "false", "0", "onwaar":
		return AnswerNo, true
	}
	return "", false
}

// CheckAnswers validates answers against the questions: required ones
// answered, a choice among the options, yes/no as ja or nee. Errors name
// the question's field (q_<id>). It returns the normalised answers of the
// known questions (empty ones left out).
func CheckAnswers(qs []Question, answers map[int64]string) (map[int64]string, error) {
	var inv apperr.Invalid
	out := map[int64]string{}
	for _, q := range qs {
		v := strings.TrimSpace(answers[q.ID])
		if v == "" {
			if q.Required {
				inv.Add(q.Field(), "an answer is required")
			}
			continue
		}
		switch q.Kind {
		case KindText:
			if len(v) > MaxAnswerChars {
				inv.Add(q.Field(), fmt.Sprintf("at most %d characters", MaxAnswerChars))
				continue
			}
		case KindChoice:
			match := ""
			for _, o := range q.Options {
				if strings.EqualFold(o, v) {
					match = o
				}
			}
			if match == "" {
				inv.Add(q.Field(), "choose one of the options")
				continue
			}
			v = match
		case KindYesNo:
			yn, ok := ParseYesNo(v)
			if !ok {
				inv.Add(q.Field(), "answer ja or nee")
				continue
			}
			v = yn
		}
		out[q.ID] = v
	}
	return out, inv.Err()
}

func saveAnswers(ctx context.Context, tx *store.Tx, regID int64, answers map[int64]string) error {
	if _, err := tx.Exec(ctx, "DELETE FROM registration_answers WHERE registration_id = ?", regID); err != nil {
		return err
	}
	for qid, v := range answers {
		if _, err := tx.Exec(ctx, "INSERT INTO registration_answers (registration_id, question_id, value) VALUES (?, ?, ?)", regID, qid, v); err != nil {
			return err
		}
	}
	return nil
}

// answersOf loads the answers of a hackathon's registrations (regID 0: all)
// by registration and question.
func (s *Service) answersOf(ctx context.Context, hackathonID, regID int64) (map[int64]map[int64]string, error) {
	q := `SELECT a.registration_id, a.question_id, a.value FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
		WHERE r.hackathon_id = ?`
	args := []any{hackathonID}
	if regID != 0 {
		q += " AND r.id = ?"
		args = append(args, regID)
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64]string{}
	for rows.Next() {
		var rid, qid int64
		var v string
		if err := rows.Scan(&rid, &qid, &v); err != nil {
			return nil, err
		}
		if out[rid] == nil {
			out[rid] = map[int64]string{}
		}
		out[rid][qid] = v
	}
	return out, rows.Err()
}

// joinInvalid merges two validation errors into one with all fields.
func joinInvalid(a, b error) error {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	fa, fb := apperr.Fields(a), apperr.Fields(b)
	if len(fa) == 0 || len(fb) == 0 {
		return errors.Join(a, b)
	}
	var inv apperr.Invalid
	for _, f := range append(fa, fb...) {
		inv.Add(f.Field, f.Message)
	}
	return inv.Err()
}
