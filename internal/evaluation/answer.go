package evaluation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/store"
)

// ErrAnswered is returned when a personal link was used before: the first
// answer stands and nothing changes.
var ErrAnswered = errors.New("this link was used already")

// ErrClosed is returned for a link of a closed questionnaire.
var ErrClosed = errors.New("the questionnaire is closed")

// Form is what a personal link shows.
type Form struct {
	Evaluation *Evaluation
	Invite     Invite
	Questions  []Question
}

// validToken says whether s looks like a token (48 hex digits), so random
// paths never reach the database.
func validToken(s string) bool {
	if len(s) != 48 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// FormFor opens a personal link: ErrNotFound for an unknown token,
// ErrAnswered when it was used, ErrClosed when the questionnaire is closed.
func (s *Service) FormFor(ctx context.Context, token string) (*Form, error) {
	if !validToken(token) {
		return nil, ErrNotFound
	}
	var f Form
	var used bool
	var hid, eid int64
	err := s.DB.QueryRow(ctx, `SELECT i.id, i.evaluation_id, COALESCE(i.registration_id, 0), COALESCE(i.user_id, 0), i.role, i.name, i.email,
		i.used_at IS NOT NULL, e.hackathon_id FROM evaluation_invites i JOIN evaluations e ON e.id = i.evaluation_id WHERE i.token_hash = ?`,
		account.HashToken(token)).Scan(&f.Invite.ID, &eid, &f.Invite.RegistrationID, &f.Invite.UserID, &f.Invite.Role, &f.Invite.Name, &f.Invite.Email, &used, &hid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.Invite.EvaluationID, f.Invite.Used = eid, used
	if f.Evaluation, err = s.Get(ctx, hid, eid); err != nil {
		return nil, err
	}
	if used {
		return &f, ErrAnswered
	}
	if f.Evaluation.Status != StatusOpen {
		return &f, ErrClosed
	}
	all, err := s.Questions(ctx, eid)
	if err != nil {
		return nil, err
	}
	for _, q := range all {
		if q.Role == f.Invite.Role {
			f.Questions = append(f.Questions, q)
		}
	}
	return &f, nil
}

// Field is the form field of a question's answer.
func Field(questionID int64) string { return "q" + strconv.FormatInt(questionID, 10) }

// check validates one answer; the error names the question (its text).
func check(q Question, v string) (scale sql.NullInt64, text string, err error) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return scale, "", apperr.FieldCode(Field(q.ID), "eval_answer_invalid", fmt.Sprintf("%q: the answer is not valid text", q.Text), q.Text)
	}
	switch q.Kind {
	case KindScale:
		if v == "" {
			return scale, "", nil
		}
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > 5 {
			return scale, "", apperr.FieldCode(Field(q.ID), "eval_scale", fmt.Sprintf("%q: choose a value from 1 to 5", q.Text), q.Text)
		}
		return sql.NullInt64{Int64: int64(n), Valid: true}, "", nil
	case KindChoice:
		if v == "" {
			return scale, "", nil
		}
		for _, c := range q.Choices {
			if c == v {
				return scale, v, nil
			}
		}
		return scale, "", apperr.FieldCode(Field(q.ID), "eval_choice", fmt.Sprintf("%q: choose one of the options", q.Text), q.Text)
	default:
		if utf8.RuneCountInString(v) > MaxAnswer {
			return scale, "", apperr.FieldCode(Field(q.ID), "eval_answer_long", fmt.Sprintf("%q: the answer is longer than %d characters", q.Text, MaxAnswer), q.Text, fmt.Sprint(MaxAnswer))
		}
		return scale, v, nil
	}
}

// Submit stores the answers given through a personal link, all or
// nothing: every answer is checked first (an error names each question
// that is wrong), then the link is spent and the response written in one
// transaction. A second use of the link is ErrAnswered and changes nothing.
// Unanswered questions are allowed; an entirely empty response is not.
func (s *Service) Submit(ctx context.Context, token string, answers map[string]string) error {
	f, err := s.FormFor(ctx, token)
	if err != nil {
		return err
	}
	type ans struct {
		q     Question
		scale sql.NullInt64
		text  string
	}
	var inv apperr.Invalid
	var good []ans
	for _, q := range f.Questions {
		sc, text, err := check(q, answers[Field(q.ID)])
		if err != nil {
			for _, fe := range apperr.Fields(err) {
				inv.AddCode(fe.Field, fe.Code, fe.Message, fe.Args...)
			}
			continue
		}
		if sc.Valid || text != "" {
			good = append(good, ans{q, sc, text})
		}
	}
	if err := inv.Err(); err != nil {
		return err
	}
	if len(good) == 0 {
		return apperr.FieldCode("answers", "eval_empty", "answer at least one question")
	}
	respondent := ""
	if !f.Evaluation.Anonymous {
		respondent = f.Invite.Name
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := tx.Exec(ctx, "UPDATE evaluation_invites SET used_at = ? WHERE id = ? AND used_at IS NULL", s.Now(), f.Invite.ID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrAnswered
		}
		rid, err := tx.Insert(ctx, "INSERT INTO evaluation_responses (evaluation_id, role, respondent, submitted_at) VALUES (?, ?, ?, ?)",
			f.Evaluation.ID, string(f.Invite.Role), respondent, s.Now())
		if err != nil {
			return err
		}
		for _, a := range good {
			if _, err := tx.Exec(ctx, "INSERT INTO evaluation_answers (response_id, question_id, scale, text) VALUES (?, ?, ?, ?)",
				rid, a.q.ID, a.scale, a.text); err != nil {
				return err
			}
		}
		return nil
	})
}
