package evaluation

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/ketentest/ketentest/internal/report/chart"
	"github.com/ketentest/ketentest/internal/sheet"
)

// Results summarise one questionnaire.
type Results struct {
	Evaluation *Evaluation
	Invited    int
	Responded  int // responses received (links used)
	ByRole     []RoleCount
	Questions  []QuestionResult
}

// RatePct is the response rate in whole percents (0 without invitations).
func (r *Results) RatePct() int {
	if r.Invited == 0 {
		return 0
	}
	return r.Responded * 100 / r.Invited
}

// RoleCount is the response per role.
type RoleCount struct {
	Role      Role
	Invited   int
	Responded int
}

// QuestionResult is the distribution of one question's answers.
type QuestionResult struct {
	Question
	Answered int
	Dist     [5]int  // answers 1..5 of a scale question
	Mean     float64 // of a scale question
	Choices  []ChoiceCount
	Open     []OpenAnswer
}

// ChoiceCount counts one option.
type ChoiceCount struct {
	Choice string
	N      int
}

// OpenAnswer is one free-text answer (Respondent empty when anonymous).
type OpenAnswer struct {
	Text       string
	Respondent string
}

// Chart is the distribution as bars: 1..5 for a scale, the options for a
// choice; nil for open questions.
func (q QuestionResult) Chart() *chart.Bars {
	switch q.Kind {
	case KindScale:
		b := chart.Bars{}
		for i, n := range q.Dist {
			b.Bars = append(b.Bars, chart.Bar{Label: fmt.Sprint(i + 1), Value: float64(n)})
		}
		return &b
	case KindChoice:
		b := chart.Bars{}
		for _, c := range q.Choices {
			b.Bars = append(b.Bars, chart.Bar{Label: c.Choice, Value: float64(c.N)})
		}
		return &b
	}
	return nil
}

// RoleChart is the response rate per role as bars (percent).
func (r *Results) RoleChart() chart.Bars {
	b := chart.Bars{Max: 100}
	for _, rc := range r.ByRole {
		pct := 0
		if rc.Invited > 0 {
			pct = rc.Responded * 100 / rc.Invited
		}
		b.Bars = append(b.Bars, chart.Bar{Label: string(rc.Role), Value: float64(pct), Text: fmt.Sprintf("%d%% (%d/%d)", pct, rc.Responded, rc.Invited)})
	}
	return b
}

// Summarise computes the results of a questionnaire with three queries,
// whatever the number of responses.
func (s *Service) Summarise(ctx context.Context, hackathonID, evaluationID int64) (*Results, error) {
	e, err := s.Get(ctx, hackathonID, evaluationID)
	if err != nil {
		return nil, err
	}
	res := &Results{Evaluation: e}
	roles := map[Role]*RoleCount{}
	for _, r := range Roles() {
		roles[r] = &RoleCount{Role: r}
	}
	rows, err := s.DB.Query(ctx, `SELECT role, COUNT(*), SUM(CASE WHEN used_at IS NOT NULL THEN 1 ELSE 0 END) FROM evaluation_invites WHERE evaluation_id = ? GROUP BY role`, evaluationID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r Role
		var n, used int
		if err := rows.Scan(&r, &n, &used); err != nil {
			rows.Close()
			return nil, err
		}
		if rc := roles[r]; rc != nil {
			rc.Invited, rc.Responded = n, used
		}
		res.Invited += n
	}
	rows.Close()
	// Responses count even when their link was deleted with a registration.
	rows, err = s.DB.Query(ctx, `SELECT role, COUNT(*) FROM evaluation_responses WHERE evaluation_id = ? GROUP BY role`, evaluationID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r Role
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if rc := roles[r]; rc != nil {
			rc.Responded = n
			rc.Invited = max(rc.Invited, n)
		}
		res.Responded += n
	}
	rows.Close()
	res.Invited = 0
	for _, r := range Roles() {
		res.ByRole = append(res.ByRole, *roles[r])
		res.Invited += roles[r].Invited
	}

	qs, err := s.Questions(ctx, evaluationID)
	if err != nil {
		return nil, err
	}
	idx := map[int64]*QuestionResult{}
	res.Questions = make([]QuestionResult, len(qs))
	for i, q := range qs {
		res.Questions[i] = QuestionResult{Question: q}
		for _, c := range q.Choices {
			res.Questions[i].Choices = append(res.Questions[i].Choices, ChoiceCount{Choice: c})
		}
		idx[q.ID] = &res.Questions[i]
	}
	rows, err = s.DB.Query(ctx, `SELECT a.question_id, a.scale, a.text, r.respondent FROM evaluation_answers a
		JOIN evaluation_responses r ON r.id = a.response_id WHERE r.evaluation_id = ? ORDER BY r.submitted_at, r.id`, evaluationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[int64]int{}
	for rows.Next() {
		var qid int64
		var scale sql.NullInt64
		var text, who string
		if err := rows.Scan(&qid, &scale, &text, &who); err != nil {
			return nil, err
		}
		q := idx[qid]
		if q == nil {
			continue
		}
		q.Answered++
		switch {
		case q.Kind == KindScale && scale.Valid && scale.Int64 >= 1 && scale.Int64 <= 5:
			q.Dist[scale.Int64-1]++
			sums[qid] += int(scale.Int64)
		case q.Kind == KindChoice:
			for i := range q.Choices {
				if q.Choices[i].Choice == text {
					q.Choices[i].N++
				}
			}
		case text != "":
			q.Open = append(q.Open, OpenAnswer{Text: text, Respondent: who})
		}
	}
	for i := range res.Questions {
		q := &res.Questions[i]
		if q.Kind == KindScale && q.Answered > 0 {
			q.Mean = float64(sums[q.ID]) / float64(q.Answered)
		}
	}
	return res, rows.Err()
}

// WriteCSV writes every answer as a row: response, role, respondent (empty
// when anonymous), time, question, answer. Cells are formula-safe.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, hackathonID, evaluationID int64, zone *time.Location) error {
	if _, err := s.Get(ctx, hackathonID, evaluationID); err != nil {
		return err
	}
	rows, err := s.DB.Query(ctx, `SELECT r.id, r.role, r.respondent, r.submitted_at, q.text, q.kind, a.scale, a.text FROM evaluation_answers a
		JOIN evaluation_responses r ON r.id = a.response_id JOIN evaluation_questions q ON q.id = a.question_id
		WHERE r.evaluation_id = ? ORDER BY r.id, q.role, q.position`, evaluationID)
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	cw.Write([]string{"response", "role", "respondent", "submitted_at", "question", "answer"})
	for rows.Next() {
		var id int64
		var role, who, qtext, kind, text string
		var at time.Time
		var scale sql.NullInt64
		if err := rows.Scan(&id, &role, &who, &at, &qtext, &kind, &scale, &text); err != nil {
			return err
		}
		answer := text
		if scale.Valid {
			answer = fmt.Sprint(scale.Int64)
		}
		if zone == nil {
			zone = time.UTC
		}
		cw.Write([]string{fmt.Sprint(id), role, sheet.SafeCell(who), at.In(zone).Format("2006-01-02 15:04"), sheet.SafeCell(qtext), sheet.SafeCell(answer)})
	}
	cw.Flush()
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Error()
}
