package web

import (
	"net/http"
	"strconv"
)

// feedbackDay sends every participating organisation its own feedback on
// a test day (6B): its findings, results and open actions of that day.
func (p *testdayPages) feedbackDay(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	day, err := strconv.Atoi(r.PathValue("day"))
	if err != nil {
		day = 0 // refused naming the field
	}
	_, err = p.svc.SendFeedback(r.Context(), rq.HackathonID, day, p.linkBase(r), rq.UserID())
	p.done(w, r, err, p.reRounds, roundsPath(rq.HackathonID, "#feedback-days"), "rounds.flash.feedback_sent")
}
