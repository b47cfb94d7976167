package web

import (
	"context"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/testday"
)

func resultsPath(hid int64, sub string) string { return hackathonPath(hid, "/results"+sub) }

// resultsMatrix is the live matrix: participants × scenarios per day, day
// N beside day 1, with progress per role.
func (p *testdayPages) resultsMatrix(w http.ResponseWriter, r *http.Request) {
	v, _, ok := p.page(w, r, "")
	if !ok {
		return
	}
	m, err := p.svc.ResultsMatrix(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	days := make([]matrixDay, len(m.Days))
	for i, d := range m.Days {
		days[i] = matrixDay{DayMatrix: d, Rows: make([]matrixRow, len(d.Rows))}
		for j, row := range d.Rows {
			days[i].Rows[j] = matrixRow{Name: row.Name, Role: string(row.Role), Cells: cellsHTML(row.Cells)}
		}
	}
	v.Title = i18n.T(v.Lang, "results.title")
	v.D["M"], v.D["Days"], v.D["Pairs"] = m, days, m.Pairs
	p.render(w, http.StatusOK, "results", v)
}

// matrixDay and matrixRow are a day of the matrix page with each row's
// cells rendered once in Go: 100 participants × 30 scenarios × 2 days are
// 6,000 cells, too many to evaluate one by one in the template engine.
type matrixDay struct {
	testday.DayMatrix
	Rows []matrixRow
}

type matrixRow struct {
	Name, Role string
	Cells      template.HTML
}

// cellsHTML renders a row's cells: only numbers and fixed class names, no
// text from users, so nothing needs escaping.
func cellsHTML(cells []testday.Cell) template.HTML {
	var b []byte
	for _, c := range cells {
		if c.Total == 0 {
			b = append(b, "<td>–</td>"...)
			continue
		}
		b = append(b, `<td><span class="status`...)
		switch c.Status() {
		case "passed":
			b = append(b, " run-passed"...)
		case "failed":
			b = append(b, " run-failed"...)
		case "partial":
			b = append(b, " run-running"...)
		}
		b = append(b, `">`...)
		b = strconv.AppendInt(b, int64(c.Recorded), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(c.Total), 10)
		b = append(b, "</span></td>"...)
	}
	return template.HTML(b)
}

// resultsExport downloads every result as CSV or XLSX, Dutch column names
// and labels, formula-safe cells.
func (p *testdayPages) resultsExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hid := httpx.From(r).HackathonID
		rows, err := p.svc.ResultsRows(r.Context(), hid)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		writeSheet(w, "resultaten-"+strconv.FormatInt(hid, 10), format, participant.Sheet{Title: "Resultaten", Header: testday.ResultsHeader, Rows: rows})
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
	shots, err := p.svc.Screenshots(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.D["Shots"] = shots
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

// resultOfPath is the access check of a result's pages: the result must be
// of this hackathon and the requester may record for its pair.
func (p *testdayPages) resultOfPath(ctx context.Context, rq *httpx.Request, id int64) error {
	res, err := p.svc.ResultByID(ctx, rq.HackathonID, id)
	if err != nil {
		return err
	}
	return p.mayRecord(ctx, rq, res.PairID)
}

// screenshotAdd keeps an uploaded PNG or JPEG as evidence of a result.
func (p *testdayPages) screenshotAdd(w http.ResponseWriter, r *http.Request) {
	id, ok := p.pathID(w, r, "id", p.resultOfPath)
	if !ok {
		return
	}
	rq := httpx.From(r)
	res, err := p.svc.ResultByID(r.Context(), rq.HackathonID, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	r.SetPathValue("pid", strconv.FormatInt(res.PairID, 10)) // the pair page shows the form's error
	r.Body = http.MaxBytesReader(w, r.Body, testday.MaxScreenshotBytes+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		p.renderPairResults(w, r, http.StatusBadRequest, apperr.Field("screenshot", "at most 5 MiB"))
		return
	}
	f, hdr, err := r.FormFile("screenshot")
	if err != nil {
		p.renderPairResults(w, r, http.StatusBadRequest, apperr.Field("screenshot", "choose a PNG or JPEG image"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, testday.MaxScreenshotBytes+1))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	_, err = p.svc.AddScreenshot(r.Context(), rq.HackathonID, id, hdr.Filename, data, rq.UserID())
	p.done(w, r, err, p.renderPairResults, resultsPath(rq.HackathonID, "/pairs/"+strconv.FormatInt(res.PairID, 10)), "results.flash.screenshot")
}

// screenshot serves a screenshot as the image it was sniffed to be, never
// as anything a browser would run.
func (p *testdayPages) screenshot(w http.ResponseWriter, r *http.Request) {
	id, ok := p.pathID(w, r, "id")
	if !ok {
		return
	}
	rq := httpx.From(r)
	sh, pairID, data, err := p.svc.ScreenshotFile(r.Context(), rq.HackathonID, id)
	if err == nil {
		err = p.mayRecord(r.Context(), rq, pairID)
	}
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if sh.ContentType != "image/png" && sh.ContentType != "image/jpeg" {
		p.fail(w, r, apperr.ErrNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", sh.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": sh.FileName}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
