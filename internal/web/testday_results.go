package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/testday"
)

func resultsPath(hid int64, sub string) string { return hackathonPath(hid, "/results"+sub) }

// resultsMatrix is the live matrix: participants × scenarios per day, day
// N beside day 1, with progress per role.
func (p *testdayPages) resultsMatrix(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	m, err := p.svc.ResultsMatrix(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	pairs, err := p.svc.Pairs(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = i18n.T(v.Lang, "results.title")
	v.D["M"], v.D["Pairs"] = m, pairs
	p.render(w, http.StatusOK, "results", v)
}

func (p *testdayPages) resultsCSV(w http.ResponseWriter, r *http.Request) {
	httpx.Attachment(w, "text/csv; charset=utf-8", "resultaten.csv")
	if err := p.svc.WriteResultsCSV(r.Context(), httpx.From(r).HackathonID, w); err != nil {
		p.fail(w, r, err)
	}
}

func (p *testdayPages) resultsAutofill(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if _, err := p.svc.AutoFill(r.Context(), rq.HackathonID, rq.UserID()); err != nil {
		p.fail(w, r, err)
		return
	}
	flash(w, "results.flash.filled")
	redirect(w, r, resultsPath(rq.HackathonID, ""))
}

// mayRecord: organisers and the logging team record for any pair, a
// participant only for a pair it takes part in (else 404, as if unknown).
func (p *testdayPages) mayRecord(ctx context.Context, rq *httpx.Request, pairID int64) error {
	if rq.Can(authz.ScheduleView) {
		return nil
	}
	org, err := p.svc.OrgOfMember(ctx, rq.HackathonID, rq.UserID())
	if err != nil {
		return err
	}
	in, err := p.svc.InPair(ctx, rq.HackathonID, pairID, org)
	if err != nil || !in {
		return apperr.ErrNotFound
	}
	return nil
}

// pairResults is the results form of one pair: every step of the final
// scenarios of its data service, with "log finding" on failed steps.
func (p *testdayPages) pairResults(w http.ResponseWriter, r *http.Request) {
	p.renderPairResults(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderPairResults(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, pid, ok := p.page(w, r, "pid", p.mayRecord)
	if !ok {
		return
	}
	ctx := r.Context()
	pairs, err := p.svc.Pairs(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	var pair *testday.ScheduledPair
	for i := range pairs {
		if pairs[i].ID == pid {
			pair = &pairs[i]
		}
	}
	if pair == nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	scs, err := p.svc.CurrentScenarios(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	var mine []testday.Scenario
	for _, sc := range scs {
		if sc.Status == testday.ScenarioFinal && sc.Service == pair.Service {
			mine = append(mine, sc)
		}
	}
	results, err := p.svc.Results(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	byStep := map[int64]testday.Result{}
	for _, res := range results {
		if res.PairID == pid {
			byStep[res.StepID] = res
		}
	}
	findings, err := p.svc.FindingsOfRound(ctx, v.Hackathon.ID, pair.Round.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = pair.PGOName + " × " + pair.DVAName
	v.D["Pair"], v.D["Scenarios"], v.D["ByStep"], v.D["Findings"], v.D["Outcomes"] = pair, mine, byStep, findings, testday.ResultOutcomes()
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "results_pair", v)
}

func (p *testdayPages) resultRecord(w http.ResponseWriter, r *http.Request) {
	rq, pid, ok := p.action(w, r, "pid", p.mayRecord)
	if !ok {
		return
	}
	in := testday.ResultInput{PairID: pid, Outcome: r.PostForm.Get("outcome"), Note: r.PostForm.Get("note"), EvidenceURL: r.PostForm.Get("evidence_url")}
	in.StepID, _ = strconv.ParseInt(r.PostForm.Get("step_id"), 10, 64)
	_, err := p.svc.RecordResult(r.Context(), rq.HackathonID, in, rq.UserID())
	if fs := apperr.Fields(err); len(fs) > 0 && fs[0].Field == "pair_id" {
		p.errorPage(w, r, http.StatusBadRequest, err) // no pair page to show the message on
		return
	}
	p.done(w, r, err, p.renderPairResults, resultsPath(rq.HackathonID, "/pairs/"+strconv.FormatInt(pid, 10)), "rounds.flash.saved")
}

func (p *testdayPages) resultReview(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	res, err := p.svc.ReviewResult(r.Context(), rq.HackathonID, id, r.PostForm.Get("review"), rq.UserID())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	flash(w, "rounds.flash.saved")
	redirect(w, r, resultsPath(rq.HackathonID, "/pairs/"+strconv.FormatInt(res.PairID, 10)))
}
