package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/testday"
)

var errNoTable = fmt.Errorf("table %w", apperr.ErrNotFound)

func roundsPath(hid int64, sub string) string { return hackathonPath(hid, "/rounds"+sub) }

// rounds is the schedule: rounds per day, the pairs per round with their
// table, the generator and the early warnings.
func (p *testdayPages) rounds(w http.ResponseWriter, r *http.Request) {
	p.renderRounds(w, r, http.StatusOK, nil, nil)
}

func (p *testdayPages) renderRounds(w http.ResponseWriter, r *http.Request, status int, formErr error, gen *testday.GenerateResult) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rounds, err := p.svc.Rounds(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	pairs, err := p.svc.Pairs(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ws, err := p.svc.Warnings(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	parts, err := p.svc.Participants(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	byRound := map[int64][]testday.ScheduledPair{}
	for _, sp := range pairs {
		byRound[sp.Round.ID] = append(byRound[sp.Round.ID], sp)
	}
	v.Title = i18n.T(v.Lang, "rounds.title")
	v.D["Rounds"], v.D["ByRound"], v.D["Warnings"], v.D["Parts"], v.D["Gen"] = rounds, byRound, ws, parts, gen
	v.D["Days"] = v.Hackathon.Days
	if v.D["ExtraDays"], err = p.svc.ExtraDays(ctx, v.Hackathon.ID); err != nil {
		p.fail(w, r, err)
		return
	}
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "rounds", v)
}

// reRounds shows the schedule again with a form's error.
func (p *testdayPages) reRounds(w http.ResponseWriter, r *http.Request, status int, err error) {
	p.renderRounds(w, r, status, err, nil)
}

func (p *testdayPages) roundAdd(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	day, _ := strconv.Atoi(r.PostForm.Get("day_number"))
	_, err := p.svc.AddRound(r.Context(), rq.HackathonID, testday.RoundInput{Day: day, Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), Label: r.PostForm.Get("label")}, rq.UserID())
	p.done(w, r, err, p.reRounds,
		roundsPath(rq.HackathonID, ""), "rounds.flash.saved")
}

func (p *testdayPages) roundDelete(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	err := p.svc.DeleteRound(r.Context(), rq.HackathonID, id, rq.UserID())
	p.done(w, r, err, p.reRounds,
		roundsPath(rq.HackathonID, ""), "snelcheck.flash.deleted")
}

// generate runs the pairing generator and shows what it could not place.
func (p *testdayPages) generate(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	tables, _ := strconv.Atoi(r.PostForm.Get("tables"))
	res, err := p.svc.Generate(r.Context(), rq.HackathonID, tables, rq.UserID())
	if err != nil {
		p.done(w, r, err, p.reRounds, "", "")
		return
	}
	p.renderRounds(w, r, http.StatusOK, nil, &res)
}

func (p *testdayPages) pairAdd(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	var in testday.PairInput
	in.RoundID, _ = strconv.ParseInt(r.PostForm.Get("round_id"), 10, 64)
	in.PGO, _ = strconv.ParseInt(r.PostForm.Get("pgo_organisation_id"), 10, 64)
	in.DVA, _ = strconv.ParseInt(r.PostForm.Get("dva_organisation_id"), 10, 64)
	in.Table, _ = strconv.Atoi(r.PostForm.Get("table"))
	_, err := p.svc.AddPair(r.Context(), rq.HackathonID, in, rq.UserID())
	p.done(w, r, err, p.reRounds,
		roundsPath(rq.HackathonID, ""), "rounds.flash.saved")
}

func (p *testdayPages) pairDelete(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	err := p.svc.DeletePair(r.Context(), rq.HackathonID, id, rq.UserID())
	p.done(w, r, err, p.reRounds,
		roundsPath(rq.HackathonID, ""), "snelcheck.flash.deleted")
}

func (p *testdayPages) publish(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.PublishLayout(r.Context(), rq.HackathonID, rq.UserID())
	p.done(w, r, err, p.reRounds,
		roundsPath(rq.HackathonID, "/layout"), "rounds.flash.published")
}

// layout is the printable table layout: per round, which pair sits at
// which table, with seats, power and the logging-team member.
func (p *testdayPages) layout(w http.ResponseWriter, r *http.Request) {
	p.renderLayout(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderLayout(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rounds, err := p.svc.Rounds(ctx, v.Hackathon.ID)
	if err == nil {
		var pairs []testday.ScheduledPair
		pairs, err = p.svc.Pairs(ctx, v.Hackathon.ID)
		byRound := map[int64]map[int]testday.ScheduledPair{}
		for _, sp := range pairs {
			if byRound[sp.Round.ID] == nil {
				byRound[sp.Round.ID] = map[int]testday.ScheduledPair{}
			}
			byRound[sp.Round.ID][sp.Table] = sp
		}
		v.D["ByRound"] = byRound
	}
	if err == nil {
		v.D["Tables"], err = p.svc.Tables(ctx, v.Hackathon.ID)
	}
	if err == nil && v.Req.Can(authz.ScheduleEdit) {
		v.D["Team"], err = p.svc.LoggingTeam(ctx, v.Hackathon.ID)
	}
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = i18n.T(v.Lang, "rounds.layout")
	v.D["Rounds"] = rounds
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "rounds_layout", v)
}

// tableSave sets a table's seats, power and logging-team member (or adds
// a table).
func (p *testdayPages) tableSave(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	var in testday.TableInput
	var err error
	if in.No, err = strconv.Atoi(r.PostForm.Get("table")); err != nil {
		in.No = -1 // refused naming the field
	}
	if in.Seats, err = strconv.Atoi(r.PostForm.Get("seats")); err != nil {
		in.Seats = -1
	}
	in.Power = r.PostForm.Get("power") != ""
	in.LoggerID, _ = strconv.ParseInt(r.PostForm.Get("logger_id"), 10, 64)
	_, err = p.svc.SaveTable(r.Context(), rq.HackathonID, in, rq.UserID())
	p.done(w, r, err, p.renderLayout, roundsPath(rq.HackathonID, "/layout"), "rounds.flash.saved")
}

func (p *testdayPages) tableDelete(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil || no < 1 {
		p.fail(w, r, errNoTable)
		return
	}
	err = p.svc.DeleteTable(r.Context(), rq.HackathonID, no, rq.UserID())
	p.done(w, r, err, p.renderLayout, roundsPath(rq.HackathonID, "/layout"), "snelcheck.flash.deleted")
}

// participantSchedule is one organisation's own schedule, as the
// organisers see it (printable).
func (p *testdayPages) participantSchedule(w http.ResponseWriter, r *http.Request) {
	oid, ok := p.pathID(w, r, "oid")
	if !ok {
		return
	}
	p.renderSchedule(w, r, oid, roundsPath(httpx.From(r).HackathonID, "/participants/"+strconv.FormatInt(oid, 10)+"/schedule.ics"))
}

func (p *testdayPages) renderSchedule(w http.ResponseWriter, r *http.Request, oid int64, icsURL string) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	part, err := p.svc.Participant(r.Context(), v.Hackathon.ID, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	sched, err := p.svc.Schedule(r.Context(), v.Hackathon.ID, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = part.Name + " — " + i18n.T(v.Lang, "rounds.schedule")
	v.D["P"], v.D["Schedule"], v.D["ICS"] = part, sched, icsURL
	p.render(w, http.StatusOK, "rounds_schedule", v)
}

func (p *testdayPages) participantICS(w http.ResponseWriter, r *http.Request) {
	oid, ok := p.pathID(w, r, "oid")
	if !ok {
		return
	}
	p.writeICS(w, r, oid)
}

func (p *testdayPages) mineICS(w http.ResponseWriter, r *http.Request) {
	org, err := p.myOrg(r)
	if err != nil || org == 0 {
		p.errorPage(w, r, http.StatusNotFound, errNoOrg)
		return
	}
	p.writeICS(w, r, org)
}

func (p *testdayPages) writeICS(w http.ResponseWriter, r *http.Request, oid int64) {
	ctx, hid := r.Context(), httpx.From(r).HackathonID
	h, err := p.Hackathons.Get(ctx, hid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	part, err := p.svc.Participant(ctx, hid, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	sched, err := p.svc.Schedule(ctx, hid, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	httpx.Attachment(w, "text/calendar; charset=utf-8", "schedule.ics")
	w.Write([]byte(testday.ScheduleICS(h.Name, h.Location, part.Name, sched, p.svc.Now())))
}

// dayRerun re-runs the automated snelcheck before an extra day (7A).
func (p *testdayPages) dayRerun(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	day, err := strconv.Atoi(r.PathValue("day"))
	if err != nil {
		day = 0 // refused naming the field
	}
	_, err = p.svc.RerunForDay(r.Context(), rq.HackathonID, day, rq.UserID())
	p.done(w, r, err, p.reRounds, roundsPath(rq.HackathonID, "#extra-days"), "snelcheck.flash.ran")
}
